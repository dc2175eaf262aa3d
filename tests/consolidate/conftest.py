"""Reports made by hand: one event of one document, as an extractor would store it.

Places are real cities (they are not people); every person is invented.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

from khronika.model import Actor, Count, Event, Evidence, PartialDate, Place

CITIES = {
    "Almaty": ("KZ", "Almaty", 43.25, 76.92),
    "Astana": ("KZ", "Astana", 51.18, 71.45),
    "Zhanaozen": ("KZ", "Mangystau", 43.34, 52.86),
    "Minsk": ("BY", "Minsk City", 53.9, 27.57),
}

MakeReport = Callable[..., Event]


def _place(
    city: str | None, country: str | None, region: str | None, site: str | None = None
) -> Place:
    if site and city:
        code, admin1, lat, lon = CITIES[city]
        return Place(
            name=city, country=code, admin1=admin1, lat=lat, lon=lon, precision="site", text=site
        )
    if region:
        return Place(name=region, country=country, admin1=region, precision="region", text=region)
    if city:
        code, admin1, lat, lon = CITIES[city]
        return Place(
            name=city, country=code, admin1=admin1, lat=lat, lon=lon, precision="city", text=city
        )
    if country:
        return Place(country=country, precision="country")
    return Place()


def _entity(name: str) -> str:
    return "pe_" + "_".join(name.casefold().split())


@pytest.fixture
def make_report() -> MakeReport:
    def make(
        kind: str,
        *,
        doc: str,
        day: str | None = None,
        month: str | None = None,
        city: str | None = None,
        country: str | None = None,
        region: str | None = None,
        site: str | None = None,
        people: tuple[tuple[str, str], ...] = (),
        linked: bool = False,
        status: str = "occurred",
        charges: tuple[str, ...] = (),
        counts: dict[str, Count] | None = None,
        subtype: str | None = None,
        at: int = 0,
        sentence: str = "Police detained protesters.",
        confidence: float = 0.7,
        yearless: tuple[int, int] | None = None,
        date_text: str | None = None,
    ) -> Event:
        if yearless:
            when = PartialDate(text=date_text, month=yearless[0], day=yearless[1])
        elif day:
            when = PartialDate(date.fromisoformat(day), date.fromisoformat(day), "day", day)
        elif month:
            first = date.fromisoformat(month + "-01")
            last = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            when = PartialDate(first, date.fromordinal(last.toordinal() - 1), "month", month)
        else:
            when = PartialDate(text=date_text)
        if date_text and when.text != date_text:
            when = replace(when, text=date_text)
        # linked: each person already carries a registry id, as consolidation's registry sets it.
        actors = tuple(
            Actor(name=name, kind="person", role=role, entity=_entity(name) if linked else None)
            for name, role in people
        )
        text = " " * at + sentence
        return Event(
            type=kind,
            subtype=subtype,
            status=status,
            date=when,
            location=_place(city, country, region, site),
            actors=(Actor(name="police", kind="police", role="perpetrator"), *actors),
            counts=counts or {},
            charges=charges,
            evidence=(Evidence.from_text(doc, text, at, len(text)),),
            summary=sentence,
            confidence=confidence,
        )

    return make
