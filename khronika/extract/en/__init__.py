"""English extraction: the rules that read an English spaCy parse into events.

What is English lives here: the extractor and its argument and constraint rules, actor
naming, date and count phrases, and where sentences put sites. The machinery they share with
any other language (context, trackers, counts, candidates, confidence) sits one level up, so a
Russian extractor is a sibling package ``extract/ru`` of the same shape.
"""

from __future__ import annotations

from khronika.extract.en.extractor import EnglishExtractor
from khronika.extract.places import default_gazetteer
from khronika.extract.spacy_runner import SpacyExtractor
from khronika.nlp import build_english, load_lexicon
from khronika.settings import Settings

__all__ = ["EnglishExtractor", "english"]


def english(settings: Settings) -> SpacyExtractor:
    """The English pipeline and extractor, as ``settings`` configure them."""
    nlp = build_english(settings.english_model, settings.lexicon_version)
    rules = EnglishExtractor(
        load_lexicon("en", settings.lexicon_version),
        default_gazetteer(),
        min_confidence=settings.min_confidence,
        adjust=settings.extraction,
    )
    return SpacyExtractor(nlp, rules, batch_size=settings.batch_size, processes=settings.processes)
