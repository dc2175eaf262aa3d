"""Where an English sentence puts its event: a named site near the trigger ("outside the
embassy"), a place something came from ("from Almaty"), and what a statement is about.
"""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Token

from khronika.extract.en.places import (
    EnglishPlaceRules,
    governing_prep,
    places_counted,
    site_phrase,
    topic_tokens,
)
from khronika.nlp.components import sentence_of

pytestmark = pytest.mark.model


def _token(nlp: Language, text: str, word: str) -> Token:
    return next(t for t in nlp(text) if t.text == word)


def _site(nlp: Language, text: str, word: str) -> str | None:
    head = _token(nlp, text, word)
    span = site_phrase(head, sentence_of(head))
    return text[span[0] : span[1]] if span else None


@pytest.mark.parametrize(
    ("text", "site"),
    [
        ("Police detained Dana Ospan outside the embassy.", "outside the embassy"),
        (
            "Police detained Dana Ospan near the parliament building in Almaty.",
            "near the parliament building in Almaty",
        ),
        ("Police detained Dana Ospan in the Akimat of Almaty.", "in the Akimat of Almaty"),
    ],
)
def test_site_phrase_named_site_near_the_trigger(nlp: Language, text: str, site: str) -> None:
    assert _site(nlp, text, "detained") == site


def test_site_phrase_none_on_a_day(nlp: Language) -> None:
    assert _site(nlp, "Police detained Dana Ospan on Monday in Almaty.", "detained") is None


def test_site_phrase_none_for_a_bare_city(nlp: Language) -> None:
    assert _site(nlp, "Police detained Dana Ospan in Almaty.", "detained") is None


def test_site_phrase_on_a_named_square(nlp: Language) -> None:
    text = "Protesters gathered on Republic Square in Almaty."

    assert _site(nlp, text, "gathered") == "on Republic Square in Almaty"


@pytest.mark.parametrize(
    ("text", "word", "prep"),
    [
        ("Activists from Almaty were detained in Shymkent.", "Almaty", "from"),
        ("Activists were detained in Shymkent.", "Shymkent", "in"),
        ("Almaty police detained him.", "Almaty", ""),
    ],
)
def test_governing_prep_of_a_place(nlp: Language, text: str, word: str, prep: str) -> None:
    assert governing_prep(_token(nlp, text, word)) == prep


def test_is_origin_only_for_from(nlp: Language) -> None:
    rules = EnglishPlaceRules()
    text = "Activists from Almaty were detained in Shymkent."

    assert rules.is_origin(_token(nlp, text, "Almaty"))
    assert not rules.is_origin(_token(nlp, text, "Shymkent"))


def test_governing_prep_from_the_city_of(nlp: Language) -> None:
    token = _token(nlp, "Activists from the city of Almaty were detained.", "Almaty")

    assert governing_prep(token) == "from"


def test_topic_tokens_of_a_statement_hold_its_object_and_with_phrase(nlp: Language) -> None:
    head = _token(nlp, "The union expressed solidarity with the workers of Zhanaozen.", "expressed")

    words = {head.doc[i].text for i in topic_tokens(head)}

    assert {"solidarity", "workers", "Zhanaozen"} <= words
    assert "union" not in words


def test_topic_tokens_of_a_claim_hold_its_clause_not_where_it_was_said(nlp: Language) -> None:
    head = _token(nlp, "The ministry said in Astana that the rally was illegal.", "said")

    words = {head.doc[i].text for i in topic_tokens(head)}

    assert {"rally", "illegal"} <= words
    assert "Astana" not in words


def test_place_rules_object_answers_as_the_functions(nlp: Language) -> None:
    rules = EnglishPlaceRules()
    text = "Police detained Dana Ospan outside the embassy."
    head = _token(nlp, text, "detained")

    assert rules.site_phrase(head, sentence_of(head)) == site_phrase(head, sentence_of(head))
    assert rules.topic_tokens(head) == topic_tokens(head)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Police detained dozens of people in both cities.", 2),
        ("Police detained dozens of people in the three towns.", 3),
        ("Police detained dozens of people in the city.", 0),
        ("Police detained dozens of people from both cities.", 0),
    ],
)
def test_places_counted_by_a_plural_settlement_noun(nlp: Language, text: str, count: int) -> None:
    assert places_counted(_token(nlp, text, "detained")) == count
