"""Happenings a Russian text recalls rather than reports: history and the setting of its story.

A film review tells "о событиях, когда в 1962 году … разогнали демонстрацию"; an anniversary
piece recalls a rally of decades ago. The corpus's convention annotates such old happenings when
the text reports news beside them, and never in a text whose own subject is something else (a
film, a book, a match). So a recalled happening is not dropped here: its candidate is marked as
needing an anchor (``Candidate.needs_anchor``, the mark English gives reported speech), and the
extractor keeps it only where the text reports some act of its own.

A happening is recalled when its sentence dates it long before the text's present, or when it
is told in a "когда" clause hanging on a noun ("в годы, когда …", "о событиях, когда …"), which
describes a time rather than reporting an act.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from spacy.tokens import Token

from khronika.extract.context import DocumentContext
from khronika.model import PartialDate
from khronika.vocabulary import vocabulary

# An event dated this many years before the text's present is recalled history (an anniversary,
# a film review), not the news the text reports.
HISTORY_YEARS = 10
_WHEN = vocabulary("russian").words("when_words")
_NOMINAL = ("NOUN", "PROPN", "PRON", "ADJ", "NUM")
_SENTENCE_ENDS = frozenset({".", "!", "?", "…"})


def present_of(ctx: DocumentContext, resolve: Callable[..., PartialDate]) -> date | None:
    """The text's present: its publication date, else the latest date it states in full."""
    if ctx.published is not None:
        return ctx.published
    stated = [
        r.end or r.start
        for m in ctx.dates
        if (r := resolve(m.text, published=None)).precision != "unknown"
    ]
    return max((d for d in stated if d is not None), default=None)


def recalled(head: Token, date_: PartialDate, date_explicit: bool, present: date | None) -> bool:
    """The trigger tells a happening the text recalls (see the module's docstring)."""
    return (date_explicit and _long_before(date_, present)) or in_relative_when(head)


def _long_before(date_: PartialDate, present: date | None) -> bool:
    last = date_.end or date_.start
    return bool(last and present and (present - last).days > HISTORY_YEARS * 365)


def in_relative_when(head: Token) -> bool:
    """'о событиях, когда … произошёл разгон демонстрации': the trigger's clause opens with
    'когда' and hangs on a noun (a relative clause naming a time), not on a verb ('задержали,
    когда он вышел на пикет' tells when an act was done).
    """
    verb = next((t for t in (head, *head.ancestors) if t.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return False
    when = next(
        (c for c in verb.children if c.lemma_ in _WHEN and c.dep_ in ("mark", "advmod")), None
    )
    if when is None or when.i > head.i:
        return False
    if verb.dep_.startswith("acl"):
        return verb.head.pos_ in _NOMINAL
    if verb.dep_ != "ROOT":
        return False  # 'задержали, когда …' (advcl): when an act was done
    # the parser often leaves a relative clause unattached (a root of its own): read the word
    # before the comma
    before = _word_before(when)
    return before is not None and before.pos_ in _NOMINAL and before.i not in _span(verb)


def _word_before(token: Token) -> Token | None:
    """The word before ``token`` across commas, in the same written sentence (an unattached
    clause is a sentence of its own in the parse, so the parse's sentence cannot be used).
    """
    for i in range(token.i - 1, -1, -1):
        word = token.doc[i]
        if "\n" in word.text or word.text in _SENTENCE_ENDS:
            return None
        if not (word.is_punct or word.is_space):
            return word
    return None


def _span(verb: Token) -> set[int]:
    return {t.i for t in verb.subtree}
