"""Which resolved dates a report may share with its next sentences (``is_moment``), and which
date phrases date only the noun they sit in (``attributive_head``, on parsed sentences)."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from khronika.extract.dating import attributive_head, is_moment
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
