"""How a date phrase sits in its document: what it dates, and whether other sentences share it.

A report tells its story at one time and names other times in passing. "The 2020 protests",
"demonstrations of October 2020" and "Tuesday's ruling" date only the noun they sit in; "since
June 9" or "in 2019" name a stretch of time, not a moment the next sentence can lean on. These
rules read the dependency tree (English and Universal Dependencies labels alike) and the
resolved range, never the words, so they hold for every language with a parser.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from khronika.model import PartialDate

# Dependencies that make a phrase part of a noun phrase: "the 2020 protests" (compound,
# nummod), "Tuesday's ruling" (poss), and their Universal Dependencies names.
_MODIFIER_DEPS = frozenset({"compound", "nummod", "amod", "nmod", "poss", "nmod:poss"})
_NOUNS = frozenset({"NOUN", "PROPN"})
# A day-precision range longer than this is a period ("since June 9"), not a shared moment.
_LONGEST_MOMENT_DAYS = 7


def attributive_head(doc: Doc, start: int, end: int) -> Token | None:
    """The noun a date phrase modifies inside a noun phrase, or None when it dates a clause."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    inside = range(span.start, span.end)
    for token in span:
        head = token.head
        if head.i in inside or head.i == token.i:
            continue
        if token.dep_ in _MODIFIER_DEPS and head.pos_ in _NOUNS:
            return head
        # "demonstrations of October 2020": the "of" is outside the phrase, the noun above it.
        if token.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in _NOUNS:
            return head.head
    return None


def is_moment(resolved: PartialDate) -> bool:
    """Whether a date can be shared with neighbouring sentences: a day or days, or a month.

    A year ("in 2019") or a weeks-long stretch ("since June 9") tells when something stood,
    not when the next act happened.
    """
    if resolved.start is None or resolved.end is None:
        return False
    if resolved.precision == "month":
        return True
    return (
        resolved.precision == "day" and (resolved.end - resolved.start).days <= _LONGEST_MOMENT_DAYS
    )
