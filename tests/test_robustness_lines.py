"""One line per problem, the path as given, and counts that add up."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from sqlalchemy.engine import make_url

from khronika.cli import main

REPORT = (
    "Police detained the blogger Marat Seitkali in Shymkent on 2 February after he filmed a "
    "picket outside the regional court.\n"
)


def test_every_file_lands_in_one_count_with_one_line(tmp_path: Path, db_url: str) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "wire.txt").write_text(REPORT, encoding="utf-8")
    (corpus / "wire-copy.txt").write_text(REPORT, encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "elsewhere.txt").symlink_to(tmp_path)
    db = db_url  # on each backend
    result = CliRunner().invoke(main, ["ingest", str(corpus), "--db", db])
    lines = result.stderr.splitlines()
    assert result.exit_code == 1
    assert f"error: {corpus / 'empty.txt'}: empty file" in lines
    assert f"note: {corpus / 'wire.txt'}: same text as wire-copy.txt, recorded as an alias" in lines
    assert any(
        line.startswith(f"note: {corpus / 'elsewhere.txt'}: symbolic link") for line in lines
    )
    assert lines[-1].startswith(
        "1 document(s) ingested, 0 unchanged, 1 alias(es), 1 failed, 1 skipped, "
    )
    assert lines[-1].endswith(", 1 error(s)")
    where = make_url(db).database  # the SQLite file, or the PostgreSQL database's name
    assert where and not any(where in line for line in lines)
