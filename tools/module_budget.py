"""The module budget: no Python module of the package over MAX_LINES lines.

Run by `.ci/run`. A module that grows past the budget is a sign that it holds two things; split it
along its seams rather than raising the number.
"""

from __future__ import annotations

import sys
from pathlib import Path

MAX_LINES = 800


def oversized(root: Path, limit: int = MAX_LINES) -> list[tuple[Path, int]]:
    """Every ``*.py`` under root longer than limit, with its line count, largest first."""
    sizes = [
        (path, len(path.read_text(encoding="utf-8").splitlines())) for path in root.rglob("*.py")
    ]
    return sorted(((p, n) for p, n in sizes if n > limit), key=lambda item: -item[1])


def main() -> int:
    """Print every module over the budget; exit 1 if there is one."""
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("khronika")
    over = oversized(root)
    for path, lines in over:
        print(f"{path}: {lines} lines, over the {MAX_LINES}-line module budget", file=sys.stderr)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
