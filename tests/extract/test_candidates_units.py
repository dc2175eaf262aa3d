"""Merging mentions, rule by rule: when two candidates are one happening, and what the merged
event keeps (place, date, actors, counts, confidence).

Candidates are built by hand over one invented report, so no model is loaded here.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from khronika.extract.candidates import Candidate, can_merge, merge_candidates, merge_into
from khronika.model import Actor, Count, Evidence, PartialDate, Place

TEXT = (
    "Police beat Marat Seitkali in Almaty\n\n"
    "Police beat the activist Marat Seitkali outside the akimat in Almaty on Monday. "
    "Seitkali was taken to hospital. "
    "The next day police beat Dana Ospan in Shymkent. "
    "Human Rights Watch condemned the beatings. "
    "Human Rights Watch also condemned the arrests."
)
ALMATY = Place(name="Almaty", country="KZ", lat=43.25, lon=76.91, precision="city", text="Almaty")
AKIMAT = replace(ALMATY, precision="site", text="outside the akimat")
SHYMKENT = Place(name="Shymkent", country="KZ", precision="city", text="Shymkent")
ALMATY_REGION = Place(name="Almaty Region", country="KZ", precision="region", text="Almaty Region")
BISHKEK = Place(name="Bishkek", country="KG", precision="city", text="Bishkek")
KAZAKHSTAN = Place(country="KZ", precision="country")
MONDAY = PartialDate(date(2022, 1, 3), date(2022, 1, 3), "day", "on Monday")
TUESDAY = PartialDate(date(2022, 1, 4), date(2022, 1, 4), "day", "The next day")
UNKNOWN = PartialDate()
POLICE = Actor(name="police", kind="police", role="perpetrator")
SEITKALI = Actor(name="Marat Seitkali", kind="person", role="target")
OSPAN = Actor(name="Dana Ospan", kind="person", role="target")
HRW = Actor(name="Human Rights Watch", kind="ngo", role="speaker")


def _evidence(sentence: str) -> Evidence:
    start = TEXT.index(sentence)
    return Evidence.from_text("report.txt", TEXT, start, start + len(sentence))


HEADLINE = "Police beat Marat Seitkali in Almaty"
BODY = "Police beat the activist Marat Seitkali outside the akimat in Almaty on Monday."
HOSPITAL = "Seitkali was taken to hospital."
NEXT_DAY = "The next day police beat Dana Ospan in Shymkent."
CONDEMN = "Human Rights Watch condemned the beatings."
CONDEMN_AGAIN = "Human Rights Watch also condemned the arrests."


def _assault(
    sentence: str = BODY,
    *,
    place: Place = ALMATY,
    place_explicit: bool = True,
    date_: PartialDate = MONDAY,
    date_explicit: bool = True,
    actors: list[Actor] | None = None,
    status: str = "occurred",
    subtype: str | None = None,
    confidence: float = 0.7,
    **fields: object,
) -> Candidate:
    candidate = Candidate(
        type="assault",
        subtype=subtype,
        status=status,
        evidence=[_evidence(sentence)],
        date=date_,
        date_explicit=date_explicit,
        place=place,
        place_explicit=place_explicit,
        actors=list(actors if actors is not None else [POLICE, SEITKALI]),
        confidence=confidence,
        sentence_start=TEXT.index(sentence),
    )
    for name, value in fields.items():
        setattr(candidate, name, value)
    return candidate


def _statement(sentence: str, *, subtype: str = "condemnation", **fields: object) -> Candidate:
    candidate = _assault(sentence, actors=[HRW], place=Place(), place_explicit=False, **fields)
    candidate.type, candidate.subtype = "statement", subtype
    return candidate


# --- to_event ----------------------------------------------------------------------------------


def test_to_event_orders_evidence_by_position_and_copies_the_fields() -> None:
    candidate = _assault(BODY, charges=["hooliganism"], summary="Police beat an activist.")
    candidate.evidence = [_evidence(BODY), _evidence(HEADLINE)]
    candidate.counts = {"injured": Count(min=1, max=1, text="one")}

    event = candidate.to_event()

    assert [e.text for e in event.evidence] == [HEADLINE, BODY]
    assert event.type == "assault"
    assert event.location == ALMATY
    assert event.date == MONDAY
    assert event.actors == (POLICE, SEITKALI)
    assert event.charges == ("hooliganism",)
    assert event.counts["injured"].text == "one"
    assert event.summary == "Police beat an activist."


def test_to_event_caps_confidence_below_one_and_rounds_it() -> None:
    assert _assault(confidence=1.4).to_event().confidence == 0.99
    assert _assault(confidence=0.812345).to_event().confidence == 0.812


# --- dates -------------------------------------------------------------------------------------


def test_can_merge_two_explicit_different_days_are_two_assaults() -> None:
    monday = _assault(BODY)
    tuesday = _assault(NEXT_DAY, date_=TUESDAY)

    assert not can_merge(monday, tuesday)


def test_can_merge_anaphoric_date_agrees_with_any_date() -> None:
    monday = _assault(BODY)
    same_day = _assault(
        HOSPITAL, date_=replace(TUESDAY, text="on the same day"), place_explicit=False
    )

    assert can_merge(monday, same_day)


def test_can_merge_carried_date_yields_to_the_explicit_one() -> None:
    monday = _assault(BODY)
    carried = _assault(HOSPITAL, date_=TUESDAY, date_explicit=False, place_explicit=False)

    assert can_merge(monday, carried)


def test_can_merge_unknown_dates_agree_only_with_the_same_words() -> None:
    may = PartialDate(None, None, "unknown", "On May 3")
    june = PartialDate(None, None, "unknown", "On June 7")

    same = _assault(HEADLINE, date_=may), _assault(BODY, date_=replace(may, text="on may 3"))
    different = _assault(HEADLINE, date_=may), _assault(BODY, date_=june)

    assert can_merge(*same)
    assert not can_merge(*different)


# --- places ------------------------------------------------------------------------------------


def test_can_merge_different_countries_never_merge_even_when_carried() -> None:
    almaty = _assault(BODY)
    bishkek = _assault(HOSPITAL, place=BISHKEK, place_explicit=False)

    assert not can_merge(almaty, bishkek)


def test_can_merge_region_in_headline_and_city_in_body_are_one_place() -> None:
    region = _assault(HEADLINE, place=ALMATY_REGION, date_=UNKNOWN, date_explicit=False)
    city = _assault(BODY)

    assert can_merge(region, city)


def test_can_merge_explicit_cities_of_one_country_stay_apart() -> None:
    almaty = _assault(BODY)
    shymkent = _assault(NEXT_DAY, place=SHYMKENT, date_=MONDAY)

    assert not can_merge(almaty, shymkent)


def test_can_merge_one_sentence_in_two_cities_stays_two_events() -> None:
    # "In Almaty and Shymkent, police beat ...": the per-city copies of one trigger.
    almaty = _assault(BODY)
    shymkent = _assault(BODY, place=SHYMKENT)

    assert not can_merge(almaty, shymkent)


def test_can_merge_one_sentence_twice_in_one_city_is_one_event() -> None:
    assert can_merge(_assault(BODY), _assault(BODY, place=AKIMAT))


def test_can_merge_country_level_place_yields_to_the_city() -> None:
    city = _assault(BODY)
    country = _assault(HOSPITAL, place=KAZAKHSTAN, place_explicit=True)

    assert can_merge(city, country)


# --- parties -----------------------------------------------------------------------------------


def test_can_merge_assaults_on_different_people_stay_apart() -> None:
    seitkali = _assault(BODY)
    ospan = _assault(NEXT_DAY, actors=[POLICE, OSPAN], date_=MONDAY, place=ALMATY)

    assert not can_merge(seitkali, ospan)


def test_can_merge_surname_alone_is_the_same_target() -> None:
    full = _assault(BODY)
    surname = _assault(
        HOSPITAL,
        actors=[Actor(name="Seitkali", kind="person", role="target")],
        place_explicit=False,
    )

    assert can_merge(full, surname)


def test_can_merge_detentions_of_different_people_may_join() -> None:
    # Only statements and acts against a person are cut by their parties; a detention of
    # several people in one raid is one event.
    first = _assault(BODY)
    second = _assault(NEXT_DAY, actors=[POLICE, OSPAN], date_=MONDAY, place=ALMATY)
    first.type = second.type = "detention"

    assert can_merge(first, second)


def test_can_merge_statements_of_different_speakers_stay_apart() -> None:
    hrw = _statement(CONDEMN)
    other = _statement(CONDEMN_AGAIN)
    other.actors = [Actor(name="Amnesty International", kind="ngo", role="speaker")]

    assert not can_merge(hrw, other)


def test_can_merge_one_speaker_condemning_twice_is_one_statement() -> None:
    first = _statement(CONDEMN, date_=MONDAY)
    second = _statement(CONDEMN_AGAIN, date_=TUESDAY, status="announced")

    assert can_merge(first, second)


def test_can_merge_one_speaker_with_two_kinds_of_statement_is_two() -> None:
    condemnation = _statement(CONDEMN, date_=MONDAY)
    appeal = _statement(CONDEMN_AGAIN, date_=TUESDAY, subtype="appeal")

    assert not can_merge(condemnation, appeal)


# --- type, status, subtype ---------------------------------------------------------------------


def test_can_merge_different_types_never_merge() -> None:
    assault = _assault(BODY)
    detention = _assault(HEADLINE)
    detention.type = "detention"

    assert not can_merge(assault, detention)


def test_can_merge_announced_and_occurred_stay_apart() -> None:
    done = _assault(BODY)
    threatened = _assault(HEADLINE, status="announced")

    assert not can_merge(done, threatened)


def test_can_merge_referential_mention_bridges_the_status() -> None:
    done = _assault(BODY)
    threatened = _assault(HEADLINE, status="announced", referential=True)

    assert can_merge(done, threatened)


def test_can_merge_different_subtypes_stay_apart() -> None:
    torture = _assault(BODY, subtype="torture")
    other = _assault(HEADLINE, subtype="beating")

    assert not can_merge(torture, other)


def test_can_merge_a_missing_subtype_agrees_with_any() -> None:
    assert can_merge(_assault(BODY, subtype="torture"), _assault(HEADLINE))


def test_can_merge_one_sentence_naming_one_act_twice_is_one_event() -> None:
    first = _assault(BODY, subtype="torture", date_=MONDAY)
    second = _assault(BODY, subtype="beating", date_=TUESDAY)

    assert can_merge(first, second)


# --- what the merged event keeps ---------------------------------------------------------------


def test_merge_into_explicit_place_beats_a_carried_one() -> None:
    carried = _assault(HOSPITAL, place=SHYMKENT, place_explicit=False)
    explicit = _assault(BODY)

    merge_into(carried, explicit)

    assert (carried.place, carried.place_explicit) == (ALMATY, True)


def test_merge_into_site_beats_its_city() -> None:
    city = _assault(HEADLINE)
    site = _assault(BODY, place=AKIMAT)

    merge_into(city, site)

    assert city.place.precision == "site"
    assert city.place.text == "outside the akimat"


def test_merge_into_keeps_the_first_place_when_equally_precise() -> None:
    first = _assault(HEADLINE)
    second = _assault(BODY, place=replace(ALMATY, text="in Almaty"))

    merge_into(first, second)

    assert first.place.text == "Almaty"


def test_merge_into_explicit_date_beats_a_carried_one() -> None:
    carried = _assault(HEADLINE, date_=TUESDAY, date_explicit=False)
    explicit = _assault(BODY)

    merge_into(carried, explicit)

    assert (carried.date, carried.date_explicit) == (MONDAY, True)


def test_merge_into_known_date_beats_an_unknown_one() -> None:
    unknown = _assault(HEADLINE, date_=PartialDate(None, None, "unknown", "recently"))
    known = _assault(BODY)

    merge_into(unknown, known)

    assert unknown.date == MONDAY


def test_merge_into_fills_a_missing_subtype() -> None:
    plain = _assault(HEADLINE)

    merge_into(plain, _assault(BODY, subtype="torture"))

    assert plain.subtype == "torture"


def test_merge_into_evidence_is_deduplicated_and_ordered() -> None:
    body = _assault(BODY)
    headline = _assault(HEADLINE)
    headline.evidence.append(_evidence(BODY))

    merge_into(body, headline)

    assert [e.text for e in body.evidence] == [HEADLINE, BODY]


def test_merge_into_one_actor_keeps_the_stronger_role() -> None:
    as_target = _assault(HEADLINE, actors=[Actor(name="Police", kind="police", role="target")])
    as_perpetrator = _assault(BODY, actors=[POLICE])

    merge_into(as_target, as_perpetrator)

    assert [(a.name, a.role) for a in as_target.actors] == [("police", "perpetrator")]


def test_merge_into_surname_folds_into_the_full_name() -> None:
    short = _assault(HOSPITAL, actors=[Actor(name="Seitkali", kind="person", role="target")])
    full = _assault(BODY)

    merge_into(short, full)

    assert {a.name for a in short.actors} == {"police", "Marat Seitkali"}


def test_merge_into_surname_in_another_role_is_kept() -> None:
    short = _assault(HOSPITAL, actors=[Actor(name="Seitkali", kind="person", role="speaker")])

    merge_into(short, _assault(BODY))

    assert {(a.name, a.role) for a in short.actors} == {
        ("Seitkali", "speaker"),
        ("police", "perpetrator"),
        ("Marat Seitkali", "target"),
    }


def test_merge_into_exact_count_beats_a_vague_one() -> None:
    vague = _assault(HEADLINE, counts={"injured": Count(min=24, max=99, text="dozens")})
    exact = _assault(BODY, counts={"injured": Count(min=31, max=31, text="31")})

    merge_into(vague, exact)

    assert vague.counts["injured"].text == "31"


def test_merge_into_narrow_range_beats_an_open_one() -> None:
    open_ = _assault(HEADLINE, counts={"injured": Count(min=101, max=None, text="more than 100")})
    narrow = _assault(BODY, counts={"injured": Count(min=30, max=40, text="30-40")})

    merge_into(open_, narrow)

    assert open_.counts["injured"].text == "30-40"


def test_merge_into_equal_rank_prefers_the_shorter_text() -> None:
    long = _assault(HEADLINE, counts={"injured": Count(min=12, max=12, text="twelve")})
    short = _assault(BODY, counts={"injured": Count(min=12, max=12, text="12")})

    merge_into(long, short)

    assert long.counts["injured"].text == "12"


def test_merge_into_counts_of_other_keys_are_added() -> None:
    injured = _assault(HEADLINE, counts={"injured": Count(min=2, max=2, text="two")})
    hospital = _assault(BODY, counts={"hospitalised": Count(min=1, max=1, text="one")})

    merge_into(injured, hospital)

    assert set(injured.counts) == {"injured", "hospitalised"}


def test_merge_into_charges_and_demands_keep_first_seen_order_without_repeats() -> None:
    first = _assault(HEADLINE, charges=["hooliganism"], demands=["release"])
    second = _assault(BODY, charges=["extremism", "hooliganism"], demands=["release", "justice"])

    merge_into(first, second)

    assert first.charges == ["hooliganism", "extremism"]
    assert first.demands == ["release", "justice"]


def test_merge_into_second_mention_raises_confidence_by_half_its_weight() -> None:
    first = _assault(HEADLINE, confidence=0.6)

    merge_into(first, _assault(BODY, confidence=0.8))

    assert first.confidence == pytest.approx(1 - 0.4 * (1 - 0.4))


def test_merge_into_empty_summary_is_taken_from_the_other() -> None:
    first = _assault(HEADLINE, summary="")

    merge_into(first, _assault(BODY, summary="Police beat an activist in Almaty."))

    assert first.summary == "Police beat an activist in Almaty."


def test_merge_into_own_summary_is_kept() -> None:
    first = _assault(HEADLINE, summary="Headline.")

    merge_into(first, _assault(BODY, summary="Body."))

    assert first.summary == "Headline."


# --- merge_candidates --------------------------------------------------------------------------


def test_merge_candidates_folds_in_document_order() -> None:
    headline = _assault(HEADLINE, date_=UNKNOWN, date_explicit=False, summary="Headline.")
    body = _assault(BODY, summary="Body.")

    [merged] = merge_candidates([body, headline])

    assert merged.summary == "Headline."  # the earlier mention is the one the others join
    assert merged.date == MONDAY


def test_merge_candidates_a_later_mention_joins_the_first_that_agrees() -> None:
    almaty = _assault(BODY)
    shymkent = _assault(NEXT_DAY, place=SHYMKENT, date_=TUESDAY, actors=[POLICE, OSPAN])
    back_in_almaty = _assault(HOSPITAL, place_explicit=False, date_explicit=False)

    merged = merge_candidates([almaty, shymkent, back_in_almaty])

    assert [c.place.name for c in merged] == ["Almaty", "Shymkent"]
    assert len(merged[0].evidence) == 2
    assert len(merged[1].evidence) == 1


def test_merge_candidates_empty_list_is_empty() -> None:
    assert merge_candidates([]) == []
