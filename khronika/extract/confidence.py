"""How sure an event is: the trigger rule's weight, moved by what the text gives with it.

The adjustments are named settings (``ExtractionSettings``, with how each was set); they only
order events against ``Settings.min_confidence``, they are no probability.
"""

from __future__ import annotations

from spacy.tokens import Token

from khronika.nlp.components import sentence_of
from khronika.settings import ExtractionSettings

DEFAULT = ExtractionSettings()


def confidence(
    weight: float,
    *,
    has_actors: bool,
    date_explicit: bool,
    place_explicit: bool,
    head: Token,
    text: str,
    adjust: ExtractionSettings = DEFAULT,
) -> float:
    """The rule's ``weight`` adjusted for parties, explicit date and place, and a headline."""
    score = weight
    score += adjust.with_actors if has_actors else adjust.without_actors
    score += adjust.explicit_date if date_explicit else 0.0
    score += adjust.explicit_place if place_explicit else 0.0
    if is_headline(head, text):
        score += adjust.headline
    return max(0.0, min(adjust.ceiling, score))


def is_headline(head: Token, text: str) -> bool:
    """The trigger sits in the document's first sentence and a line break ends it."""
    sent = sentence_of(head)
    return sent.start == 0 and "\n" in text[sent.end_char : sent.end_char + 2]
