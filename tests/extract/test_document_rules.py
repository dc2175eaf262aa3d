"""One document's candidates: the same act copied to each city, and talk or history kept only
beside news. Candidates are built by hand over one invented report, so no model is loaded.
"""

from __future__ import annotations

from khronika.extract.candidates import Candidate
from khronika.extract.context import PlaceMention
from khronika.extract.document_rules import anchored, copies_per_city
from khronika.extract.places import Gazetteer, GazetteerEntry
from khronika.model import Actor, Count, Evidence, PartialDate, Place

TEXT = (
    "Police detained Aigerim Tulegenova and 12 others in Almaty and Shymkent. "
    "The ministry said the harvest would be good."
)
DETAINED = TEXT.split(". ")[0] + "."
SAID = TEXT.split(". ")[1]
ALMATY = Place(name="Almaty", country="KZ", precision="city", text="Almaty")
SHYMKENT = GazetteerEntry("Shymkent", "city", "KZ", None, 42.3, 69.6)
POLICE = Actor(name="police", kind="police", role="perpetrator")
TULEGENOVA = Actor(name="Aigerim Tulegenova", kind="person", role="target")


def _candidate(type_: str, sentence: str, **fields: object) -> Candidate:
    start = TEXT.index(sentence)
    candidate = Candidate(
        type=type_,
        subtype=None,
        status="occurred",
        evidence=[Evidence.from_text("report.txt", TEXT, start, start + len(sentence))],
        date=PartialDate(),
        date_explicit=False,
        place=ALMATY,
        place_explicit=True,
        actors=[POLICE, TULEGENOVA],
        confidence=0.7,
        sentence_start=start,
    )
    for name, value in fields.items():
        setattr(candidate, name, value)
    return candidate


def _shymkent() -> PlaceMention:
    start = TEXT.index("Shymkent")
    return PlaceMention(start, start + 8, "Shymkent", SHYMKENT, token=10)


def test_the_same_detention_in_another_city_is_a_copy_placed_there() -> None:
    detention = _candidate(
        "detention", DETAINED, counts={"detained": Count(min=13, max=13, text="13")}
    )

    [copy] = copies_per_city(detention, [_shymkent()], Gazetteer())

    assert (copy.place.name, copy.place.text, copy.place_explicit) == ("Shymkent", "Shymkent", True)
    assert copy.actors == detention.actors and copy.counts == detention.counts
    assert copy.evidence == detention.evidence and copy.evidence is not detention.evidence
    assert detention.place == ALMATY  # the original keeps its city


def test_a_copy_can_leave_the_targets_and_counts_to_their_own_city() -> None:
    detention = _candidate(
        "detention", DETAINED, counts={"detained": Count(min=13, max=13, text="13")}
    )

    [copy] = copies_per_city(
        detention, [_shymkent()], Gazetteer(), keep_targets=False, keep_counts=False
    )

    assert copy.actors == [POLICE] and copy.counts == {}


def test_a_claim_that_needs_an_anchor_goes_when_the_text_reports_no_act() -> None:
    claim = _candidate("statement", SAID, subtype="official_claim")

    assert anchored([claim], lambda c: c.subtype == "official_claim") == []


def test_beside_news_a_claim_stays_only_where_it_speaks_of_the_conflict() -> None:
    detention = _candidate("detention", DETAINED)
    about = _candidate("statement", SAID, subtype="official_claim", about_conflict=True)
    aside = _candidate("statement", SAID, subtype="official_claim", about_conflict=False)

    kept = anchored(
        [detention, about, aside],
        lambda c: c.subtype == "official_claim",
        lambda c: c.about_conflict,
    )

    assert kept == [detention, about]


def test_an_act_that_itself_needs_an_anchor_is_no_anchor_for_the_rest() -> None:
    recalled = _candidate("detention", DETAINED, needs_anchor=True)
    statement = _candidate("statement", SAID)

    assert anchored([recalled, statement], lambda c: c.type == "statement" or c.needs_anchor) == []
