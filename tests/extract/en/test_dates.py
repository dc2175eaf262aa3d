"""Date phrases: finding them with exact offsets and resolving them without guessing a year.

The phrases and paragraphs are hand-written; each test is one small story about a reader
who knows the publication date (or does not) and must date what the text says.
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest

from khronika.extract.en.dates import DateMention, find_date_mentions, resolve_date
from khronika.model import PartialDate

# A few publication dates with known weekdays.
THU_2012_12_06 = date(2012, 12, 6)  # Thursday
SAT_2019_07_06 = date(2019, 7, 6)  # Saturday
FRI_2024_11_29 = date(2024, 11, 29)  # Friday


def day(d: date, text: str) -> PartialDate:
    return PartialDate(d, d, "day", text)


def days(a: date, b: date, text: str) -> PartialDate:
    return PartialDate(a, b, "day", text)


def unknown(text: str) -> PartialDate:
    return PartialDate(None, None, "unknown", text)


# --- explicit dates: the text alone is enough -----------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("December 6, 2012", date(2012, 12, 6)),
        ("6 Jul 2019", date(2019, 7, 6)),
        ("8 January 2021", date(2021, 1, 8)),
        ("Jul 18, 2022", date(2022, 7, 18)),
        ("on May 10, 2019", date(2019, 5, 10)),
        ("on the 3rd of March, 2020", date(2020, 3, 3)),
        ("Sept. 14, 2020", date(2020, 9, 14)),
        ("2019-07-06", date(2019, 7, 6)),
    ],
)
def test_full_date_resolves_to_the_day_without_publication(phrase: str, expected: date) -> None:
    assert resolve_date(phrase, published=None) == day(expected, phrase)


def test_weekday_before_a_full_date_is_ignored() -> None:
    phrase = "on Monday, June 3, 2019"
    assert resolve_date(phrase, published=None) == day(date(2019, 6, 3), phrase)


def test_impossible_day_gives_no_date_rather_than_a_wrong_one() -> None:
    assert resolve_date("31 June 2019", published=None) == unknown("31 June 2019")


@pytest.mark.parametrize(
    "phrase", ["December 2011", "in December 2011", "at the end of December 2011", "Dec 2011"]
)
def test_month_and_year_is_the_whole_month(phrase: str) -> None:
    expected = PartialDate(date(2011, 12, 1), date(2011, 12, 31), "month", phrase)
    assert resolve_date(phrase, published=None) == expected


def test_february_of_a_leap_year_ends_on_the_29th() -> None:
    result = resolve_date("in February 2020", published=None)
    assert (result.start, result.end) == (date(2020, 2, 1), date(2020, 2, 29))


@pytest.mark.parametrize("phrase", ["in 2021", "the 2021 death", "early 2021", "2021"])
def test_bare_year_is_the_whole_year(phrase: str) -> None:
    expected = PartialDate(date(2021, 1, 1), date(2021, 12, 31), "year", phrase)
    assert resolve_date(phrase, published=None) == expected


def test_ambiguous_numeric_date_keeps_only_its_year() -> None:
    # 06/07/2019 is June 7 or 6 July depending on the writer: only the year is certain.
    result = resolve_date("06/07/2019", published=None)
    assert (result.start, result.end, result.precision) == (
        date(2019, 1, 1),
        date(2019, 12, 31),
        "year",
    )


# --- day and month without a year: never a guessed year -------------------------------------


@pytest.mark.parametrize(
    "phrase",
    [
        "on May 10",
        "On 2 May",
        "January 5",
        "on Monday, June 3",
        "on the morning of 6 January",
        "the January 5 protest",
        "in March",
        "last July",
        "on Tuesday",
        "last week",
        "last year",
        "overnight",
        "several days ago",
        "since June 9",
        "May Day",
    ],
)
def test_without_publication_date_a_yearless_phrase_stays_unknown(phrase: str) -> None:
    found = resolve_date(phrase, published=None)
    # Never a guessed year; a month and day the phrase names may be kept beside it as data.
    assert (found.start, found.end, found.precision, found.text) == (None, None, "unknown", phrase)


@pytest.mark.parametrize(
    ("phrase", "month_day"),
    [("on May 10", (5, 10)), ("On 2 May", (5, 2)), ("on Monday, June 3", (6, 3))],
)
def test_without_publication_date_a_month_and_day_are_kept_as_data(
    phrase: str, month_day: tuple[int, int]
) -> None:
    found = resolve_date(phrase, published=None)

    assert (found.month, found.day) == month_day
    assert found.to_dict()["month"] == month_day[0]


def test_day_and_month_take_the_year_of_publication() -> None:
    assert resolve_date("On 2 May", published=SAT_2019_07_06) == day(date(2019, 5, 2), "On 2 May")
    assert resolve_date("on May 10", published=SAT_2019_07_06) == day(
        date(2019, 5, 10), "on May 10"
    )


def test_day_and_month_never_land_after_publication() -> None:
    # A September 2020 article four days before the 14th: it is last year's 14 September.
    result = resolve_date("14 September", published=date(2020, 9, 10))
    assert result == day(date(2019, 9, 14), "14 September")


def test_day_and_month_on_the_publication_day_is_that_day() -> None:
    result = resolve_date("on July 6", published=SAT_2019_07_06)
    assert result == day(SAT_2019_07_06, "on July 6")


def test_the_29th_of_february_is_in_the_last_leap_year_before_publication() -> None:
    # Read in July 2023, "on February 29" can only be 2020's; read in March 2024, 2024's.
    assert resolve_date("on February 29", published=date(2023, 7, 1)) == day(
        date(2020, 2, 29), "on February 29"
    )
    assert resolve_date("on February 29", published=date(2024, 3, 1)) == day(
        date(2024, 2, 29), "on February 29"
    )


def test_a_day_the_month_does_not_have_is_no_date() -> None:
    assert resolve_date("on 31 June", published=SAT_2019_07_06).precision != "day"


def test_weekday_does_not_pick_the_year() -> None:
    # Read from January 2020, "Monday, June 3" is June 2019 because that is the latest
    # 3 June before publication, not because 3 June 2019 happened to be a Monday.
    result = resolve_date("on Monday, June 3", published=date(2020, 1, 15))
    assert result == day(date(2019, 6, 3), "on Monday, June 3")


def test_morning_of_a_day_is_that_day() -> None:
    phrase = "On the morning of 6 January"
    assert resolve_date(phrase, published=date(2021, 1, 10)) == day(date(2021, 1, 6), phrase)


def test_date_inside_a_longer_phrase() -> None:
    phrase = "the January 5 protest"
    assert resolve_date(phrase, published=date(2022, 7, 18)) == day(date(2022, 1, 5), phrase)


def test_may_day_is_the_first_of_may() -> None:
    assert resolve_date("May Day", published=SAT_2019_07_06) == day(date(2019, 5, 1), "May Day")


# --- months and years relative to publication -----------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "published", "year"),
    [
        ("in March", date(2019, 7, 6), 2019),
        ("in March", date(2019, 3, 2), 2019),  # the publication month itself
        ("in November", THU_2012_12_06, 2012),
        ("in October", date(2013, 2, 1), 2012),  # not yet this year: last year's
        ("last July", date(2012, 9, 15), 2012),
        ("last July", date(2013, 3, 1), 2012),
        ("last July", date(2012, 7, 20), 2011),  # written in July: the previous July
        ("in early March", date(2019, 7, 6), 2019),
    ],
)
def test_month_only_is_the_latest_such_month(phrase: str, published: date, year: int) -> None:
    result = resolve_date(phrase, published=published)
    assert result.precision == "month"
    assert result.start is not None and result.start.year == year
    assert result.text == phrase


def test_month_range_covers_the_whole_month() -> None:
    result = resolve_date("in November", published=THU_2012_12_06)
    assert (result.start, result.end) == (date(2012, 11, 1), date(2012, 11, 30))


def test_last_year_and_this_year() -> None:
    assert resolve_date("last year", published=SAT_2019_07_06) == PartialDate(
        date(2018, 1, 1), date(2018, 12, 31), "year", "last year"
    )
    assert resolve_date("this year", published=SAT_2019_07_06) == PartialDate(
        date(2019, 1, 1), date(2019, 12, 31), "year", "this year"
    )


def test_last_month() -> None:
    result = resolve_date("last month", published=date(2020, 1, 15))
    assert result == PartialDate(date(2019, 12, 1), date(2019, 12, 31), "month", "last month")


# --- weekdays and weeks ------------------------------------------------------------------------


def test_weekday_is_the_latest_such_day_before_publication() -> None:
    # A Thursday release speaks of Tuesday: two days earlier.
    assert resolve_date("on Tuesday", published=THU_2012_12_06) == day(
        date(2012, 12, 4), "on Tuesday"
    )


def test_weekday_of_publication_is_the_same_day() -> None:
    assert resolve_date("on Saturday", published=SAT_2019_07_06) == day(
        SAT_2019_07_06, "on Saturday"
    )


def test_last_weekday_named_on_that_weekday_is_a_week_back() -> None:
    assert resolve_date("last Saturday", published=SAT_2019_07_06) == day(
        date(2019, 6, 29), "last Saturday"
    )


def test_weekday_with_time_of_day() -> None:
    assert resolve_date("on Monday morning", published=SAT_2019_07_06) == day(
        date(2019, 7, 1), "on Monday morning"
    )


def test_earlier_this_week_runs_monday_to_the_day_before() -> None:
    result = resolve_date("Earlier this week", published=SAT_2019_07_06)
    assert result == days(date(2019, 7, 1), date(2019, 7, 5), "Earlier this week")


def test_this_week_runs_monday_to_publication() -> None:
    result = resolve_date("this week", published=SAT_2019_07_06)
    assert result == days(date(2019, 7, 1), SAT_2019_07_06, "this week")


def test_last_week_is_the_previous_monday_to_sunday() -> None:
    result = resolve_date("last week", published=SAT_2019_07_06)
    assert result == days(date(2019, 6, 24), date(2019, 6, 30), "last week")


def test_the_weekend_in_a_thursday_article_is_the_saturday_and_sunday_before() -> None:
    result = resolve_date("over the weekend", published=THU_2012_12_06)
    assert result == days(date(2012, 12, 1), date(2012, 12, 2), "over the weekend")


# --- days around publication ----------------------------------------------------------------


@pytest.mark.parametrize("phrase", ["overnight", "last night"])
def test_a_night_spans_the_eve_and_the_publication_day(phrase: str) -> None:
    result = resolve_date(phrase, published=FRI_2024_11_29)
    assert result == days(date(2024, 11, 28), FRI_2024_11_29, phrase)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("yesterday", date(2024, 11, 28)),
        ("today", FRI_2024_11_29),
        ("Currently", FRI_2024_11_29),
        ("this afternoon", FRI_2024_11_29),
    ],
)
def test_yesterday_and_today(phrase: str, expected: date) -> None:
    assert resolve_date(phrase, published=FRI_2024_11_29) == day(expected, phrase)


def test_several_days_ago_is_the_week_before_publication() -> None:
    result = resolve_date("several days ago", published=SAT_2019_07_06)
    assert result == days(date(2019, 6, 29), date(2019, 7, 5), "several days ago")


def test_counted_days_ago_is_exact() -> None:
    assert resolve_date("three days ago", published=SAT_2019_07_06) == day(
        date(2019, 7, 3), "three days ago"
    )


def test_since_a_day_runs_to_publication() -> None:
    assert resolve_date("since June 9", published=SAT_2019_07_06) == days(
        date(2019, 6, 9), SAT_2019_07_06, "since June 9"
    )


def test_since_with_words_between() -> None:
    phrase = "since the vote was held on June 9"
    assert resolve_date(phrase, published=SAT_2019_07_06) == days(
        date(2019, 6, 9), SAT_2019_07_06, phrase
    )


def test_since_a_year_without_publication_is_open_ended() -> None:
    assert resolve_date("since 2019", published=None) == PartialDate(
        date(2019, 1, 1), None, "year", "since 2019"
    )


# --- anchored on the previous event ---------------------------------------------------------

SUNDAY = day(date(2022, 9, 25), "on Sunday")
WED_2022_09_28 = date(2022, 9, 28)


@pytest.mark.parametrize("phrase", ["the same day", "On the same day", "that night", "that day"])
def test_same_day_takes_the_anchor(phrase: str) -> None:
    result = resolve_date(phrase, published=WED_2022_09_28, anchor=SUNDAY)
    assert result == day(date(2022, 9, 25), phrase)


def test_same_day_without_anchor_is_unknown() -> None:
    assert resolve_date("the same day", published=WED_2022_09_28) == unknown("the same day")


def test_same_day_keeps_a_month_anchor_as_a_month() -> None:
    anchor = PartialDate(date(2022, 3, 1), date(2022, 3, 31), "month", "in March")
    result = resolve_date("that day", published=WED_2022_09_28, anchor=anchor)
    assert result == PartialDate(date(2022, 3, 1), date(2022, 3, 31), "month", "that day")


def test_day_before_prefers_the_anchor() -> None:
    result = resolve_date("the day before", published=WED_2022_09_28, anchor=SUNDAY)
    assert result == day(date(2022, 9, 24), "the day before")


def test_day_before_without_a_dated_anchor_counts_from_publication() -> None:
    vague = PartialDate(date(2022, 9, 1), date(2022, 9, 30), "month", "in September")
    result = resolve_date("the day before", published=WED_2022_09_28, anchor=vague)
    assert result == day(date(2022, 9, 27), "the day before")


def test_day_before_with_nothing_known_is_unknown() -> None:
    assert resolve_date("the day before", published=None) == unknown("the day before")


@pytest.mark.parametrize("phrase", ["a few days later", "several days later"])
def test_days_later_run_from_the_next_day_to_publication(phrase: str) -> None:
    result = resolve_date(phrase, published=WED_2022_09_28, anchor=SUNDAY)
    assert result == days(date(2022, 9, 26), WED_2022_09_28, phrase)


def test_then_may_still_be_the_anchor_day() -> None:
    result = resolve_date("Then", published=WED_2022_09_28, anchor=SUNDAY)
    assert result == days(date(2022, 9, 25), WED_2022_09_28, "Then")


def test_days_later_without_publication_is_unknown() -> None:
    assert resolve_date("a few days later", published=None, anchor=SUNDAY) == unknown(
        "a few days later"
    )


def test_counted_days_after_the_anchor() -> None:
    phrase = "two days later"
    result = resolve_date(phrase, published=WED_2022_09_28, anchor=SUNDAY)
    assert result == day(date(2022, 9, 27), phrase)


# --- odd input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase", ["", "   ", "Earlier", "during the rally dispersal", "??", "99 Foo 2019x"]
)
def test_odd_input_is_unknown_and_never_raises(phrase: str) -> None:
    result = resolve_date(phrase, published=SAT_2019_07_06)
    assert result.precision == "unknown"
    assert result.text == phrase


def test_text_is_kept_exactly_as_given() -> None:
    phrase = "  On 2 May, "
    assert resolve_date(phrase, published=SAT_2019_07_06).text == phrase


# --- finding --------------------------------------------------------------------------------

PARAGRAPH = (
    "On Monday, June 3, riot police broke up the sit-in. The January 5 protest had been "
    "smaller, and the 2021 death of a detainee was raised again. The group was banned in "
    "March 2018; its leader was held on the morning of 6 January and again on May 10, 2019. "
    "Rallies have continued since the vote was held on June 9. Earlier this week, on "
    "Tuesday, some 2000 people marched overnight, and the same day a court fined three. "
    "A few days later the ban was lifted; last July it had been extended. They may march "
    "in May, the report of Jul 18, 2022 says."
)


def test_paragraph_mentions_have_exact_offsets() -> None:
    mentions = find_date_mentions(PARAGRAPH)
    for m in mentions:
        assert PARAGRAPH[m.start : m.end] == m.text
    assert [m.text for m in mentions] == [
        "On Monday, June 3",
        "January 5",
        "2021",
        "in March 2018",
        "on the morning of 6 January",
        "on May 10, 2019",
        "since the vote was held on June 9",
        "Earlier this week",
        "on Tuesday",
        "overnight",
        "the same day",
        "A few days later",
        "last July",
        "in May",
        "Jul 18, 2022",
    ]


def test_mentions_are_sorted_and_disjoint() -> None:
    mentions = find_date_mentions(PARAGRAPH)
    for first, second in pairwise(mentions):
        assert first.end <= second.start


def test_longest_match_wins() -> None:
    text = "It happened on May 10, 2019."
    assert find_date_mentions(text) == [DateMention(12, 27, "on May 10, 2019")]


@pytest.mark.parametrize(
    "phrase",
    [
        "December 6, 2012",
        "6 Jul 2019",
        "in March",
        "December 2011",
        "last week",
        "this week",
        "last year",
        "on Saturday",
        "that night",
        "last night",
        "the day before",
        "several days ago",
        "at the end of October 2022",
    ],
)
def test_single_phrase_is_found_whole(phrase: str) -> None:
    text = f"Police said {phrase} that it was over."
    start = text.index(phrase)
    assert find_date_mentions(text) == [DateMention(start, start + len(phrase), phrase)]


@pytest.mark.parametrize(
    "text",
    [
        "They may march if the mayor agrees.",
        "Protesters march through the square.",
        "Some 2000 protesters gathered.",
        "No date at all.",
    ],
)
def test_words_that_only_look_like_dates(text: str) -> None:
    assert find_date_mentions(text) == []


def test_found_mentions_resolve() -> None:
    text = "Police said on Tuesday that the rally of December 6, 2012 was illegal."
    resolved = [resolve_date(m.text, published=THU_2012_12_06) for m in find_date_mentions(text)]
    assert [(r.start, r.precision) for r in resolved] == [
        (date(2012, 12, 4), "day"),
        (date(2012, 12, 6), "day"),
    ]


# --- counted from another event --------------------------------------------------------------

SAT_2022_10_15 = date(2022, 10, 15)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("three days after", date(2022, 9, 28)),
        ("a day after", date(2022, 9, 26)),
        ("two days before", date(2022, 9, 23)),
        ("a week later", date(2022, 10, 2)),
        ("Hours later", date(2022, 9, 25)),
    ],
)
def test_counted_from_the_event_before(phrase: str, expected: date) -> None:
    result = resolve_date(phrase, published=SAT_2022_10_15, anchor=SUNDAY)
    assert result == day(expected, phrase)


def test_the_following_week_is_the_week_after_the_anchor() -> None:
    result = resolve_date("the following week", published=SAT_2022_10_15, anchor=SUNDAY)
    assert result == days(date(2022, 9, 26), date(2022, 10, 2), "the following week")


def test_a_month_later_is_the_next_month() -> None:
    result = resolve_date("a month later", published=date(2022, 11, 2), anchor=SUNDAY)
    assert result == PartialDate(date(2022, 10, 1), date(2022, 10, 31), "month", "a month later")


def test_counted_days_after_without_an_anchor_are_unknown() -> None:
    assert resolve_date("three days after", published=SAT_2022_10_15) == unknown("three days after")


def test_counted_days_after_an_event_are_found_without_the_event() -> None:
    text = "A court fined her three days after the arrest of her brother."

    assert [m.text for m in find_date_mentions(text)] == ["three days after"]
