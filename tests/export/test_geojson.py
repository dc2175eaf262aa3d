"""The GeoJSON exporter: points for the events that have coordinates, flat properties for GIS."""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

from khronika.export import get_exporter
from khronika.export.geojson import event_feature, event_properties, write_geojson
from khronika.model import Actor, Claim, Cluster, Count, Event, Evidence, PartialDate, Place

TEXT = "In Taraz on 2 May about 300 people led by Dana Ospan marched to the akimat."
TARAZ = Place("Taraz", "KZ", "Jambyl", 42.9, 71.37, "city", "Taraz")


def _march(**changes: object) -> Event:
    fields: dict[str, object] = {
        "type": "protest",
        "subtype": "march",
        "evidence": (Evidence.from_text("taraz.txt", TEXT, 0, len(TEXT)),),
        "date": PartialDate(date(2024, 5, 2), date(2024, 5, 2), "day", "on 2 May"),
        "location": TARAZ,
        "actors": (Actor("Dana Ospan", "person", "organiser"),),
        "counts": {"participants": Count(263, 337, "about 300")},
        "summary": "About 300 people marched in Taraz.",
    }
    fields.update(changes)
    return Event(**fields)  # type: ignore[arg-type]


def _collection(*records: Event | Cluster) -> tuple[int, dict[str, Any], str]:
    out = io.StringIO()
    written = write_geojson(list(records), out)
    return written, json.loads(out.getvalue()), out.getvalue()


def test_geojson_is_the_registered_geojson_exporter() -> None:
    assert get_exporter("geojson") is write_geojson


def test_geojson_without_records_is_an_empty_collection() -> None:
    written, collection, text = _collection()
    assert written == 0
    assert collection == {"type": "FeatureCollection", "features": []}
    assert text.endswith("\n")


def test_feature_puts_longitude_before_latitude() -> None:
    feature = event_feature(_march())
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [71.37, 42.9]}
    assert feature["id"] == _march().id


def test_properties_flatten_date_and_place_beside_the_full_record() -> None:
    props = event_properties(_march())
    assert props["date_start"] == props["date_end"] == "2024-05-02"
    assert props["date_precision"] == "day"
    assert props["location_name"] == "Taraz"
    assert (props["country"], props["admin1"]) == ("KZ", "Jambyl")
    assert props["location_precision"] == "city"
    # The nested objects stay too, so nothing of the contract is lost.
    assert props["location"]["text"] == "Taraz"
    assert props["counts"]["participants"] == {
        "min": 263,
        "max": 337,
        "text": "about 300",
        "attributed_to": None,
    }
    assert props["actors"] == [{"name": "Dana Ospan", "kind": "person", "role": "organiser"}]


def test_events_without_both_coordinates_are_left_off_the_map() -> None:
    half = _march(location=Place("Taraz", "KZ", lat=42.9, precision="city"), summary="half")
    none = _march(location=Place(country="KZ", precision="country"), summary="none")
    written, collection, _ = _collection(_march(), half, none)
    assert written == 1
    assert [f["properties"]["summary"] for f in collection["features"]] == [
        "About 300 people marched in Taraz."
    ]


def test_a_point_at_zero_zero_is_still_a_point() -> None:
    written, collection, _ = _collection(_march(location=Place("Null", None, None, 0.0, 0.0)))
    assert written == 1
    assert collection["features"][0]["geometry"]["coordinates"] == [0.0, 0.0]


def test_a_happening_carries_its_reports_and_disputes_into_properties() -> None:
    other = "Organisers counted 1,000 marchers in Taraz."
    evidence = (
        Evidence.from_text("taraz.txt", TEXT, 0, len(TEXT)),
        Evidence.from_text("org.txt", other, 0, len(other)),
    )
    claim = Claim("counts.participants", Count(1000, 1000, "1,000").to_dict(), "org.txt", "ev_o")
    happening = Cluster(
        event=_march(evidence=evidence, id="cl_taraz"),
        reports=("ev_t", "ev_o"),
        claims=(claim,),
        disputed=("counts.participants",),
        case="case_taraz",
    )
    _, collection, _ = _collection(happening)
    [feature] = collection["features"]
    assert feature["id"] == "cl_taraz"
    props = feature["properties"]
    assert props["sources"] == ["taraz.txt", "org.txt"]
    assert props["reports"] == ["ev_t", "ev_o"]
    assert props["disputed"] == ["counts.participants"]
    assert props["case"] == "case_taraz"
    assert props["claims"]["counts"]["participants"][0]["doc"] == "org.txt"


def test_geojson_keeps_non_latin_text_readable() -> None:
    _, _, text = _collection(_march(summary="Марш в Таразе"))
    assert "Марш в Таразе" in text
    assert "\\u" not in text


def test_undated_event_has_null_date_properties() -> None:
    props = event_properties(_march(date=PartialDate(text="recently")))
    assert (props["date_start"], props["date_end"], props["date_precision"]) == (
        None,
        None,
        "unknown",
    )
