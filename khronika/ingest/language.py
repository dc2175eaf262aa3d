"""Language identification of extracted text, restricted to the languages a run supports."""

from __future__ import annotations

from functools import lru_cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from khronika.settings import Settings

# Below this many letters lingua's guess is close to a coin toss between related languages
# (ru/uk/kk share most of their alphabet); "unknown" is the honest answer.
MIN_LETTERS = 20

# Lingua's cost grows with the text; the opening of an article settles its language.
_SAMPLE_CHARS = 20_000


def detect_language(text: str, settings: Settings) -> str | None:
    """ISO 639-1 code of ``text`` among ``settings.languages``, or None for too little text."""
    sample = text[:_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS or not settings.languages:
        return None
    if len(settings.languages) == 1:
        # Nothing to choose between; lingua would only add a chance to say "none".
        return settings.languages[0]
    found = _detector(tuple(settings.languages)).detect_language_of(sample)
    return found.iso_code_639_1.name.lower() if found else None


@lru_cache(maxsize=4)
def _detector(languages: tuple[str, ...]) -> LanguageDetector:
    """Build once per language set: models load lazily and all of them cost 1.3 GB."""
    return LanguageDetectorBuilder.from_languages(*(_language(c) for c in languages)).build()


def _language(code: str) -> Language:
    try:
        return Language.from_iso_code_639_1(IsoCode639_1.from_str(code))
    except ValueError:
        raise ValueError(f"unknown language code {code!r} in settings.languages") from None
