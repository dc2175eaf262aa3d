"""``khronika check``: a store is verified, repaired where it can be, one line per problem."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import update

from khronika import pipeline
from khronika.cli import main
from khronika.settings import Settings
from khronika.store import Store, schema

REPORT = (
    "Police detained the blogger Marat Seitkali in Shymkent on 2 February after he filmed a "
    "picket outside the regional court.\n"
)


def ingested(tmp_path: Path) -> Path:
    (tmp_path / "wire.txt").write_text(REPORT, encoding="utf-8")
    db = tmp_path / "k.db"
    with Store.open(f"sqlite:///{db}") as store:
        assert not pipeline.ingest([tmp_path / "wire.txt"], store, Settings()).failed
    return db


def check(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "--db", str(db), *args])
    return result.exit_code, result.stderr


def test_a_sound_store_checks_clean(tmp_path: Path) -> None:
    code, said = check(ingested(tmp_path))
    assert (code, said.strip()) == (0, "0 problem(s) repaired, 0 left")


def test_reports_left_out_of_every_happening_are_consolidated_again(tmp_path: Path) -> None:
    db = ingested(tmp_path)
    with Store.open(f"sqlite:///{db}") as store:
        store.save_consolidation([], [], [])  # as if an interrupted run had lost them
        assert store.unclustered_reports()
    code, said = check(db, "--no-repair")
    assert code == 1 and "error: consolidation: 2 report(s) in no happening" in said
    code, said = check(db)
    assert code == 0 and "repaired: consolidation: 2 report(s) in no happening" in said
    assert check(db)[0] == 0


def test_a_quote_that_is_not_the_text_is_extracted_again(tmp_path: Path) -> None:
    db = ingested(tmp_path)
    with Store.open(f"sqlite:///{db}") as store, store._write("tampering") as connection:
        connection.execute(update(schema.evidence).values(start=schema.evidence.c.start + 1))
    code, said = check(db)
    assert code == 0
    assert "repaired: wire.txt: 2 quote(s) not equal to the text at their offsets" in said
    with Store.open(f"sqlite:///{db}") as store:
        assert store.misquoted_documents() == {}
