"""Extraction stage: annotated text to evidence-linked events, one extractor per language.

Extractors are registered by language code, the way an outside plugin would register its own
(``register_extractor("xx")``). ``extractor_for(language)`` raises ``NoExtractorError`` for a
language without one, so a Russian text is stored and reported, never mis-read as English.

Layout: the modules here are language-neutral (``context``, ``trackers``, ``counts``,
``candidates``, ``confidence``, ``constraints``, ``attributes``, ``people``, ``state``, the
gazetteer in ``places`` and the batch runner ``spacy_runner``); each language is a package
beside them (``en/``; a Russian extractor is ``ru/``) holding its rules, its constraint
registry and its date and count phrases. Word lists come from ``khronika.vocabulary``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Protocol

from khronika.errors import ExtractionError, NoExtractorError
from khronika.model import Document, Event
from khronika.settings import Settings


class Extractor(Protocol):
    """Turns documents of one language into events; streams them in batches."""

    @property
    def name(self) -> str:
        """The extractor and its rules' version, stored with each event."""
        ...

    def extract(
        self, documents: Iterable[Document]
    ) -> Iterator[tuple[Document, list[Event] | ExtractionError]]:
        """Each document with its events, or the error its extraction raised."""
        ...


ExtractorFactory = Callable[[Settings], Extractor]
EXTRACTORS: dict[str, ExtractorFactory] = {}


def register_extractor(language: str) -> Callable[[ExtractorFactory], ExtractorFactory]:
    """Decorator: register an extractor factory for ``language`` (one per language)."""

    def register(factory: ExtractorFactory) -> ExtractorFactory:
        if language in EXTRACTORS:
            raise ValueError(f"an extractor for {language!r} is already registered")
        EXTRACTORS[language] = factory
        return factory

    return register


def extractor_for(language: str | None, settings: Settings) -> Extractor:
    """The extractor for ``language``; ``NoExtractorError`` for a language without one."""
    if language is None or language not in EXTRACTORS:
        raise NoExtractorError(language or "unknown language")
    return _cached(language, settings)


@lru_cache(maxsize=4)
def _cached(language: str, settings: Settings) -> Extractor:
    return EXTRACTORS[language](settings)


@register_extractor("en")
def _english(settings: Settings) -> Extractor:
    from khronika.extract.en import english

    return english(settings)


__all__ = ["EXTRACTORS", "Extractor", "extractor_for", "register_extractor"]
