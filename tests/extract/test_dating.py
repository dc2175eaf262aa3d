"""Which resolved dates a report may share with its next sentences (``is_moment``), and which
date phrases date only the noun they sit in (``attributive_head``, on parsed sentences)."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from khronika.extract.dating import (
    attributive_head,
    date_line_spans,
    is_moment,
    stated_publication,
)
from khronika.model import PartialDate

DAY = date(2022, 3, 7)


@pytest.mark.parametrize(
    ("resolved", "shared"),
    [
        (PartialDate(DAY, DAY, "day", "on Monday"), True),
        (PartialDate(date(2022, 3, 6), DAY, "day", "overnight"), True),
        (PartialDate(date(2022, 2, 1), date(2022, 2, 28), "month", "in February"), True),
        (PartialDate(date(2022, 1, 9), DAY, "day", "since January 9"), False),
        (PartialDate(date(2019, 1, 1), date(2019, 12, 31), "year", "in 2019"), False),
        (PartialDate(None, None, "unknown", "on March 1"), False),
    ],
)
def test_only_a_day_or_a_month_is_shared(resolved: PartialDate, shared: bool) -> None:
    assert is_moment(resolved) is shared


def _head(nlp: Language, text: str, phrase: str) -> str | None:
    doc = nlp(text)
    start = text.index(phrase)
    noun = attributive_head(doc, start, start + len(phrase))
    return noun.text if noun is not None else None


@pytest.mark.model
def test_a_year_before_a_noun_dates_that_noun(nlp: Language) -> None:
    text = "Dana Ospan was arrested for her part in the 2021 protests."

    assert _head(nlp, text, "2021") == "protests"


@pytest.mark.model
def test_an_of_phrase_dates_its_noun(nlp: Language) -> None:
    text = "He had spoken at the demonstrations of January 2022."

    assert _head(nlp, text, "January 2022") == "demonstrations"


@pytest.mark.model
def test_a_date_of_the_clause_has_no_noun(nlp: Language) -> None:
    text = "Police detained Marat Seitkali in Almaty on Monday."

    assert _head(nlp, text, "on Monday") is None


# --- the date line under the title -------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("14 Mar 2022 09:40", date(2022, 3, 14)),
        ("Updated: 12 March 2021", date(2021, 3, 12)),
        ("Dana Ospan Sep 3, 2020", date(2020, 9, 3)),
        ("Steppe Herald, 5 Oct 2023 - 18:05, Shymkent, Kazakhstan", date(2023, 10, 5)),
        ("PUBLISHED: 08:10 2 June 2019 | UPDATED: 09:30 3 June 2019", date(2019, 6, 2)),
        ("17:20 | 21.11.2018", date(2018, 11, 21)),
    ],
)
def test_a_short_date_line_gives_the_publication_date(line: str, published: date) -> None:
    text = f"Police detain activists in Shymkent\n\n{line}\n\nPolice detained five activists."

    assert stated_publication(text) == published
    start = text.index(line)
    assert date_line_spans(text) == [(start, start + len(line))]


@pytest.mark.parametrize(
    "text",
    [
        # The title's date is the event's, not the report's.
        "Protest in Shymkent 8 January 2021\n\nHundreds of people gathered in the square.",
        # A sentence with a date is a fact of the story.
        "Police detain activists\n\nPolice detained five activists in Shymkent on 3 May 2021.",
        # A photo caption dates the picture.
        "Police detain activists\n\nPhoto: Marat Seitkali, 3 May 2021\n\nPolice detained them.",
        # Without a year the line gives no publication date.
        "Police detain activists\n\nMay 3, Steppe Herald\n\nPolice detained five activists.",
    ],
)
def test_no_publication_date_from_anything_else(text: str) -> None:
    assert stated_publication(text) is None


@pytest.mark.model
def test_a_preposition_read_apart_from_its_date_leaves_the_date_to_the_clause(
    nlp: Language,
) -> None:
    text = "On 17 March investigators charged him with organising a rally."

    assert _head(nlp, text, "On 17 March") is None


@pytest.mark.model
def test_a_date_beside_a_place_name_is_no_event_nouns(nlp: Language) -> None:
    text = "ALMATY, 5 March 2023. Police detained Marat Seitkali in Almaty."

    assert _head(nlp, text, "5 March 2023") is None
