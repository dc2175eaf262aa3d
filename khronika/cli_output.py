"""Where the commands write: results to stdout, messages and one-line errors to stderr.

Shared by :mod:`khronika.cli` and the command modules it registers (``cli_measure``,
``cli_accounts``), so that every command's errors look the same.
"""

from __future__ import annotations

from rich.console import Console

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str) -> None:
    """Say ``error: message`` on stderr (the caller decides the exit code)."""
    err.print(f"[red]error:[/red] {message}", markup=True, highlight=False)
