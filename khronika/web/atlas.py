"""What the map and the timeline draw, so that they tell the truth about what is known.

A happening placed at a site, a city or a region is a point on the map (with its precision, so
the map can draw a region wider than a city). A happening known only by its country is never a
point: a point on the country's centroid or capital would say it happened there. It shades the
country instead. A happening with neither coordinates nor a country is counted, never silently
dropped. The timeline draws each dated happening over its real span (a month, a year, a range)
on a date axis, and counts the undated ones apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pycountry

from khronika.model import PartialDate
from khronika.read import Reviewed, date_text, place_text

# A country's popup lists at most this many of its happenings; the count says how many in all.
COUNTRY_LIST_LIMIT = 25


def point_properties(item: Reviewed) -> dict[str, Any]:
    """What a point's popup shows of a happening, not the whole record, and its span (first
    day, and the day after the last; None when undated) for the time slider.
    """
    event = item.cluster.event
    first, stop = _span(item)
    return {
        "id": item.cluster.id,
        "type": event.type,
        "subtype": event.subtype,
        "date": date_text(event),
        "place": place_text(event),
        "precision": event.location.precision,
        "summary": event.summary,
        "n_sources": len(event.sources),
        "review": item.status,
        "start": first,
        "stop": stop,
    }


def _span(item: Reviewed) -> tuple[str | None, str | None]:
    last = _last(item.cluster.event.date)
    if last is None or item.cluster.event.date.start is None:
        return None, None
    return item.cluster.event.date.start.isoformat(), (last + timedelta(days=1)).isoformat()


def _last(when: PartialDate) -> date | None:
    """The last day a date covers (a month's or a year's last for those precisions)."""
    if when.start is None:
        return None
    return max(when.end or _last_day(when.start, when.precision), when.start)


@dataclass
class _Country:
    code: str
    happenings: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        found = pycountry.countries.get(alpha_2=self.code)
        return {
            "country": self.code,
            # world-atlas keys its outlines by ISO 3166-1 numeric code ("398" for KZ).
            "numeric": found.numeric if found is not None else None,
            "name": found.name if found is not None else self.code,
            "count": len(self.happenings),
            "happenings": self.happenings[:COUNTRY_LIST_LIMIT],
            # every one's span, for the time slider to count what a window keeps
            "spans": [[h["start"], h["stop"]] for h in self.happenings],
        }


def map_layers(items: Iterable[Reviewed]) -> dict[str, Any]:
    """The map's layers: points (a FeatureCollection), countries to shade, and the unplaced.

    The answer is GeoJSON (the points) with three foreign members: ``countries`` (happenings
    known only by their country, per country), ``unplaced`` (how many have no place at all) and
    ``total`` (every happening asked for), so that total = points + countries + unplaced.
    """
    features: list[dict[str, Any]] = []
    countries: dict[str, _Country] = {}
    unplaced = total = 0
    for item in items:
        total += 1
        place = item.cluster.event.location
        if place.precision != "country" and place.lat is not None and place.lon is not None:
            features.append(
                {
                    "type": "Feature",
                    "id": item.cluster.id,
                    "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
                    "properties": point_properties(item),
                }
            )
        elif place.country:
            # Known only by its country, or placed in a city the gazetteer could not find.
            country = countries.setdefault(place.country, _Country(place.country))
            country.happenings.append(point_properties(item))
        else:
            unplaced += 1
    return {
        "type": "FeatureCollection",
        "features": features,
        "countries": [countries[code].to_dict() for code in sorted(countries)],
        "unplaced": unplaced,
        "total": total,
    }


def spans(items: Iterable[Reviewed]) -> dict[str, Any]:
    """Each dated happening over its span (first and last day, both included), and the undated.

    A day is a span of one day; a month or a year its whole length, as the date says.
    """
    drawn: list[dict[str, Any]] = []
    undated = 0
    for item in items:
        event = item.cluster.event
        start, end = event.date.start, _last(event.date)
        if start is None or end is None:
            undated += 1
            continue
        drawn.append(
            {
                "id": item.cluster.id,
                "type": event.type,
                "start": start.isoformat(),
                "end": end.isoformat(),
                # the day after the last: where a bar over [start, end] stops on an axis of time
                "stop": (end + timedelta(days=1)).isoformat(),
                "precision": event.date.precision,
                "date": date_text(event),
                "summary": event.summary,
                "review": item.status,
            }
        )
    drawn.sort(key=lambda span: (span["start"], span["id"]))
    return {"happenings": drawn, "undated": undated}


def _last_day(start: date, precision: str) -> date:
    """The last day a date of this precision can mean, when no end was recorded."""
    if precision == "year":
        return date(start.year, 12, 31)
    if precision == "month":
        following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return following - timedelta(days=1)
    return start
