"""Head counts onto events: each figure of a text goes to the event it counts.

A language finds its figures (``Quantity``: where the numeral is and what range it means) and
says which key a figure fills ("detained", "killed"...) and who claims it; this module puts
each figure on the event of a matching type in its sentence, else on the latest such event
before it in the same paragraph. An attributed figure beats an unattributed one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from khronika.extract.candidates import Candidate
from khronika.extract.context import DocumentContext
from khronika.model import Count
from khronika.nlp.components import sentence_of

# Which event types a count key may be attached to.
KEY_TYPES: dict[str, tuple[str, ...]] = {
    "detained": ("detention",),
    "killed": ("killing", "statement"),
    "injured": ("assault", "riot", "clash", "statement"),
    "hospitalised": ("assault", "riot", "clash", "killing"),
    "participants": ("protest",),
}


@dataclass(frozen=True)
class Quantity:
    """One count mention: ``text == source[start:end]``, modifier included.

    ``head_start:head_end`` is the numeral alone, without the modifier or an article
    ("1,000" in "more than 1,000", "dozen" in "about a dozen", "2.5 million"). Its last token is
    the one that attaches to the counted noun in a dependency parse.
    """

    start: int
    end: int
    text: str
    min: int | None
    max: int | None
    head_start: int
    head_end: int


CountKey = Callable[[Token], str | None]
Attribution = Callable[[Span], str | None]


def attach_counts(
    candidates: list[Candidate],
    doc: Doc,
    ctx: DocumentContext,
    quantities: list[Quantity],
    count_key: CountKey,
    attribution: Attribution,
) -> None:
    """Each figure goes to the event of its kind in its sentence, else the latest one before it."""
    for quantity in quantities:
        token = _token_of(doc, quantity)
        if token is None:
            continue
        key = count_key(token)
        if key is None:
            continue
        target = _count_target(candidates, key, token, ctx)
        if target is None:
            continue
        count = Count(
            min=quantity.min,
            max=quantity.max,
            text=quantity.text,
            attributed_to=attribution(sentence_of(token)),
        )
        known = target.counts.get(key)
        if known is None or (count.attributed_to and not known.attributed_to):
            target.counts[key] = count


def _token_of(doc: Doc, quantity: Quantity) -> Token | None:
    span = doc.char_span(quantity.head_start, quantity.head_end, alignment_mode="expand")
    return span[-1] if span is not None and len(span) else None


def _count_target(
    candidates: list[Candidate], key: str, token: Token, ctx: DocumentContext
) -> Candidate | None:
    types = KEY_TYPES[key]
    sent_start = sentence_of(token).start_char
    same = [c for c in candidates if c.sentence_start == sent_start and c.type in types]
    if same:
        return same[0]
    paragraph = ctx.paragraph_of(token.idx)
    earlier = [
        c
        for c in candidates
        if c.sentence_start < sent_start and c.paragraph == paragraph and c.type in types
    ]
    return earlier[-1] if earlier else None
