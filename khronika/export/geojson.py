"""GeoJSON: a FeatureCollection of the events that have coordinates, for maps and GIS tools.

An event without coordinates cannot be drawn, so it is left out rather than placed at a guessed
point; the count returned says how many made it onto the map.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from khronika.export import Record, as_event, register_exporter
from khronika.model import Event


@register_exporter("geojson")
def write_geojson(records: Iterable[Record], out: TextIO) -> int:
    """Write one FeatureCollection; returns the number of features written."""
    features = [event_feature(r) for r in records if _has_point(as_event(r))]
    collection = {"type": "FeatureCollection", "features": features}
    out.write(json.dumps(collection, ensure_ascii=False, indent=1) + "\n")
    return len(features)


def _has_point(event: Event) -> bool:
    return event.location.lat is not None and event.location.lon is not None


def event_feature(record: Record) -> dict[str, Any]:
    """A Point feature; GeoJSON orders coordinates longitude first (RFC 7946)."""
    event = as_event(record)
    place = event.location
    return {
        "type": "Feature",
        "id": event.id,
        "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
        "properties": event_properties(record),
    }


def event_properties(record: Record) -> dict[str, Any]:
    """Every field of the event; date and place are also flattened to scalar properties.

    GIS tools (QGIS, geojson.io) filter and label by flat properties only, so the nested
    ``date`` and ``location`` objects are given top-level copies of their parts.
    """
    data = record.to_dict()
    when, place = data["date"], data["location"]
    flat = {
        "date_start": when["start"],
        "date_end": when["end"],
        "date_precision": when["precision"],
        "location_name": place["name"],
        "country": place["country"],
        "admin1": place["admin1"],
        "location_precision": place["precision"],
    }
    return {**data, **flat}
