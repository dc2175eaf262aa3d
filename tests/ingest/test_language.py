"""detect_language: lingua restricted to the configured languages, built once."""

from __future__ import annotations

import pytest

from khronika.ingest import detect_language
from khronika.ingest.language import _detector
from khronika.settings import Settings

SENTENCES = {
    "en": "The police detained several students near the university after the rally.",
    "ru": "Полиция задержала нескольких студентов возле университета после митинга.",
    "uk": "Поліція затримала кількох студентів біля університету після мітингу ввечері.",
    "kk": "Полиция кешкі митингтен кейін университет маңында бірнеше студентті ұстады.",
}


@pytest.mark.parametrize("code", sorted(SENTENCES))
def test_detect_language_names_the_language_of_a_sentence(code: str, settings: Settings) -> None:
    assert detect_language(SENTENCES[code], settings) == code


def test_detect_language_returns_none_for_too_little_text(settings: Settings) -> None:
    assert detect_language("Riot.", settings) is None
    assert detect_language("12:30 — 14:00 ... !!", settings) is None


def test_detect_language_only_chooses_among_configured_languages() -> None:
    english_and_russian = Settings(languages=("en", "ru"))

    assert detect_language(SENTENCES["uk"], english_and_russian) in {"en", "ru"}


def test_detect_language_builds_the_detector_once_per_language_set(settings: Settings) -> None:
    detect_language(SENTENCES["en"], settings)
    misses = _detector.cache_info().misses

    detect_language(SENTENCES["ru"], settings)

    assert _detector.cache_info().misses == misses


def test_detect_language_rejects_an_unknown_code_in_settings() -> None:
    with pytest.raises(ValueError, match="'zz'"):
        detect_language(SENTENCES["en"], Settings(languages=("en", "zz")))
