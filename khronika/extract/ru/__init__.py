"""Russian extraction: natasha's parse read into events with the neutral machinery of ``extract``.

What is Russian lives here: the parse (``parse``: natasha into a spaCy Doc over the original
text), trigger matching on lemmas and its constraints, actors and their kinds, date phrases,
place case forms and counts. Triggers are ``nlp/lexicons/triggers-ru-v2.json``; words are
``vocabulary/russian-v2.json``.
"""

from __future__ import annotations

from khronika.extract.places import default_gazetteer
from khronika.extract.ru.extractor import RussianExtractor
from khronika.nlp.lexicon import load_lexicon
from khronika.settings import Settings

__all__ = ["RussianExtractor", "russian"]

# The Russian lexicon's versions are named apart from the English ones' settings value.
LEXICON_VERSION = "v2"


def russian(settings: Settings) -> RussianExtractor:
    """The Russian extractor, as ``settings`` configure it (models load on first document)."""
    return RussianExtractor(
        load_lexicon("ru", LEXICON_VERSION),
        default_gazetteer(),
        min_confidence=settings.min_confidence,
        adjust=settings.extraction,
    )
