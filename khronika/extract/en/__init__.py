"""English extraction: the rules that read an English spaCy parse into events.

What is English lives here: the extractor and its argument and constraint rules, actor
naming, date and count phrases, and where sentences put sites. The machinery they share with
any other language (context, trackers, counts, candidates, confidence) sits one level up, so a
Russian extractor is a sibling package ``extract/ru`` of the same shape.
"""

from __future__ import annotations

from khronika.extract.en.extractor import EnglishExtractor
from khronika.extract.learned import LearnedTyping, Policy
from khronika.extract.places import default_gazetteer
from khronika.extract.spacy_runner import DocRules, SpacyExtractor
from khronika.nlp import build_english, load_lexicon
from khronika.settings import Settings

__all__ = ["EnglishExtractor", "english", "learned_policy", "with_learned_typing"]


def english(settings: Settings) -> SpacyExtractor:
    """The English pipeline and extractor, as ``settings`` configure them."""
    nlp = build_english(settings.english_model, settings.lexicon_version)
    rules = EnglishExtractor(
        load_lexicon("en", settings.lexicon_version),
        default_gazetteer(),
        min_confidence=settings.min_confidence,
        adjust=settings.extraction,
    )
    return SpacyExtractor(
        nlp,
        with_learned_typing(rules, settings),
        batch_size=settings.batch_size,
    )


def learned_policy(settings: Settings) -> Policy:
    """What the learned layer may do, as ``settings`` configure it."""
    adjust = settings.extraction
    return Policy(
        drop_none=adjust.learned_drop_none,
        retype=adjust.learned_retype,
        blend=adjust.learned_blend,
        min_confidence=settings.min_confidence,
        ceiling=adjust.ceiling,
    )


def with_learned_typing(rules: DocRules, settings: Settings) -> DocRules:
    """The rules, with the shipped learned layer on their events when the settings ask for it."""
    if not settings.extraction.learned_typing:
        return rules
    from khronika.learn import shipped  # loads the encoder: only when the layer is on

    return LearnedTyping(
        rules,
        shipped(),
        learned_policy(settings),
        whole_document=settings.extraction.learned_whole_document,
    )
