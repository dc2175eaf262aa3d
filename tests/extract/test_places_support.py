"""The support a gazetteer hit needs before it is a place: surnames, longer names, modifiers and
small foreign namesakes are no places; a place preposition or the document's country is support.
Short invented texts, read through the whole document context."""

from __future__ import annotations

import pytest
from spacy.language import Language

from khronika.extract.context import DocumentContext, build_context
from khronika.extract.en.dates import find_date_mentions
from khronika.extract.place_support import has_place_preposition
from khronika.extract.places import Gazetteer

pytestmark = pytest.mark.model


def _context(nlp: Language, gazetteer: Gazetteer, text: str) -> DocumentContext:
    return build_context(
        nlp(text), published=None, gazetteer=gazetteer, find_dates=find_date_mentions
    )


def _names(nlp: Language, gazetteer: Gazetteer, text: str) -> list[str]:
    return [p.entry.name for p in _context(nlp, gazetteer, text).places]


def test_a_surname_given_in_full_earlier_is_no_town(nlp: Language, gazetteer: Gazetteer) -> None:
    text = (
        "Police in Almaty detained the journalist Dana Kabul. Kabul told reporters he was beaten."
    )

    assert _names(nlp, gazetteer, text) == ["Almaty"]


def test_a_surname_model_labels_a_place_is_still_a_surname(
    nlp: Language, gazetteer: Gazetteer
) -> None:
    text = "Police detained Marat Ospan in Almaty on Friday. Ospan was released on Sunday."

    assert _names(nlp, gazetteer, text) == ["Almaty"]


def test_a_movement_named_like_a_foreign_town_is_no_place(
    nlp: Language, gazetteer: Gazetteer
) -> None:
    text = (
        "Members of Tamale Qazaqstan and other groups gathered in Almaty. "
        "Some members of Tamale were detained in Almaty."
    )

    assert _names(nlp, gazetteer, text) == ["Almaty", "Almaty"]


def test_a_country_before_style_is_a_modifier(nlp: Language, gazetteer: Gazetteer) -> None:
    text = "Officials warned against Georgia-style protests in Almaty."

    assert _names(nlp, gazetteer, text) == ["Almaty"]


def test_a_capital_the_model_took_for_a_person_is_kept(nlp: Language, gazetteer: Gazetteer) -> None:
    text = "In Almaty and Nur Sultan, police detained dozens of protesters."

    assert _names(nlp, gazetteer, text) == ["Almaty", "Astana"]


def test_a_town_of_the_documents_country_needs_no_preposition(
    nlp: Language, gazetteer: Gazetteer
) -> None:
    text = (
        "Police in Astana detained the blogger Aliya Oral. Protesters gathered in Oral on Sunday."
    )

    assert _names(nlp, gazetteer, text) == ["Astana", "Oral"]


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Protesters rallied in Shymkent and Taraz.", "Taraz", True),
        ("Police detained dozens in the city of Taraz.", "Taraz", True),
        ("Protesters rallied in southern Taraz.", "Taraz", True),
        ("Members of Taraz Youth were detained.", "Taraz", False),
    ],
)
def test_place_preposition(nlp: Language, text: str, name: str, expected: bool) -> None:
    doc = nlp(text)
    start = text.index(name)
    span = doc.char_span(start, start + len(name))
    assert span is not None

    assert has_place_preposition(span) is expected


def test_the_city_an_institution_is_named_after(nlp: Language, gazetteer: Gazetteer) -> None:
    text = "On Monday the Taraz Court of Appeal upheld the sentence of Dana Ospan."

    assert _names(nlp, gazetteer, text) == ["Taraz"]
