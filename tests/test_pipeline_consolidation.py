"""Consolidation end to end: first reports, then second reports of their happenings, through the CLI.

The texts in ``tests/data`` were written for these tests; their people are invented.
``first-reports`` holds a wire report of a beating at a May Day march in Shymkent and a later
report of one victim's detention. ``second-reports`` holds a differently worded NGO account of
the beating (with another spelling of the other victim's name), and two reports of one detention
in Aktobe that disagree on how many were held ("30" against "more than 100").
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import create_engine, select

from khronika import pipeline
from khronika.cli import main
from khronika.settings import ConsolidationSettings, Settings
from khronika.store import Store, rows, schema

DATA = Path(__file__).resolve().parent / "data"
FIRST = DATA / "first-reports"
SECOND = DATA / "second-reports"

pytestmark = pytest.mark.model

Happenings = list[dict[str, Any]]


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def export(db: str, *args: str) -> Happenings:
    result = run("export", "--db", db, *args)
    return [json.loads(line) for line in result.stdout.splitlines()]


def ingest(folder: Path, db: str) -> None:
    result = run("ingest", str(folder), "--meta", str(folder / "meta.jsonl"), "--db", db)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def store(module_db_url: str) -> tuple[str, Happenings]:
    """The store after both ingests (on each backend), and the happenings after the first."""
    path = module_db_url
    ingest(FIRST, path)
    before = export(path)
    ingest(SECOND, path)
    return path, before


@pytest.fixture(scope="module")
def db(store: tuple[str, Happenings]) -> str:
    return store[0]


@pytest.fixture(scope="module")
def happenings(db: str) -> Happenings:
    return export(db)


def the_beating(happenings: Happenings) -> dict[str, Any]:
    [beating] = [h for h in happenings if "mayday-shymkent-ngo.txt" in h["sources"]]
    return beating


def test_a_second_report_of_a_happening_joins_its_cluster(happenings: Happenings) -> None:
    beating = the_beating(happenings)

    assert beating["type"] == "assault"
    assert beating["sources"] == ["mayday-shymkent-ngo.txt", "mayday-shymkent-wire.txt"]
    assert {e["doc"] for e in beating["evidence"]} == set(beating["sources"])
    assert beating["date"]["start"] == "2024-05-01"
    assert beating["location"]["name"] == "Shymkent"


def test_the_joined_cluster_keeps_the_id_it_had_before(
    store: tuple[str, Happenings], happenings: Happenings
) -> None:
    _, before = store
    beating = the_beating(happenings)

    [earlier] = [h for h in before if set(h["reports"]) & set(beating["reports"])]
    assert earlier["id"] == beating["id"]
    assert earlier["sources"] == ["mayday-shymkent-wire.txt"]


def test_two_spellings_of_one_person_are_one_registry_person(
    db: str, happenings: Happenings
) -> None:
    victims = [a for a in the_beating(happenings)["actors"] if a["kind"] == "person"]

    entities = {a["name"]: a["entity"] for a in victims}
    assert set(entities) == {"Daniyar Ospanov", "Saule Temirbayeva"}
    [line] = [row for row in run("people", "--db", db).stdout.splitlines() if "Saule" in row]
    assert "Temirbaeva" in line and "Temirbayeva" in line
    assert entities["Saule Temirbayeva"] in line


def test_person_timeline_spans_two_documents(db: str) -> None:
    result = run("person", "Ospanov", "--db", db)

    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Daniyar Ospanov (person, pe_")
    [beaten, detained] = lines[1:]
    assert "2024-05-01" in beaten and "assault" in beaten and "beaten" in beaten
    assert "mayday-shymkent-wire.txt" in beaten
    assert "2024-06-11" in detained and "detention" in detained and "detained" in detained
    assert "ospanov-detained.txt" in detained


def test_a_disputed_count_keeps_both_sources(happenings: Happenings) -> None:
    [held] = [h for h in happenings if "counts.detained" in h["disputed"]]

    assert held["location"]["name"] == "Aktobe"
    claims = {c["doc"]: c["value"] for c in held["claims"]["counts"]["detained"]}
    assert claims["aktobe-detentions-ministry.txt"]["min"] == 30
    assert claims["aktobe-detentions-monitors.txt"]["min"] == 101
    assert claims["aktobe-detentions-monitors.txt"]["max"] is None
    assert held["counts"]["detained"]["min"] == 30  # the conservative figure leads


def test_csv_marks_the_disputed_field(db: str) -> None:
    rows = list(csv.DictReader(io.StringIO(run("export", "--format", "csv", "--db", db).stdout)))

    assert [r["disputed"] for r in rows if r["disputed"]] == ["counts.detained"]
    assert max(int(r["n_sources"]) for r in rows) == 2


def test_the_second_ingest_consolidated_incrementally_as_a_full_run_would(
    db: str, happenings: Happenings, copy_store: Callable[[str], str]
) -> None:
    # The second ingest found a consolidated store: only the happenings its reports could
    # join were consolidated again. A full run on a copy must change nothing.
    copy = copy_store(db)
    assert run("consolidate", "--db", copy).exit_code == 0

    assert export(copy) == happenings


def test_consolidating_again_keeps_every_id(db: str, happenings: Happenings) -> None:
    assert run("consolidate", "--db", db).exit_code == 0

    again = export(db)
    assert sorted(h["id"] for h in again) == sorted(h["id"] for h in happenings)


def test_reports_flag_lists_per_document_events(db: str, happenings: Happenings) -> None:
    reports = export(db, "--reports")

    assert len(reports) == sum(len(h["reports"]) for h in happenings)
    assert len(reports) > len(happenings)


@pytest.mark.parametrize("incremental", [True, False])
def test_a_setting_forces_the_second_ingest_to_consolidate_in_full(
    incremental: bool, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    later = "2030-01-01T00:00:00+00:00"
    consolidation = ConsolidationSettings(incremental=incremental)
    settings = Settings(db_url=db_url, consolidation=consolidation)
    with Store.open(db_url) as store:
        pipeline.ingest([FIRST], store, settings, meta_file=FIRST / "meta.jsonl")
        monkeypatch.setattr(rows, "now", lambda: later)  # what a rewritten row carries
        pipeline.ingest([SECOND], store, settings, meta_file=SECOND / "meta.jsonl")
    engine = create_engine(db_url)
    with engine.connect() as connection:
        stamps = dict(
            connection.execute(select(schema.clusters.c.id, schema.clusters.c.updated_at)).all()
        )
    engine.dispose()
    # Only a full run rewrites the happening no second report joined.
    assert (later in stamps.values()) and (set(stamps.values()) == {later}) != incremental
