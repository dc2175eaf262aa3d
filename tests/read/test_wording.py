"""A happening's date and place in a few words, full (the desk) and compact (the CLI's columns)."""

from __future__ import annotations

from datetime import date

import pytest

from khronika.model import Event, Evidence, PartialDate, Place
from khronika.read import date_text, place_text

TEXT = "A lone picket by Irina Volkova was reported in Taraz."
TARAZ = Place("Taraz", "KZ", "Jambyl", 42.9, 71.37, "city", "Taraz")
MARCH_5 = PartialDate(date(2023, 3, 5), date(2023, 3, 5), "day", "5 March")


def picket(when: PartialDate = MARCH_5, where: Place = TARAZ) -> Event:
    return Event(
        type="protest",
        evidence=(Evidence.from_text("picket.txt", TEXT, 0, 13),),
        date=when,
        location=where,
    )


@pytest.mark.parametrize(
    ("when", "full", "compact"),
    [
        (MARCH_5, "2023-03-05", "2023-03-05"),
        (PartialDate(date(2023, 3, 5), None, "day"), "2023-03-05", "2023-03-05"),
        (
            PartialDate(date(2023, 3, 1), date(2023, 3, 31), "month"),
            "2023-03-01 – 2023-03-31",
            "2023-03-01…2023-03-31",
        ),
        (PartialDate(text="last spring"), "? (last spring)", "? (last spring)"),
        (PartialDate(), "?", "?"),
    ],
)
def test_date_text(when: PartialDate, full: str, compact: str) -> None:
    assert date_text(picket(when)) == full
    assert date_text(picket(when), compact=True) == compact


@pytest.mark.parametrize(
    ("where", "full", "compact"),
    [
        (TARAZ, "Taraz, Jambyl, KZ", "Taraz, KZ"),
        (Place("Taraz", "KZ", precision="city"), "Taraz, KZ", "Taraz, KZ"),
        (Place(country="KZ", precision="country"), "KZ", "KZ"),
        (Place(text="the square"), "?", "?"),  # the words alone are not a place
    ],
)
def test_place_text(where: Place, full: str, compact: str) -> None:
    assert place_text(picket(where=where)) == full
    assert place_text(picket(where=where), compact=True) == compact
