"""Tests of the export registry and the JSON Lines, CSV and GeoJSON formats."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from khronika.export import EXPORTERS, get_exporter, register_exporter
from khronika.model import Actor, Count, Event, Evidence, PartialDate, Place

TEXT = "ALMATY -- On 5 January police detained dozens of protesters in Алматы."


def _event(**changes: object) -> Event:
    fields: dict[str, object] = {
        "type": "detention",
        "evidence": (Evidence.from_text("001.txt", TEXT, 11, len(TEXT)),),
        "date": PartialDate(date(2022, 1, 5), date(2022, 1, 5), "day", "On 5 January"),
        "location": Place("Almaty", "KZ", "Almaty", 43.25, 76.92, "city", "in Алматы"),
        "actors": (
            Actor("police", "police", "perpetrator"),
            Actor("Marat Seitkali", "person", "target"),
            Actor("Dana Ospan", "person", "target"),
        ),
        "counts": {"detained": Count(24, 99, "dozens", "eyewitnesses")},
        "summary": "Police detained dozens of protesters in Almaty.",
        "confidence": 0.82,
    }
    fields.update(changes)
    return Event(**fields)  # type: ignore[arg-type]


def _export(name: str, events: list[Event]) -> tuple[int, str]:
    out = io.StringIO()
    written = get_exporter(name)(events, out)
    return written, out.getvalue()


def test_registry_knows_the_built_in_formats() -> None:
    assert {"jsonl", "csv", "geojson"} <= set(EXPORTERS)


def test_unknown_exporter_lists_the_known_names() -> None:
    with pytest.raises(KeyError, match="known formats: csv, geojson, jsonl"):
        get_exporter("xml")


def test_a_name_cannot_be_registered_twice() -> None:
    with pytest.raises(ValueError, match="already registered"):
        register_exporter("jsonl")(lambda events, out: 0)


def test_jsonl_round_trips_through_from_dict() -> None:
    events = [_event(), _event(type="protest", subtype="demonstration", counts={})]
    written, text = _export("jsonl", events)
    lines = text.splitlines()
    assert written == len(lines) == 2
    assert "Алматы" in lines[0]  # ensure_ascii=False
    assert [Event.from_dict(json.loads(line)) for line in lines] == events
    assert json.loads(lines[0]) == events[0].to_dict()


def test_csv_header_is_exact() -> None:
    _, text = _export("csv", [])
    assert text.splitlines()[0] == (
        "event_id,event_date,time_precision,event_type,sub_event_type,status,actor1,actor2,"
        "country,admin1,location,latitude,longitude,geo_precision,source,notes,fatalities,n_sources,disputed"
    )


def test_csv_row_follows_acled_conventions() -> None:
    written, text = _export("csv", [_event()])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert written == len(rows) == 1
    row = rows[0]
    assert row["event_date"] == "2022-01-05"
    assert row["time_precision"] == "1"
    assert row["actor1"] == "police"
    assert row["actor2"] == "Marat Seitkali; Dana Ospan"
    assert (row["country"], row["location"], row["geo_precision"]) == ("KZ", "Almaty", "1")
    assert (row["latitude"], row["longitude"]) == ("43.25", "76.92")
    assert row["source"] == "001.txt"
    summary, counts = row["notes"].split(" | ")
    assert summary == "Police detained dozens of protesters in Almaty."
    assert counts == "detained: 24-99 (dozens, per eyewitnesses)"
    assert row["fatalities"] == "0"


def test_csv_keeps_ranges_and_unknowns_in_notes() -> None:
    month = PartialDate(date(2022, 3, 1), date(2022, 3, 31), "month", "in March")
    killing = _event(
        type="killing",
        date=month,
        location=Place(country="KZ", precision="country"),
        actors=(Actor("workers", "workers", "participant"),),
        counts={"killed": Count(71, None, "more than 70")},
        summary="",
    )
    unknown = _event(date=PartialDate(text="on March 1"), location=Place(text="the square"))
    _, text = _export("csv", [killing, unknown])
    first, second = csv.DictReader(io.StringIO(text))
    assert (first["event_date"], first["time_precision"]) == ("2022-03-01", "2")
    assert first["notes"] == "date: 2022-03-01 to 2022-03-31 (month) | killed: 71+ (more than 70)"
    assert first["actor1"] == "workers"
    assert first["fatalities"] == "71"
    assert (first["location"], first["geo_precision"]) == ("", "3")
    assert (second["event_date"], second["time_precision"]) == ("", "3")
    assert 'date unknown ("on March 1")' in second["notes"]
    assert second["location"] == "the square"  # no gazetteer name: the words as written


def test_geojson_writes_points_and_skips_events_without_coordinates() -> None:
    unplaced = _event(location=Place(country="KZ", precision="country"), summary="elsewhere")
    written, text = _export("geojson", [_event(), unplaced])
    collection = json.loads(text)
    assert collection["type"] == "FeatureCollection"
    assert written == len(collection["features"]) == 1
    feature = collection["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [76.92, 43.25]}
    props = feature["properties"]
    assert props["id"] == _event().id
    assert props["location_name"] == "Almaty"
    assert props["date_start"] == "2022-01-05"
    assert props["evidence"][0]["text"] == TEXT[11:]
    assert props["sources"] == ["001.txt"]
