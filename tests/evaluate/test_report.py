"""The evaluation report: fixed-width plain tables for people, and every figure as JSON.

The story: a court report and an NGO statement are scored. Gold has a protest and a detention
in the first and nothing in the second; the extractor found the detention (on the wrong day)
and nothing else, and also read a document that gold does not cover.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from khronika.evaluate import GoldDocument, Scores, format_report, score, scores_to_json

DETENTION = {
    "type": "detention",
    "date": {"start": "2023-03-05", "end": "2023-03-05", "precision": "day"},
    "location": {"name": "Taraz", "country": "KZ", "precision": "city"},
    "actors": [{"name": "Dana Ospan", "kind": "person", "role": "target"}],
    "counts": {"detained": {"min": 1, "max": 1}},
}
LATE = {**DETENTION, "date": {"start": "2023-03-06", "end": "2023-03-06", "precision": "day"}}
TEXT = "Dana Ospan was detained in Taraz."


def _scores(*, texts: bool = True) -> Scores:
    gold = [
        GoldDocument("court.txt", date(2023, 3, 7), ({"type": "protest"}, DETENTION)),
        GoldDocument("ngo.txt", None, ()),
    ]
    pred = {**LATE, "evidence": [{"doc": "court.txt", "start": 0, "end": 10, "text": TEXT[:10]}]}
    predicted = {"court.txt": [pred], "stray.txt": []}
    return score(
        gold,
        predicted,
        texts={"court.txt": TEXT} if texts else None,
        same_name=lambda a, b: a == b,
    )


def _row(report: str, label: str) -> list[str]:
    """The cells of the first table row whose first cell is ``label``."""
    for line in report.splitlines():
        if line.strip().startswith(label + "  "):
            return line.split()[len(label.split()) :]
    raise AssertionError(f"no row {label!r} in:\n{report}")


def test_report_summary_rows_give_counts_and_rates() -> None:
    report = format_report(_scores())
    assert _row(report, "event") == ["2", "1", "1", "0", "1", "1.000", "0.500", "0.667"]
    assert _row(report, "strict") == ["2", "1", "0", "1", "2", "0.000", "0.000", "0.000"]


def test_report_shows_field_accuracy_and_n_a_for_what_was_not_measured() -> None:
    report = format_report(_scores())
    assert _row(report, "date") == ["0.000", "1", "matched", "pairs"]
    assert _row(report, "place") == ["1.000", "1", "matched", "pairs"]
    assert _row(report, "counts (gold keys right)") == ["1.000", "1", "gold", "count", "keys"]
    assert _row(report, "actor kind") == ["1.000", "1", "matched", "actors"]
    empty = format_report(score([GoldDocument("ngo.txt", None, ())], {}))
    assert _row(empty, "subtype") == ["n/a", "0", "matched", "pairs"]


def test_report_has_an_evidence_row_only_when_texts_were_given() -> None:
    assert _row(format_report(_scores()), "evidence quotes valid")[:2] == ["1.000", "1"]
    assert "evidence quotes valid" not in format_report(_scores(texts=False))


def test_report_lists_types_in_alphabetical_order_and_documents_in_gold_order() -> None:
    report = format_report(_scores())
    assert report.index("  detention ") < report.index("  protest ")
    assert _row(report, "detention") == ["1", "1", "1", "1.000", "1.000", "1.000", "0"]
    assert _row(report, "protest") == ["1", "0", "0", "0.000", "0.000", "0.000", "0"]
    assert report.index("court.txt") < report.index("ngo.txt")
    assert _row(report, "ngo.txt") == ["0", "0", "0", "0"]


def test_report_names_documents_that_were_not_scored() -> None:
    report = format_report(_scores())
    assert report.rstrip().endswith("Not in gold, not scored: stray.txt")
    clean = score([GoldDocument("ngo.txt", None, ())], {"ngo.txt": []})
    assert "Not in gold" not in format_report(clean)


def test_report_is_plain_text_of_a_fixed_width() -> None:
    report = format_report(_scores())
    assert "\x1b[" not in report  # no colour codes in logs and files
    assert max(len(line) for line in report.splitlines()) <= 100
    for title in ("Events", "Fields on matched events", "By type", "By document"):
        assert title in report


def test_json_has_every_section_in_plain_types() -> None:
    data = scores_to_json(_scores())
    assert set(data) == {
        "events",
        "strict",
        "fields",
        "evidence",
        "by_type",
        "by_doc",
        "matches",
        "unscored_docs",
    }
    assert json.loads(json.dumps(data)) == data


def test_json_figures_are_rounded_to_four_places() -> None:
    data = scores_to_json(_scores())
    assert data["events"] == {
        "gold": 2,
        "predicted": 1,
        "tp": 1,
        "fp": 0,
        "fn": 1,
        "precision": 1.0,
        "recall": 0.5,
        "f1": 0.6667,
    }


def test_json_fields_carry_value_and_n_with_null_for_unmeasured() -> None:
    fields: dict[str, Any] = scores_to_json(_scores())["fields"]
    assert set(fields) == {
        "subtype",
        "status",
        "date",
        "place",
        "actor_f1",
        "actor_kind",
        "actor_role",
        "counts",
        "count_keys",
    }
    assert fields["date"] == {"value": 0.0, "n": 1}
    nothing = scores_to_json(score([GoldDocument("ngo.txt", None, ())], {}))
    assert nothing["fields"]["date"] == {"value": None, "n": 0}
    assert nothing["evidence"] is None


def test_json_lists_each_match_with_why_it_is_not_strict() -> None:
    [match] = scores_to_json(_scores())["matches"]
    assert match == {
        "doc": "court.txt",
        "type": "detention",
        "gold_index": 1,
        "pred_index": 0,
        # Subtype, place and actors agree; a day later does not overlap, so the date earns 0.
        "similarity": pytest.approx(0.15 + 0.3 + 0.25),
        "date_ok": False,
        "place_ok": True,
    }


def test_json_slices_by_type_and_by_document() -> None:
    data = scores_to_json(_scores())
    assert list(data["by_type"]) == ["detention", "protest"]
    assert data["by_type"]["detention"]["strict"]["fp"] == 1
    assert list(data["by_doc"]) == ["court.txt", "ngo.txt"]
    assert data["by_doc"]["court.txt"]["events"]["fn"] == 1
    assert data["unscored_docs"] == ["stray.txt"]
    assert data["evidence"] == {"value": 1.0, "n": 1}
