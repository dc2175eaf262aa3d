"""What the map and the timeline draw. The story: Dana Ospan is detained in Taraz on 5 March
2023 (a city: a point), teachers strike somewhere in Kazakhstan in March 2023 (the country only:
it shades Kazakhstan, no point), a rally in the Almaty region in 1996 (a region: a wide point),
and a picket nobody placed or dated (counted, not drawn).
"""

from __future__ import annotations

from datetime import date

from khronika.model import Cluster, Event, Evidence, PartialDate, Place, Review
from khronika.read import Reviewed, reviewed
from khronika.web.atlas import COUNTRY_LIST_LIMIT, map_layers, spans

TEXT = "Police detained Dana Ospan in Taraz. Teachers struck. A rally. A lone picket by Marat Seitkali."
TARAZ = Place("Taraz", "KZ", "Jambyl", 42.9, 71.37, "city", "Taraz")
KAZAKHSTAN = Place("Kazakhstan", "KZ", None, 48.0, 68.0, "country", "across Kazakhstan")
ALMATY_REGION = Place("Almaty Region", "KZ", "Almaty Region", 44.0, 77.5, "region", "the region")


def _cluster(cid: str, words: str, *, place: Place, when: PartialDate, kind: str) -> Cluster:
    start = TEXT.index(words)
    quote = Evidence.from_text("wire.txt", TEXT, start, start + len(words))
    event = Event(type=kind, evidence=(quote,), date=when, location=place, summary=words, id=cid)
    return Cluster(event=event, reports=(f"ev_{cid}",))


DETENTION = _cluster(
    "cl_taraz",
    "Police detained Dana Ospan in Taraz",
    place=TARAZ,
    when=PartialDate(date(2023, 3, 5), date(2023, 3, 5), "day"),
    kind="detention",
)
STRIKE = _cluster(
    "cl_strike",
    "Teachers struck",
    place=KAZAKHSTAN,
    when=PartialDate(date(2023, 3, 1), None, "month", "in March"),
    kind="protest",
)
RALLY = _cluster(
    "cl_rally",
    "A rally",
    place=ALMATY_REGION,
    when=PartialDate(date(1996, 1, 1), date(1996, 12, 31), "year", "in 1996"),
    kind="protest",
)
PICKET = _cluster(
    "cl_picket",
    "A lone picket by Marat Seitkali",
    place=Place(),
    when=PartialDate(),
    kind="protest",
)
VERIFY = Review(cluster="cl_taraz", action="verify", author="ana", reason="seen", id=1)


def _all() -> list[Reviewed]:
    return [
        reviewed(DETENTION, [VERIFY]),
        reviewed(STRIKE, []),
        reviewed(RALLY, []),
        reviewed(PICKET, []),
    ]


def test_a_city_and_a_region_are_points_and_say_their_precision() -> None:
    layers = map_layers(_all())

    points = {f["id"]: f for f in layers["features"]}
    assert set(points) == {"cl_taraz", "cl_rally"}
    assert points["cl_taraz"]["geometry"] == {"type": "Point", "coordinates": [71.37, 42.9]}
    assert points["cl_taraz"]["properties"]["precision"] == "city"
    assert points["cl_taraz"]["properties"]["review"] == "verified"
    assert points["cl_rally"]["properties"]["precision"] == "region"
    # Its span, for the time slider: the first day and the day after the last.
    taraz = points["cl_taraz"]["properties"]
    assert (taraz["start"], taraz["stop"]) == ("2023-03-05", "2023-03-06")
    assert "evidence" not in points["cl_taraz"]["properties"]


def test_a_happening_known_only_by_its_country_shades_it_and_is_never_a_point() -> None:
    layers = map_layers(_all())

    [kazakhstan] = layers["countries"]
    assert kazakhstan["country"] == "KZ"
    assert kazakhstan["numeric"] == "398"  # world-atlas's id of Kazakhstan's outline
    assert kazakhstan["name"] == "Kazakhstan"
    assert kazakhstan["count"] == 1
    assert [h["id"] for h in kazakhstan["happenings"]] == ["cl_strike"]
    assert kazakhstan["happenings"][0]["precision"] == "country"
    assert kazakhstan["spans"] == [["2023-03-01", "2023-04-01"]]  # the whole of March


def test_nothing_is_dropped_silently() -> None:
    layers = map_layers(_all())

    assert layers["unplaced"] == 1
    assert layers["total"] == 4
    shaded = sum(country["count"] for country in layers["countries"])
    assert len(layers["features"]) + shaded + layers["unplaced"] == layers["total"]


def test_a_city_the_gazetteer_did_not_find_falls_back_to_its_country() -> None:
    lost = Place("Zhanaozen", "KZ", None, None, None, "city", "Zhanaozen")
    cluster = _cluster("cl_lost", "A rally", place=lost, when=PartialDate(), kind="protest")

    layers = map_layers([reviewed(cluster, [])])

    assert layers["features"] == []
    assert layers["countries"][0]["count"] == 1


def test_a_country_popup_lists_a_bounded_number_but_counts_them_all() -> None:
    many = [
        reviewed(
            _cluster(
                f"cl_{n}", "Teachers struck", place=KAZAKHSTAN, when=PartialDate(), kind="protest"
            ),
            [],
        )
        for n in range(COUNTRY_LIST_LIMIT + 5)
    ]
    [kazakhstan] = map_layers(many)["countries"]
    assert kazakhstan["count"] == COUNTRY_LIST_LIMIT + 5
    assert len(kazakhstan["happenings"]) == COUNTRY_LIST_LIMIT
    assert len(kazakhstan["spans"]) == COUNTRY_LIST_LIMIT + 5  # the slider counts them all


def test_the_timeline_draws_each_date_over_its_span_and_counts_the_undated() -> None:
    drawn = spans(_all())

    assert drawn["undated"] == 1
    by_id = {h["id"]: h for h in drawn["happenings"]}
    assert list(by_id) == ["cl_rally", "cl_strike", "cl_taraz"]  # in date order
    assert (by_id["cl_taraz"]["start"], by_id["cl_taraz"]["stop"]) == ("2023-03-05", "2023-03-06")
    # A month with no recorded end is the whole month; a year the whole year.
    assert (by_id["cl_strike"]["end"], by_id["cl_strike"]["precision"]) == ("2023-03-31", "month")
    assert (by_id["cl_rally"]["start"], by_id["cl_rally"]["stop"]) == ("1996-01-01", "1997-01-01")
    assert by_id["cl_taraz"]["review"] == "verified"


def test_a_december_month_ends_on_the_31st() -> None:
    december = _cluster(
        "cl_dec",
        "A rally",
        place=Place(),
        when=PartialDate(date(2022, 12, 1), None, "month"),
        kind="protest",
    )
    [span] = spans([reviewed(december, [])])["happenings"]
    assert (span["end"], span["stop"]) == ("2022-12-31", "2023-01-01")
