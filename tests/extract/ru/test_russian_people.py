"""One person reported in English and in Russian is one line of ``khronika people``.

The story: a wire report in English and a local report in Russian tell of the same invented
blogger, the Russian one in oblique cases ('блогера Ерлана Жумабекова', a surname in -ов like
most in the region); after a mixed ingest the registry lists him once, with both spellings.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from khronika.cli import main

pytestmark = pytest.mark.model

WIRE = "Police in Shymkent detained the blogger Yerlan Zhumabekov on 3 March 2025.\n"
LOCAL = (
    "3 марта 2025 года в Шымкенте полиция задержала блогера Ерлана Жумабекова. "
    "Суд арестовал Ерлана Жумабекова на 10 суток.\n"
)


def _run(*args: str) -> str:
    env: dict[str, str | None] = {"COLUMNS": "250", "KHRONIKA_DB": None, "KHRONIKA_DB_URL": None}
    result = CliRunner().invoke(main, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_mixed_ingest_lists_one_person_with_both_spellings(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "wire.txt").write_text(WIRE, encoding="utf-8")
    (folder / "local.txt").write_text(LOCAL, encoding="utf-8")
    db = str(tmp_path / "x.db")
    _run("ingest", str(folder), "--db", db)

    listed = _run("people", "--kind", "person", "--db", db)

    [line] = [row for row in listed.splitlines() if "Zhumabekov" in row or "Жумабеков" in row]
    assert "Yerlan Zhumabekov" in line
    assert "Ерлан Жумабеков" in line
