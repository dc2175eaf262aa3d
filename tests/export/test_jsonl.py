"""The JSON Lines exporter against the contract of spec/events.md: one record a line."""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

from khronika.export import get_exporter
from khronika.export.jsonl import write_jsonl
from khronika.model import Actor, Claim, Cluster, Count, Event, Evidence, PartialDate, Place

# The fields the contract says every event has; none may be renamed or dropped.
CONTRACT_FIELDS = {
    "id",
    "type",
    "subtype",
    "status",
    "date",
    "location",
    "actors",
    "counts",
    "charges",
    "demands",
    "summary",
    "evidence",
    "sources",
    "confidence",
}
HAPPENING_FIELDS = {"reports", "claims", "disputed", "case", "linked", "joined_by"}

COURT = (
    "KARAGANDA, 9 June. A court sentenced the union organiser Marat Seitkali to two years\n"
    "for calling an unsanctioned strike, his lawyer Irina Volkova said."
)


def _sentence(**changes: object) -> Event:
    start = COURT.index("A court")
    fields: dict[str, object] = {
        "type": "legal_action",
        "subtype": "sentence",
        "evidence": (Evidence.from_text("court.txt", COURT, start, COURT.index(", his")),),
        "date": PartialDate(date(2024, 6, 9), date(2024, 6, 9), "day", "9 June"),
        "location": Place("Karaganda", "KZ", "Karaganda", 49.8, 73.1, "city", "KARAGANDA"),
        "actors": (
            Actor("court", "court", "perpetrator"),
            Actor("Marat Seitkali", "person", "target", entity="pe_seitkali"),
        ),
        "charges": ("calling an unsanctioned strike",),
        "summary": "A court in Karaganda sentenced Marat Seitkali to two years.",
        "confidence": 0.87654,
    }
    fields.update(changes)
    return Event(**fields)  # type: ignore[arg-type]


def _lines(*records: Event | Cluster) -> list[dict[str, Any]]:
    out = io.StringIO()
    written = write_jsonl(list(records), out)
    text = out.getvalue()
    assert text == "" or text.endswith("\n")
    lines = [json.loads(line) for line in text.splitlines()]
    assert written == len(lines)
    return lines


def test_jsonl_is_the_registered_jsonl_exporter() -> None:
    assert get_exporter("jsonl") is write_jsonl


def test_jsonl_without_records_writes_nothing() -> None:
    assert _lines() == []


def test_a_report_line_has_exactly_the_contract_fields() -> None:
    [line] = _lines(_sentence())
    assert set(line) == CONTRACT_FIELDS
    assert line["type"] == "legal_action"
    assert line["subtype"] == "sentence"
    assert line["charges"] == ["calling an unsanctioned strike"]
    assert line["sources"] == ["court.txt"]
    assert line["confidence"] == 0.877  # rounded to three places


def test_evidence_quotes_equal_the_text_at_their_offsets() -> None:
    [line] = _lines(_sentence())
    for piece in line["evidence"]:
        assert COURT[piece["start"] : piece["end"]] == piece["text"]
    # A quote spanning a line break stays one JSON line.
    assert "\n" in line["evidence"][0]["text"]


def test_registry_entity_of_an_actor_is_written_only_when_known() -> None:
    [line] = _lines(_sentence())
    court, person = line["actors"]
    assert "entity" not in court
    assert person == {
        "name": "Marat Seitkali",
        "kind": "person",
        "role": "target",
        "entity": "pe_seitkali",
    }


def test_a_happening_line_adds_reports_claims_disputed_case_and_linked() -> None:
    appeal = "On 9 June Marat Seitkali got three years, not two, the union said."
    evidence = (
        _sentence().evidence[0],
        Evidence.from_text("union.txt", appeal, 0, len(appeal)),
    )
    when = {"start": "2024-06-09", "end": "2024-06-09", "precision": "day", "text": "9 June"}
    happening = Cluster(
        event=_sentence(evidence=evidence, id="cl_karaganda", confidence=0.9),
        reports=("ev_court", "ev_union"),
        claims=(
            Claim("date", when, "court.txt", "ev_court"),
            Claim("counts.detained", Count(1, 1, "").to_dict(), "union.txt", "ev_union", "union"),
        ),
        disputed=("date",),
        case="case_seitkali",
        linked=("cl_strike",),
    )
    [line] = _lines(happening)
    assert set(line) == CONTRACT_FIELDS | HAPPENING_FIELDS
    assert line["id"] == "cl_karaganda"
    assert line["sources"] == ["court.txt", "union.txt"]
    assert line["reports"] == ["ev_court", "ev_union"]
    assert line["claims"]["date"][0]["value"] == when
    assert line["claims"]["counts"]["detained"][0]["attributed_to"] == "union"
    assert (line["disputed"], line["case"], line["linked"]) == (
        ["date"],
        "case_seitkali",
        ["cl_strike"],
    )
    assert Cluster.from_dict(line) == happening


def test_jsonl_lines_read_back_into_equal_events() -> None:
    """Lossless for confidences of three places or fewer (the contract rounds to three)."""
    events = [_sentence(confidence=0.5), _sentence(subtype="fine", confidence=0.25)]
    assert [Event.from_dict(line) for line in _lines(*events)] == events


def test_jsonl_keeps_cyrillic_readable() -> None:
    out = io.StringIO()
    write_jsonl([_sentence(summary="Суд приговорил Марата Сейткали")], out)
    assert "Суд приговорил Марата Сейткали" in out.getvalue()
