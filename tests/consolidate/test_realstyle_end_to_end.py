"""Real-style reports end to end: texts of three happenings as different outlets word them (a
weekday against the dateline, a yearless date with no publication date, an undated follow-up,
"Kourmanov"), and a look-alike of each, ingested, extracted and consolidated, then scored
pairwise on the reports of the labelled type of each text (``tests/data/realstyle``, invented
people).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from khronika.cli import main
from khronika.evaluate.pairwise import pairwise_scores
from khronika.store import Store

pytestmark = pytest.mark.model

DATA = Path(__file__).resolve().parents[1] / "data" / "realstyle"

# (document, type of its event) -> the happening it reports; look-alikes are their own.
LABELS = {
    ("wire-almaty.txt", "detention"): "almaty-detentions",
    ("ngo-almaty.txt", "detention"): "almaty-detentions",
    ("wire-almaty-next.txt", "detention"): "almaty-next-day",
    ("court-astana.txt", "legal_action"): "ospan-article-274",
    ("ngo-astana.txt", "legal_action"): "ospan-article-274",
    ("court-astana-second.txt", "legal_action"): "ospan-article-174",
    ("wire-minsk.txt", "assault"): "volkova-beaten",
    ("ngo-minsk.txt", "assault"): "volkova-beaten",
    ("wire-minsk-next.txt", "assault"): "zhuk-beaten",
}


def test_real_style_texts_consolidate_end_to_end(db_url: str) -> None:
    db = db_url  # on each backend
    result = CliRunner().invoke(
        main, ["ingest", str(DATA), "--meta", str(DATA / "meta.jsonl"), "--db", db]
    )
    assert result.exit_code == 0, result.output

    with Store.open(db) as store:
        reports, assignment = store.events(), store.assignment()
    truth = {
        report.id: LABELS[(report.evidence[0].doc, report.type)]
        for report in reports
        if (report.evidence[0].doc, report.type) in LABELS
    }
    precision, recall = pairwise_scores(truth, assignment)

    assert len(set(truth.values())) >= 5, "extraction found most labelled happenings"
    assert precision >= 0.85
    assert recall >= 0.6
