"""The model's invariants: each one rejects a bad value with InvalidEventError and accepts a good one.

Every value object of ``khronika/model.py`` that checks itself is built here twice per rule,
once just inside the rule and once just outside it, so a check that is dropped or loosened fails
a test. The closed lists are walked whole: every type, subtype, kind and role of the contract
(spec/events.md) is accepted, and a word beside them is not.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from khronika.errors import InvalidEventError
from khronika.model import (
    ACTOR_KINDS,
    COUNT_KEYS,
    DATE_PRECISIONS,
    EDITABLE_FIELDS,
    EVENT_TYPES,
    PLACE_PRECISIONS,
    REVIEW_ACTIONS,
    ROLES,
    STATUSES,
    Actor,
    Claim,
    Cluster,
    Count,
    Decision,
    Event,
    Evidence,
    PartialDate,
    Place,
    Review,
)

TEXT = "Police detained Marat Seitkali in Almaty on 15 March."
QUOTE = Evidence.from_text("wire.txt", TEXT, 0, 30)


def event(**fields: Any) -> Event:
    """An event with one good quote; ``fields`` override any field."""
    return Event(**{"type": "detention", "evidence": (QUOTE,), **fields})


Build = Callable[[], object]


def _bad(build: Build, reason: str) -> None:
    with pytest.raises(InvalidEventError, match=reason):
        build()


# --- Evidence: a quote is exactly the text between its offsets ---------------------------------


def test_evidence_from_text_quotes_the_span() -> None:
    quote = Evidence.from_text("wire.txt", TEXT, 16, 30)

    assert quote.text == "Marat Seitkali"
    assert TEXT[quote.start : quote.end] == quote.text


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [(0, 0, ""), (16, 30, "Marat Seitkali"), (0, 6, "Police")],
)
def test_evidence_accepts_offsets_that_match_its_text(start: int, end: int, text: str) -> None:
    assert Evidence("wire.txt", start, end, text).to_dict()["end"] == end


@pytest.mark.parametrize(
    ("start", "end", "text", "reason"),
    [
        (-1, 5, "Police", "out of order"),  # six characters, but a negative start
        (30, 16, "", "out of order"),
        (0, 6, "Polic", "length does not match"),
        (0, 6, "Police!", "length does not match"),
    ],
)
def test_evidence_rejects_offsets_that_do_not_match(
    start: int, end: int, text: str, reason: str
) -> None:
    _bad(lambda: Evidence("wire.txt", start, end, text), reason)


# --- PartialDate: a known precision, and no date ending before it starts -----------------------


@pytest.mark.parametrize("precision", DATE_PRECISIONS)
def test_every_date_precision_of_the_contract_is_accepted(precision: str) -> None:
    assert PartialDate(precision=precision).precision == precision  # type: ignore[arg-type]


@pytest.mark.parametrize("precision", ["week", "Day", "", "exact"])
def test_a_date_precision_outside_the_contract_is_rejected(precision: str) -> None:
    _bad(lambda: PartialDate(precision=precision), "unknown date precision")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2025, 3, 15), date(2025, 3, 15)),
        (date(2025, 3, 1), date(2025, 3, 31)),
        (None, date(2025, 3, 31)),
        (date(2025, 3, 1), None),
    ],
)
def test_a_date_may_be_one_day_a_range_or_open(start: date | None, end: date | None) -> None:
    assert PartialDate(start=start, end=end, precision="day").start == start


def test_a_date_that_ends_before_it_starts_is_rejected() -> None:
    _bad(
        lambda: PartialDate(start=date(2025, 3, 16), end=date(2025, 3, 15), precision="day"),
        "ends before it starts",
    )


def test_an_unknown_date_keeps_its_words_and_no_year() -> None:
    unknown = PartialDate.from_dict({"start": None, "precision": None, "text": "on 2 May"})

    assert unknown == PartialDate(precision="unknown", text="on 2 May")
    assert unknown.to_dict() == {
        "start": None,
        "end": None,
        "precision": "unknown",
        "text": "on 2 May",
    }


# --- Place: a known precision --------------------------------------------------------------------


@pytest.mark.parametrize("precision", PLACE_PRECISIONS)
def test_every_place_precision_of_the_contract_is_accepted(precision: str) -> None:
    assert Place(name="Almaty", precision=precision).precision == precision  # type: ignore[arg-type]


@pytest.mark.parametrize("precision", ["street", "City", ""])
def test_a_place_precision_outside_the_contract_is_rejected(precision: str) -> None:
    _bad(lambda: Place(precision=precision), "unknown place precision")  # type: ignore[arg-type]


# --- Actor: a kind and a role from the closed lists ----------------------------------------------


@pytest.mark.parametrize("kind", ACTOR_KINDS)
def test_every_actor_kind_of_the_contract_is_accepted(kind: str) -> None:
    assert Actor("Dana Ospan", kind, "target").kind == kind


@pytest.mark.parametrize("role", ROLES)
def test_every_actor_role_of_the_contract_is_accepted(role: str) -> None:
    assert Actor("Dana Ospan", "person", role).role == role


@pytest.mark.parametrize(
    ("kind", "role", "reason"),
    [
        ("activist", "target", "unknown actor kind"),
        ("Person", "target", "unknown actor kind"),
        ("person", "victim", "unknown actor role"),
        ("person", "", "unknown actor role"),
    ],
)
def test_an_actor_outside_the_lists_is_rejected(kind: str, role: str, reason: str) -> None:
    _bad(lambda: Actor("Dana Ospan", kind, role), reason)


def test_an_actor_writes_its_registry_id_only_once_linked() -> None:
    assert "entity" not in Actor("Dana Ospan", "person", "target").to_dict()
    linked = Actor("Dana Ospan", "person", "target", entity="en_1")
    assert Actor.from_dict(linked.to_dict()) == linked


# --- Count: a range in order ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high", "text"),
    [(30, 30, "30"), (24, 99, "dozens"), (101, None, "more than 100"), (None, 50, "up to 50")],
)
def test_a_count_may_be_exact_a_range_or_open(low: int | None, high: int | None, text: str) -> None:
    count = Count(low, high, text)

    assert Count.from_dict(count.to_dict()) == count


def test_a_count_whose_range_runs_backwards_is_rejected() -> None:
    _bad(lambda: Count(100, 30, "between 30 and 100"), "out of order")


# --- Event: evidence first, then the closed lists ------------------------------------------------


def test_an_event_without_evidence_cannot_be_built() -> None:
    _bad(lambda: Event(type="detention", evidence=()), "needs at least one piece of evidence")


@pytest.mark.parametrize("type_", sorted(EVENT_TYPES))
def test_every_event_type_of_the_contract_is_accepted(type_: str) -> None:
    assert event(type=type_).type == type_


@pytest.mark.parametrize(
    ("type_", "subtype"),
    [(t, s) for t, subtypes in EVENT_TYPES.items() for s in subtypes],
)
def test_every_subtype_is_accepted_under_its_own_type(type_: str, subtype: str) -> None:
    assert event(type=type_, subtype=subtype).subtype == subtype


@pytest.mark.parametrize("type_", ["arrest", "Detention", "protests", ""])
def test_an_event_type_outside_the_contract_is_rejected(type_: str) -> None:
    _bad(lambda: event(type=type_), "unknown event type")


@pytest.mark.parametrize(
    ("type_", "subtype"),
    [
        ("detention", "charge"),  # a subtype of legal_action, not of detention
        ("protest", "torture"),
        ("legal_action", "verdict"),  # no such subtype anywhere
        ("statement", ""),
    ],
)
def test_a_subtype_of_another_type_is_rejected(type_: str, subtype: str) -> None:
    _bad(lambda: event(type=type_, subtype=subtype), "is not a subtype of")


@pytest.mark.parametrize("status", STATUSES)
def test_every_status_of_the_contract_is_accepted(status: str) -> None:
    assert event(status=status).status == status


@pytest.mark.parametrize("status", ["planned", "Occurred", ""])
def test_a_status_outside_the_contract_is_rejected(status: str) -> None:
    _bad(lambda: event(status=status), "unknown status")


@pytest.mark.parametrize("key", COUNT_KEYS)
def test_every_count_key_of_the_contract_is_accepted(key: str) -> None:
    assert key in event(counts={key: Count(30, 30, "30")}).counts


@pytest.mark.parametrize("key", ["arrested", "wounded", "dead"])
def test_a_count_key_outside_the_contract_is_rejected(key: str) -> None:
    _bad(lambda: event(counts={key: Count(30, 30, "30")}), "unknown count key")


@pytest.mark.parametrize("confidence", [0.0, 0.5, 1.0])
def test_a_confidence_between_0_and_1_is_accepted(confidence: float) -> None:
    assert event(confidence=confidence).confidence == confidence


@pytest.mark.parametrize("confidence", [-0.01, 1.01, 82.0])
def test_a_confidence_outside_0_to_1_is_rejected(confidence: float) -> None:
    _bad(lambda: event(confidence=confidence), "between 0 and 1")


def test_an_event_gets_a_stable_id_from_what_it_is_and_where_it_was_read() -> None:
    first = event(location=Place(name="Almaty", precision="city"))
    again = event(location=Place(name="Almaty", precision="city"))
    elsewhere = event(location=Place(name="Shymkent", precision="city"))

    assert first.id.startswith("ev_") and first.id == again.id
    assert elsewhere.id != first.id
    assert event(id="ev_given").id == "ev_given"


def test_an_event_round_trips_through_the_contracts_json() -> None:
    original = event(
        subtype=None,
        date=PartialDate(date(2025, 3, 15), date(2025, 3, 15), "day", "on 15 March"),
        location=Place(name="Almaty", country="KZ", precision="city", text="in Almaty"),
        actors=(
            Actor("police", "police", "perpetrator"),
            Actor("Marat Seitkali", "person", "target"),
        ),
        counts={"detained": Count(24, 99, "dozens", attributed_to="witnesses")},
        charges=("organising an unauthorised mass gathering",),
        summary="Police detained Marat Seitkali in Almaty.",
        confidence=0.8,
    )

    data = original.to_dict()

    assert data["sources"] == ["wire.txt"]
    assert data["evidence"] == [{"doc": "wire.txt", "start": 0, "end": 30, "text": TEXT[:30]}]
    assert Event.from_dict(data) == original


def test_from_dict_checks_the_record_it_reads() -> None:
    data = event().to_dict()

    _bad(lambda: Event.from_dict({**data, "evidence": []}), "needs at least one piece")
    _bad(lambda: Event.from_dict({**data, "type": "arrest"}), "unknown event type")
    _bad(
        lambda: Event.from_dict({**data, "evidence": [{**data["evidence"][0], "end": 31}]}),
        "length does not match",
    )


def test_a_clusters_claims_round_trip_under_their_fields() -> None:
    claims = (
        Claim("counts.detained", {"min": 30, "max": 30, "text": "30"}, "a.txt", "ev_a", "ministry"),
        Claim(
            "counts.detained", {"min": 101, "max": None, "text": "more than 100"}, "b.txt", "ev_b"
        ),
        Claim("date", PartialDate(precision="unknown").to_dict(), "a.txt", "ev_a"),
    )
    cluster = Cluster(event(id="cl_1"), ("ev_a", "ev_b"), claims, disputed=("counts.detained",))

    data = cluster.to_dict()

    assert [c["doc"] for c in data["claims"]["counts"]["detained"]] == ["a.txt", "b.txt"]
    assert Cluster.from_dict(data) == cluster


# --- Decision and Review: a reviewer's records -----------------------------------------------------


@pytest.mark.parametrize("action", ["merge", "split"])
def test_a_merge_or_split_of_two_reports_is_accepted(action: str) -> None:
    assert Decision(action, "ev_a", "ev_b", "ana").action == action  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("action", "second", "reason"),
    [("join", "ev_b", "unknown decision"), ("merge", "ev_a", "two different reports")],
)
def test_a_decision_needs_a_known_action_and_two_reports(
    action: str, second: str, reason: str
) -> None:
    _bad(lambda: Decision(action, "ev_a", second, "ana"), reason)  # type: ignore[arg-type]


@pytest.mark.parametrize("action", [a for a in REVIEW_ACTIONS if a != "edit"])
def test_every_review_action_is_accepted(action: str) -> None:
    assert Review("cl_1", action, "ana").action == action


@pytest.mark.parametrize("field", [*EDITABLE_FIELDS, "counts.detained", "date.start"])
def test_an_edit_of_an_editable_field_is_accepted(field: str) -> None:
    assert Review("cl_1", "edit", "ana", field=field).field == field


@pytest.mark.parametrize(
    ("action", "field", "reason"),
    [
        ("approve", None, "unknown review action"),
        ("edit", None, "not a field a reviewer can edit"),
        ("edit", "evidence", "not a field a reviewer can edit"),
        ("edit", "id", "not a field a reviewer can edit"),
    ],
)
def test_a_review_outside_its_actions_and_fields_is_rejected(
    action: str, field: str | None, reason: str
) -> None:
    _bad(lambda: Review("cl_1", action, "ana", field=field), reason)
