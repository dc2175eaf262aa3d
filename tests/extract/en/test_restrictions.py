"""Restrictions of rights as news words them: a restriction on rights, barring someone from
an act, dissolving an organisation; and the same words in other senses.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import ExtractEvents

pytestmark = pytest.mark.model

PUBLISHED = date(2023, 3, 10)


def _types(extract_events: ExtractEvents, text: str) -> list[str]:
    return sorted(e.type for e in extract_events(text, PUBLISHED))


def test_restrictions_on_the_freedom_of_assembly_are_a_restriction(
    extract_events: ExtractEvents,
) -> None:
    text = "On Monday the parliament in Astana adopted new restrictions on the freedom of assembly."

    assert _types(extract_events, text) == ["restriction"]


def test_restrictions_on_grain_exports_are_no_restriction_of_rights(
    extract_events: ExtractEvents,
) -> None:
    text = "The ministry in Astana announced new restrictions on grain exports on Monday."

    assert _types(extract_events, text) == []


def test_barring_a_person_from_leaving_is_a_restriction(extract_events: ExtractEvents) -> None:
    text = "On Monday the authorities in Almaty barred Marat Seitkali from leaving Kazakhstan."

    assert _types(extract_events, text) == ["restriction"]


def test_a_decree_barring_outlets_from_reporting_is_a_restriction(
    extract_events: ExtractEvents,
) -> None:
    text = (
        "In Dushanbe, independent outlets are being constrained by a decree barring "
        "all but the state agency from reporting government notices."
    )

    assert _types(extract_events, text) == ["restriction"]


def test_a_dissolved_party_is_an_organisation_ban(extract_events: ExtractEvents) -> None:
    text = "A court in Almaty dissolved the opposition party of Dana Ospan on Monday."

    events = extract_events(text, PUBLISHED)

    assert [(e.type, e.subtype) for e in events] == [("restriction", "organisation_ban")]


def test_liquidated_debts_are_no_ban(extract_events: ExtractEvents) -> None:
    text = "The company in Almaty liquidated its debts on Monday."

    assert _types(extract_events, text) == []


def test_measures_restricting_access_that_are_asked_to_end_are_no_new_restriction(
    extract_events: ExtractEvents,
) -> None:
    text = (
        "On Monday the Council of Europe called on Kazakhstan to respect freedom of speech "
        "and to end measures restricting access to social media."
    )

    assert "restriction" not in _types(extract_events, text)
