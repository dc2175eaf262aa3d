"""The README's main job on ``examples/``: what a user who has just cloned the repository sees.

The examples are invented reports (examples/README.md): a wire report and an NGO statement of
one detention in Almaty, a court report of a sentence in Shymkent, an HTML page of a strike in
Aktau, a Russian news item (a detention in Oral) and a business item with no event. The job runs
once per backend (``module_db_url``), as .ci/run runs it with ``--db postgresql://...`` too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from khronika.cli import main
from khronika.store import Store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
REPORTS = EXAMPLES / "reports"

pytestmark = pytest.mark.model

Happenings = list[dict[str, Any]]


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def db(module_db_url: str) -> str:
    return module_db_url


@pytest.fixture(scope="module")
def ingested(db: str) -> Result:
    """``khronika ingest examples/reports --meta examples/meta.jsonl``, as the README runs it."""
    return run("ingest", str(REPORTS), "--meta", str(EXAMPLES / "meta.jsonl"), "--db", db)


@pytest.fixture(scope="module")
def happenings(db: str, ingested: Result) -> Happenings:
    return [json.loads(line) for line in run("export", "--db", db).stdout.splitlines()]


def of(happenings: Happenings, doc: str, type_: str) -> list[dict[str, Any]]:
    return [h for h in happenings if doc in h["sources"] and h["type"] == type_]


def person_names(happening: dict[str, Any]) -> set[str]:
    return {a["name"] for a in happening["actors"] if a["kind"] == "person"}


def test_the_main_job_succeeds_and_reads_the_russian_report(ingested: Result) -> None:
    assert ingested.exit_code == 0, ingested.output
    assert "no extractor yet" not in ingested.stderr
    assert "6 document(s) ingested" in ingested.stderr
    assert "0 error(s)" in ingested.stderr


def test_events_prints_the_happenings(db: str, ingested: Result) -> None:
    result = run("events", "--db", db)

    assert result.exit_code == 0
    assert "detention" in result.stdout and "Almaty" in result.stdout


def test_the_russian_report_is_extracted(db: str, ingested: Result) -> None:
    with Store.open(db) as store:
        outcomes = {s.name: s.outcome for s in store.statuses()}

    assert outcomes["ru-zaderzhaniya-uralsk.txt"] == "ok"
    assert outcomes["wire-almaty-rally.txt"] == "ok"
    assert len(outcomes) == 6


def test_the_wire_and_the_ngo_statement_report_one_detention(happenings: Happenings) -> None:
    [detention] = of(happenings, "wire-almaty-rally.txt", "detention")

    assert detention["sources"] == ["ngo-statement-seitkali.txt", "wire-almaty-rally.txt"]
    assert detention["date"]["start"] == "2025-03-15"
    assert detention["location"]["name"] == "Almaty"
    assert detention["location"]["country"] == "KZ"
    assert "Marat Seitkali" in person_names(detention)
    assert detention["counts"]["detained"]["text"] == "dozens"


def test_the_ngo_statement_reports_the_charge(happenings: Happenings) -> None:
    [charge] = [
        h
        for h in of(happenings, "ngo-statement-seitkali.txt", "legal_action")
        if h["subtype"] == "charge"
    ]

    assert charge["date"]["start"] == "2025-03-17"
    assert "Marat Seitkali" in person_names(charge)
    assert charge["charges"] == ["organising an unauthorised mass gathering"]


def test_the_court_report_gives_a_sentence_in_shymkent(happenings: Happenings) -> None:
    [sentence] = [
        h
        for h in of(happenings, "court-sentence-tulegenova.txt", "legal_action")
        if h["subtype"] == "sentence"
    ]

    assert sentence["date"]["start"] == "2025-06-04"
    assert sentence["location"]["name"] == "Shymkent"
    assert "Aigerim Tulegenova" in person_names(sentence)


def test_the_html_page_gives_a_strike_in_aktau(happenings: Happenings) -> None:
    [strike] = of(happenings, "strike-aktau.html", "protest")

    assert strike["subtype"] == "strike"
    assert strike["location"]["name"] == "Aktau"


def test_the_business_item_gives_no_event(happenings: Happenings) -> None:
    sources = {doc for h in happenings for doc in h["sources"]}

    assert "business-grain-exports.txt" not in sources


def test_the_russian_report_gives_a_detention_in_oral(happenings: Happenings) -> None:
    [detention] = of(happenings, "ru-zaderzhaniya-uralsk.txt", "detention")

    assert detention["date"]["start"] == "2025-04-12"  # 'в субботу', published that Saturday
    assert detention["location"]["name"] == "Oral"
    assert detention["location"]["country"] == "KZ"
    assert detention["counts"]["detained"]["min"] == 5  # 'пятерых'
    [evidence] = [e for e in detention["evidence"] if e["doc"] == "ru-zaderzhaniya-uralsk.txt"][:1]
    assert evidence["text"].startswith("В Уральске")


def test_every_example_has_a_metadata_line() -> None:
    lines = (EXAMPLES / "meta.jsonl").read_text(encoding="utf-8").splitlines()
    described = {json.loads(line)["doc"] for line in lines}

    assert described == {p.name for p in REPORTS.iterdir()}


def test_the_examples_gold_file_scores_the_english_reports() -> None:
    result = run(
        "eval",
        str(EXAMPLES / "gold.jsonl"),
        "--corpus",
        str(REPORTS),
        "--meta",
        str(EXAMPLES / "meta.jsonl"),
        "--json",
    )

    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["unscored_docs"] == ["ru-zaderzhaniya-uralsk.txt"]
    assert scores["events"]["gold"] == 11
    # A smoke check, not a gate: the figures that are pinned are the development corpus's.
    assert scores["events"]["f1"] >= 0.8
    assert scores["by_doc"]["business-grain-exports.txt"]["events"]["fp"] == 0
