"""Shared fixtures for the model tier: the spaCy pipeline, the gazetteer, one-call extraction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from spacy.language import Language

from khronika.extract.english import EnglishExtractor
from khronika.extract.places import Gazetteer, default_gazetteer
from khronika.model import Document, Event
from khronika.nlp import build_english, load_lexicon

ExtractEvents = Callable[..., list[Event]]


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The English pipeline with khronika's components (loads the real model once)."""
    return build_english()


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """The offline gazetteer (a few seconds to build, so once per session)."""
    return default_gazetteer()


@pytest.fixture(scope="session")
def extract_events(nlp: Language, gazetteer: Gazetteer) -> ExtractEvents:
    """``extract_events(text, published=None)``: the English extractor run on one small text."""
    extractor = EnglishExtractor(load_lexicon("en", "v1"), gazetteer)

    def run(text: str, published: date | None = None) -> list[Event]:
        document = Document(
            name="t.txt",
            text=text,
            sha256=Document.hash_bytes(text.encode()),
            published=published,
            language="en",
        )
        return extractor.events(nlp(text), document)

    return run
