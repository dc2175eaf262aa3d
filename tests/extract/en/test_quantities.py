"""Counts as ranges (spec "counts", DEV-NOTES "Counts") and what is not a head count."""

from __future__ import annotations

from itertools import pairwise

import pytest

from khronika.extract.en.quantities import Quantity, find_quantities, parse_quantity

# --- the conventions, one phrase each ----------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("43", (43, 43)),
        ("1,000", (1000, 1000)),
        ("12,500", (12500, 12500)),
        ("2.5 million", (2_500_000, 2_500_000)),
        ("nine", (9, 9)),
        ("Twenty-eight", (28, 28)),
        ("twenty five", (25, 25)),
        ("a hundred", (100, 100)),
        ("hundred and twenty", (120, 120)),
        ("two hundred and fifty", (250, 250)),
        ("three thousand", (3000, 3000)),
        ("a dozen", (12, 12)),
        ("two dozen", (24, 24)),
        ("half a dozen", (6, 6)),
        ("one", (1, 1)),
    ],
)
def test_an_exact_number_is_min_equals_max(
    phrase: str, expected: tuple[int | None, int | None]
) -> None:
    assert parse_quantity(phrase) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("dozens", (24, 99)),
        ("Dozens", (24, 99)),
        ("dozens of", (24, 99)),
        ("several dozen", (24, 99)),
        ("scores", (40, 99)),
        ("scores of", (40, 99)),
        ("hundreds", (200, 999)),
        ("several hundred", (200, 999)),
        ("thousands", (2000, 9999)),
        ("several thousand", (2000, 9999)),
        ("tens of thousands", (20000, 99999)),
        ("hundreds of thousands", (200_000, 999_999)),
    ],
)
def test_a_vague_word_becomes_a_range(phrase: str, expected: tuple[int, int]) -> None:
    assert parse_quantity(phrase) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("more than 1,000", (1001, None)),
        ("More than 70", (71, None)),
        ("over 20", (21, None)),
        ("well over 100", (101, None)),
        ("more than a dozen", (13, None)),
        ("at least 25", (25, None)),
        ("no fewer than 40", (40, None)),
        ("up to 300", (None, 300)),
        ("as many as 300", (None, 300)),
        ("fewer than 10", (None, 9)),
    ],
)
def test_open_ended_modifiers(phrase: str, expected: tuple[int | None, int | None]) -> None:
    assert parse_quantity(phrase) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("some 50", (44, 56)),
        ("around 80", (70, 90)),
        ("about 3,000", (2625, 3375)),
        ("about 30", (26, 34)),
        ("approximately 200", (175, 225)),
        ("roughly 40", (35, 45)),
        ("an estimated 5,000", (4375, 5625)),
        ("About a dozen", (11, 14)),  # 10.5 and 13.5, rounded half up
        ("about 2000 people", (1750, 2250)),  # a modifier and a noun make it a count, not a year
    ],
)
def test_about_is_twelve_and_a_half_percent_either_side(
    phrase: str, expected: tuple[int, int]
) -> None:
    assert parse_quantity(phrase) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Almost 400", (350, 399)),
        ("nearly 400", (350, 399)),
        ("just under 400", (350, 399)),
        ("nearly a hundred", (88, 99)),
        ("almost 30", (26, 29)),
    ],
)
def test_almost_is_seven_eighths_to_one_less(phrase: str, expected: tuple[int, int]) -> None:
    assert parse_quantity(phrase) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("between 20 and 30", (20, 30)),
        ("20-30", (20, 30)),
        ("20 to 30", (20, 30)),
        ("two or three", (2, 3)),
        ("a 300-strong crowd", None),  # does not start with the number
        ("300-strong", (300, 300)),
    ],
)
def test_ranges_and_strength(phrase: str, expected: tuple[int, int] | None) -> None:
    assert parse_quantity(phrase) == expected


# --- what gives no count -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase",
    ["several", "a number of", "a couple dozen", "a few hundred", "many", "few", "a few"],
)
def test_vague_quantifiers_give_no_count(phrase: str) -> None:
    assert parse_quantity(phrase) is None


@pytest.mark.parametrize(
    "phrase",
    [
        # years
        "2011",
        "in 2011",
        "since 1991",
        "around 2015, the",
        "2011-2012",
        "the 1990s",
        # dates and times
        "May 10",
        "on 2 May",
        "10 January",
        "16:55",
        "10/05/2020",
        "7 p.m.",
        "7pm",
        "10 AM",
        # money and percentages
        "£80 million",
        "$5",
        "80 million tenge",
        "40%",
        "40 per cent",
        "30 percent",
        # durations and terms
        "15 days",
        "four years",
        "25-day",
        "12 years",
        "three years",
        "20 to 30 days",
        "10-15 days",
        "five more days",
        "four and a half years",
        "two and a half",
        "around 13 million [metric] tons",
        "dozens of years",
        # ordinals, ages, names and codes
        "first",
        "third-largest",
        "21st",
        "twenty-first",
        "aged 25",
        "at the age of 25",
        "25-year-old",
        "Article 174",
        "No. 5",
        "COVID-19",
        # pronoun "one" and bare decimals
        "one of the organisers",
        "one another",
        "3.5",
        "0",
        "1664340840",  # a timestamp
    ],
)
def test_not_a_head_count(phrase: str) -> None:
    assert parse_quantity(phrase) is None


def test_a_phrase_that_does_not_start_with_a_quantity_is_none() -> None:
    assert parse_quantity("the 300 protesters") is None
    assert parse_quantity("  dozens  ") == (24, 99)


# --- mentions in running text ------------------------------------------------------------------


def _texts(text: str) -> list[str]:
    return [q.text for q in find_quantities(text)]


def test_story_of_a_rally_two_counts_a_date_and_a_jail_term() -> None:
    text = (
        "On 4 June about 300 people rallied outside the city hall.\n"
        "Police detained dozens of them, and a court jailed the organiser for 15 days."
    )
    assert find_quantities(text) == [
        Quantity(start=10, end=19, text="about 300", min=263, max=338, head_start=16, head_end=19),
        Quantity(start=74, end=80, text="dozens", min=24, max=99, head_start=74, head_end=80),
    ]
    assert text[10:19] == "about 300"
    assert text[16:19] == "300"
    assert text[74:80] == "dozens"


def test_story_of_a_trial_rejects_the_name_the_age_and_the_article() -> None:
    text = (
        "Kazakhstan 2012: Marat Seitkali, 34, was charged under Article 174 and sentenced "
        "to four years; nine other activists and Twenty-eight workers were detained."
    )
    assert _texts(text) == ["nine", "Twenty-eight"]


def test_story_of_a_list_and_a_clock_time() -> None:
    text = (
        "1. Protesters gathered at 7 p.m. on May 10.\n"
        "2. Police said more than 1,000 people came. Almost 400 stayed, said Article 19."
    )
    assert _texts(text) == ["more than 1,000", "Almost 400"]


def test_story_with_money_percent_and_one_of() -> None:
    text = (
        "One of the organisers was fined 80,000 tenge. Turnout was 40 percent higher than "
        "in 2019, and over 20 students joined, along with a dozen teachers and one doctor."
    )
    assert _texts(text) == ["over 20", "a dozen", "one"]


def test_a_modifier_after_a_capitalised_word_is_not_a_name() -> None:
    assert _texts("Police in Almaty said about 300 came.") == ["about 300"]
    assert _texts("Activists told Reuters some 50 were held.") == ["some 50"]


def test_a_headline_in_title_case_keeps_its_count() -> None:
    assert _texts("Police Detain 30 Activists in Almaty") == ["30"]


def test_weekday_before_a_number_does_not_make_it_a_name() -> None:
    assert _texts("On Monday 300 people marched.") == ["300"]


def test_head_is_the_numeral_without_modifier_or_article() -> None:
    text = "Some 50 marched; about a dozen were held; several hundred watched; 2.5 million voted."
    heads = [text[q.head_start : q.head_end] for q in find_quantities(text)]
    assert heads == ["50", "dozen", "hundred", "2.5 million"]


def test_mentions_are_sorted_exact_and_non_overlapping() -> None:
    text = (
        "Tens of thousands rallied; at least 25 were hurt, between 3 and 5 died, "
        "up to 300 were held and scores of others fled, some 1,500 according to police."
    )
    found = find_quantities(text)
    assert [q.text for q in found] == [
        "Tens of thousands",
        "at least 25",
        "between 3 and 5",
        "up to 300",
        "scores",
        "some 1,500",
    ]
    for q in found:
        assert text[q.start : q.end] == q.text
        assert q.start <= q.head_start < q.head_end == q.end
    assert all(a.end <= b.start for a, b in pairwise(found))


def test_other_senses_of_scores_are_not_counts() -> None:
    assert _texts("The test scores rose and he scores twice.") == []


def test_empty_text_has_no_quantities() -> None:
    assert find_quantities("") == []
