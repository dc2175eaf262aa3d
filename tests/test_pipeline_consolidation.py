"""Consolidation end to end: the seeds, plus second reports of their happenings, through the CLI.

``tests/data/second-reports`` holds three short texts written for these tests: a differently
worded account of the May Day beating that seed 000 reports (with another spelling of one
victim's name), and two reports of one detention that disagree on how many were held.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from khronika.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
SECOND = ROOT / "tests" / "data" / "second-reports"

pytestmark = pytest.mark.model


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SEEDS.is_dir():
        pytest.skip("the shared corpus is not beside the checkout")
    path = tmp_path_factory.mktemp("consolidated") / "k.db"
    assert run("ingest", str(SEEDS), "--db", str(path)).exit_code == 0
    result = run("ingest", str(SECOND), "--meta", str(SECOND / "meta.jsonl"), "--db", str(path))
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def happenings(db: Path) -> list[dict[str, Any]]:
    result = run("export", "--db", str(db))
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_a_second_report_of_a_seed_event_joins_its_cluster(
    happenings: list[dict[str, Any]],
) -> None:
    joined = [
        h
        for h in happenings
        if "mayday-almaty-ngo.txt" in h["sources"]
        and any(s.startswith("000_") for s in h["sources"])
    ]
    assert len(joined) == 1
    [cluster] = joined
    assert cluster["type"] == "assault"
    assert {e["doc"] for e in cluster["evidence"]} == set(cluster["sources"])
    spellings = {a["name"] for a in cluster["actors"] if a["kind"] == "person"}
    assert len(spellings) == 1  # Ukteshbaeva and Ukteshbayeva are one person


def test_person_timeline_spans_two_seeds(db: Path) -> None:
    result = run("person", "Kurmanov", "--db", str(db))

    assert result.exit_code == 0
    assert "Ainur Kurmanov" in result.stdout
    assert "000_878714ccbff6d6ed.txt" in result.stdout
    assert "002_507dc796c5e600d4.txt" in result.stdout


def test_a_disputed_count_keeps_both_sources(happenings: list[dict[str, Any]]) -> None:
    [held] = [h for h in happenings if "counts.detained" in h["disputed"]]

    claims = held["claims"]["counts"]["detained"]
    assert {c["doc"] for c in claims} == {
        "almaty-detentions-ministry.txt",
        "almaty-detentions-monitors.txt",
    }
    assert held["counts"]["detained"]["min"] == 30  # the conservative figure leads


def test_csv_marks_the_disputed_field(db: Path) -> None:
    rows = list(
        csv.DictReader(io.StringIO(run("export", "--format", "csv", "--db", str(db)).stdout))
    )

    assert [r["disputed"] for r in rows if r["disputed"]] == ["counts.detained"]
    assert max(int(r["n_sources"]) for r in rows) == 2


def test_consolidating_again_keeps_every_id(db: Path, happenings: list[dict[str, Any]]) -> None:
    assert run("consolidate", "--db", str(db)).exit_code == 0

    again = [json.loads(line) for line in run("export", "--db", str(db)).stdout.splitlines()]
    assert sorted(h["id"] for h in again) == sorted(h["id"] for h in happenings)


def test_reports_flag_lists_per_document_events(db: Path, happenings: list[dict[str, Any]]) -> None:
    reports = run("export", "--reports", "--db", str(db)).stdout.splitlines()

    assert len(reports) == sum(len(h["reports"]) for h in happenings)
    assert len(reports) > len(happenings)


def test_people_lists_the_registry(db: Path) -> None:
    result = run("people", "--kind", "person", "--db", str(db))

    assert "Bakhytgul" in result.stdout
    assert "Ukteshbaeva" in result.stdout and "Ukteshbayeva" in result.stdout
