"""The Russian extractor run on one small invented text (natasha loads once per session)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from khronika.extract.places import Gazetteer
from khronika.extract.ru import LEXICON_VERSION, RussianExtractor
from khronika.model import Document, Event
from khronika.nlp import load_lexicon

ExtractRussian = Callable[..., list[Event]]


@pytest.fixture(scope="session")
def extract_ru(gazetteer: Gazetteer) -> ExtractRussian:
    """``extract_ru(text, published=None)``: the events of one Russian text."""
    extractor = RussianExtractor(load_lexicon("ru", LEXICON_VERSION), gazetteer)

    def run(text: str, published: date | None = None) -> list[Event]:
        document = Document(
            name="ru.txt",
            text=text,
            sha256=Document.hash_bytes(text.encode()),
            published=published,
            language="ru",
        )
        [(_, result)] = list(extractor.extract([document]))
        assert isinstance(result, list), result
        return result

    return run


def of_type(events: list[Event], type_: str) -> list[Event]:
    """The events of one type."""
    return [e for e in events if e.type == type_]
