"""Merging the mentions of one happening: agreeing places join, different cities stay apart."""

from __future__ import annotations

from datetime import date

from khronika.extract.candidates import Candidate, merge_candidates
from khronika.model import Actor, Count, Evidence, PartialDate, Place

TEXT = (
    "Police detain protesters in Minsk\n\n"
    "Police detained 30 protesters in Minsk on Sunday. "
    "Later, police detained students in Brest."
)
MINSK = Place(name="Minsk", country="BY", lat=53.9, lon=27.57, precision="city", text="Minsk")
BREST = Place(name="Brest", country="BY", lat=52.1, lon=23.7, precision="city", text="Brest")
SUNDAY = PartialDate(date(2021, 5, 9), date(2021, 5, 9), "day", "on Sunday")
POLICE = Actor(name="police", kind="police", role="perpetrator")


def _evidence(sentence: str) -> Evidence:
    start = TEXT.index(sentence)
    return Evidence.from_text("t.txt", TEXT, start, start + len(sentence))


def _detention(
    sentence: str,
    *,
    place: Place = MINSK,
    place_explicit: bool = True,
    date_: PartialDate = SUNDAY,
    date_explicit: bool = True,
    counts: dict[str, Count] | None = None,
) -> Candidate:
    return Candidate(
        type="detention",
        subtype=None,
        status="occurred",
        evidence=[_evidence(sentence)],
        date=date_,
        date_explicit=date_explicit,
        place=place,
        place_explicit=place_explicit,
        actors=[POLICE],
        counts=counts or {},
        confidence=0.8,
        sentence_start=TEXT.index(sentence),
    )


def test_merge_candidates_same_city_join_with_both_evidences() -> None:
    headline = _detention(
        "Police detain protesters in Minsk", date_=PartialDate(), date_explicit=False
    )
    body = _detention("Police detained 30 protesters in Minsk on Sunday.")

    merged = merge_candidates([body, headline])

    assert len(merged) == 1
    event = merged[0].to_event()
    assert [e.text for e in event.evidence] == [
        "Police detain protesters in Minsk",
        "Police detained 30 protesters in Minsk on Sunday.",
    ]
    assert event.location.name == "Minsk"
    assert event.date == SUNDAY  # the explicit date wins over the missing one
    assert event.confidence > 0.8  # two mentions are surer than one


def test_merge_candidates_different_explicit_cities_stay_apart() -> None:
    minsk = _detention("Police detained 30 protesters in Minsk on Sunday.")
    brest = _detention("Later, police detained students in Brest.", place=BREST)

    merged = merge_candidates([minsk, brest])

    assert sorted(c.place.name or "" for c in merged) == ["Brest", "Minsk"]


def test_merge_candidates_carried_place_yields_to_explicit_city() -> None:
    minsk = _detention("Police detained 30 protesters in Minsk on Sunday.")
    carried = _detention(
        "Later, police detained students in Brest.",
        place=Place(country="BY", precision="country"),
        place_explicit=False,
    )

    merged = merge_candidates([minsk, carried])

    assert len(merged) == 1
    assert merged[0].place == MINSK


def test_merge_candidates_different_types_stay_apart() -> None:
    detention = _detention("Police detained 30 protesters in Minsk on Sunday.")
    protest = _detention("Police detain protesters in Minsk")
    protest.type, protest.subtype = "protest", "demonstration"

    assert len(merge_candidates([detention, protest])) == 2


def test_merge_candidates_count_prefers_attributed_exact_figure() -> None:
    vague = Count(min=24, max=99, text="several dozen")
    exact = Count(min=50, max=50, text="50", attributed_to="eyewitnesses")
    first = _detention("Police detain protesters in Minsk", counts={"detained": vague})
    second = _detention(
        "Police detained 30 protesters in Minsk on Sunday.", counts={"detained": exact}
    )

    [merged] = merge_candidates([first, second])

    assert merged.counts["detained"] == exact


def test_merge_candidates_count_keeps_attributed_figure_over_later_vague_one() -> None:
    exact = Count(min=50, max=50, text="50", attributed_to="eyewitnesses")
    vague = Count(min=24, max=99, text="dozens")
    first = _detention("Police detain protesters in Minsk", counts={"detained": exact})
    second = _detention(
        "Police detained 30 protesters in Minsk on Sunday.", counts={"detained": vague}
    )

    [merged] = merge_candidates([first, second])

    assert merged.counts["detained"] == exact
