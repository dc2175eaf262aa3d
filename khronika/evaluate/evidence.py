"""Evidence and description helpers of the error report: where quotes sit, how fields read.

Two quotes "meet" when their character spans, each widened to its whole sentence when the text
is known, overlap; the error categories (``errors.py``) and the negatives (``negatives.py``)
are decided on that. Dates and places are described in one short line each for a terminal.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from khronika.evaluate.scoring import EventDict

# Longest quote kept in an item: enough to find the sentence, short enough for a terminal.
QUOTE_LENGTH = 160

# A sentence ends at ., ! or ? (then closing quotes or brackets) followed by space, or at a line
# break. Abbreviations ("U.N.") cut a sentence short; that only narrows the widening a little.
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019\u00bb)\]]*\s+|\n\s*")

Span = tuple[int, int]


@dataclass(frozen=True)
class FoundTrigger:
    """A lexicon trigger in a document: its characters, the type it signals, its constraint."""

    start: int
    end: int
    type: str
    word: str
    needs: str | None = None

    def label(self) -> str:
        """'detained' or 'marched (needs crowd_subject)'."""
        return self.word + (f" (needs {self.needs})" if self.needs else "")


# --- describing dates, places and quotes --------------------------------------------------------


def precision(part: Mapping[str, object] | None) -> str:
    """A date's or place's precision, "unknown" when absent."""
    return str((part or {}).get("precision") or "unknown")


def describe_date(event: EventDict) -> str:
    """'2023-03-05 (day, "on Sunday")', '2023-03-01..2023-03-31 (month)' or 'unknown'."""
    value = event.get("date") or {}
    if precision(value) == "unknown":
        return "unknown"
    start, end = value.get("start"), value.get("end")
    when = str(start) if end in (None, start) else f"{start}..{end}"
    text = value.get("text")
    return f"{when} ({precision(value)}{f', {text!r}' if text else ''})"


def describe_place(event: EventDict) -> str:
    """'Almaty, KZ (city)', 'KZ (country)' or 'unknown'."""
    value = event.get("location") or {}
    if precision(value) == "unknown" and not value.get("country"):
        return "unknown"
    where = ", ".join(str(v) for v in (value.get("name"), value.get("country")) if v)
    return f"{where or '?'} ({precision(value)})"


def describe(event: EventDict) -> str:
    """Date and place of an event on one line."""
    return f"date {describe_date(event)}; place {describe_place(event)}"


def shorten(text: str, limit: int = QUOTE_LENGTH) -> str:
    """One line, at most ``limit`` characters, cut at a word with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[: limit - 1].rsplit(" ", 1)[0] + "\u2026"


def first_quote(event: EventDict) -> str:
    """The event's first evidence quote, shortened ('' when it has none)."""
    quotes = event.get("evidence") or []
    return shorten(str(quotes[0].get("text") or "")) if quotes else ""


# --- where evidence sits ------------------------------------------------------------------------


class Sentences:
    """Sentence boundaries of one document's text, to widen a quote's span to its sentences."""

    def __init__(self, text: str | None) -> None:
        self.text = text

    @cached_property
    def _bounds(self) -> list[int]:
        if self.text is None:
            return []
        ends = (m.end() for m in _SENTENCE_END.finditer(self.text))
        return [0, *ends, len(self.text)]

    def widen(self, span: Span) -> Span:
        """The span grown to the sentences it touches; unchanged when the text is unknown."""
        bounds = self._bounds
        if not bounds:
            return span
        start, end = span
        left = bounds[max(bisect.bisect_right(bounds, start) - 1, 0)]
        right = bounds[min(bisect.bisect_left(bounds, max(end, start + 1)), len(bounds) - 1)]
        return left, max(right, end)


def evidence_spans(event: EventDict, doc: str, sentences: Sentences) -> list[Span]:
    """The event's quotes in ``doc`` as character spans, each widened to its sentences."""
    spans = []
    for quote in event.get("evidence") or []:
        start, end = quote.get("start"), quote.get("end")
        if quote.get("doc", doc) == doc and isinstance(start, int) and isinstance(end, int):
            spans.append(sentences.widen((start, end)))
    return spans


def quote_near(event: EventDict, spans: Sequence[Span], doc: str, sentences: Sentences) -> str:
    """The event's quote that meets ``spans`` (its first quote when none does), shortened."""
    for quote in event.get("evidence") or []:
        if spans_meet(evidence_spans({"evidence": [quote]}, doc, sentences), spans):
            return shorten(str(quote.get("text") or ""))
    return first_quote(event)


def spans_meet(a: Sequence[Span], b: Sequence[Span]) -> bool:
    """True when some span of ``a`` overlaps some span of ``b``."""
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


__all__ = [
    "QUOTE_LENGTH",
    "FoundTrigger",
    "Sentences",
    "Span",
    "describe",
    "describe_date",
    "describe_place",
    "evidence_spans",
    "first_quote",
    "precision",
    "quote_near",
    "shorten",
    "spans_meet",
]
