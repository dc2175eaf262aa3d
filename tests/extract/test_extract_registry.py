"""Extractors registered by language: one per language, an unknown or missing language is a
typed error (a Russian text is reported, never read as English), one instance per settings.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pytest

import khronika.extract as extract
from khronika.errors import ExtractionError, NoExtractorError
from khronika.extract import EXTRACTORS, Extractor, extractor_for, register_extractor
from khronika.model import Document, Event
from khronika.settings import Settings


class _Echo:
    """A do-nothing extractor: every document has no events."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @property
    def name(self) -> str:
        return "echo/v0"

    def extract(
        self, documents: Iterable[Document]
    ) -> Iterator[tuple[Document, list[Event] | ExtractionError]]:
        for document in documents:
            yield document, []


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> dict[str, extract.ExtractorFactory]:
    """A copy of the registry, so a test's registrations end with the test."""
    copy = dict(EXTRACTORS)
    monkeypatch.setattr(extract, "EXTRACTORS", copy)
    return copy


def test_english_is_registered_out_of_the_box() -> None:
    assert "en" in EXTRACTORS


@pytest.mark.parametrize("language", ["ru", "kk", None])
def test_extractor_for_a_language_without_one_is_a_typed_error(language: str | None) -> None:
    with pytest.raises(NoExtractorError) as raised:
        extractor_for(language, Settings())

    assert raised.value.language == (language or "unknown language")
    assert "no extractor yet" in str(raised.value)


def test_register_extractor_adds_a_language(registry: dict[str, object]) -> None:
    @register_extractor("x1")
    def echo(settings: Settings) -> Extractor:
        return _Echo(settings)

    assert registry["x1"] is echo
    found = extractor_for("x1", Settings())
    assert found.name == "echo/v0"
    document = Document(name="a.txt", text="Hello.", sha256=Document.hash_bytes(b"Hello."))
    assert list(found.extract([document])) == [(document, [])]


def test_register_extractor_twice_for_one_language_is_an_error(
    registry: dict[str, object],
) -> None:
    register_extractor("x2")(_Echo)

    with pytest.raises(ValueError, match="'x2'"):
        register_extractor("x2")(_Echo)


def test_register_extractor_cannot_replace_english(registry: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="'en'"):
        register_extractor("en")(_Echo)


def test_extractor_for_builds_one_instance_per_language_and_settings(
    registry: dict[str, object],
) -> None:
    built: list[Settings] = []

    @register_extractor("x3")
    def counting(settings: Settings) -> Extractor:
        built.append(settings)
        return _Echo(settings)

    first = extractor_for("x3", Settings())
    again = extractor_for("x3", Settings())
    other = extractor_for("x3", Settings(min_confidence=0.7))

    assert first is again
    assert other is not first
    assert len(built) == 2
