"""``khronika check``: a store is verified, repaired where it can be, one line per problem, the
same on SQLite and PostgreSQL (``db_url``: each test runs on both)."""

from __future__ import annotations

from pathlib import Path

from backends import keys_off
from click.testing import CliRunner
from sqlalchemy import delete, update

from khronika import pipeline
from khronika.cli import main
from khronika.settings import Settings
from khronika.store import Store, schema

REPORT = (
    "Police detained the blogger Marat Seitkali in Shymkent on 2 February after he filmed a "
    "picket outside the regional court.\n"
)


def ingested(tmp_path: Path, db: str) -> str:
    (tmp_path / "wire.txt").write_text(REPORT, encoding="utf-8")
    with Store.open(db) as store:
        assert not pipeline.ingest([tmp_path / "wire.txt"], store, Settings()).failed
    return db


def check(db: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "--db", db, *args])
    return result.exit_code, result.stderr


def test_a_sound_store_checks_clean(tmp_path: Path, db_url: str) -> None:
    code, said = check(ingested(tmp_path, db_url))
    assert (code, said.strip()) == (0, "0 problem(s) repaired, 0 left")


def test_reports_left_out_of_every_happening_are_consolidated_again(
    tmp_path: Path, db_url: str
) -> None:
    db = ingested(tmp_path, db_url)
    with Store.open(db) as store:
        store.save_consolidation([], [], [])  # as if an interrupted run had lost them
        assert store.unclustered_reports()
    code, said = check(db, "--no-repair")
    assert code == 1 and "error: consolidation: 2 report(s) in no happening" in said
    code, said = check(db)
    assert code == 0 and "repaired: consolidation: 2 report(s) in no happening" in said
    assert check(db)[0] == 0


def test_a_quote_that_is_not_the_text_is_extracted_again(tmp_path: Path, db_url: str) -> None:
    db = ingested(tmp_path, db_url)
    with Store.open(db) as store, store._write("tampering") as connection:
        connection.execute(update(schema.evidence).values(start=schema.evidence.c.start + 1))
    code, said = check(db)
    assert code == 0
    assert "repaired: wire.txt: 2 quote(s) not equal to the text at their offsets" in said
    with Store.open(db) as store:
        assert store.misquoted_documents() == {}


def test_reports_whose_document_is_gone_are_an_error_left_as_it_is(
    tmp_path: Path, db_url: str
) -> None:
    db = ingested(tmp_path, db_url)
    with Store.open(db) as store:
        reports = [event.id for event in store.events()]
    with keys_off(db) as connection:  # as a hand edit or a restore without key checks could
        connection.execute(delete(schema.documents))
    code, said = check(db)
    assert code == 1
    for report in reports:
        line = f"error: integrity: events row {report} points to a missing documents (doc wire.txt)"
        assert line in said
    assert said.strip().endswith(f"0 problem(s) repaired, {len(reports) + 1} left")
