"""Long texts read in windows: where to cut, which window owns an event, offsets made whole again.

A spaCy model refuses texts over ``nlp.max_length`` (E088) and needs memory and time that grow
faster than the text; a 300-page report must still be read. So a long text is cut into cores of
at most :data:`WINDOW_CHARS` characters, at a paragraph break where there is one (else a line
break, a sentence end, a space). Each window is its core plus :data:`OVERLAP_CHARS` of context on
either side, so a sentence straddling a cut is read whole in at least one window. An event
belongs to the window whose core holds the start of its first quote: the overlap never yields
the same event twice. Evidence offsets are shifted back into the whole text, so every quote
still equals ``text[start:end]`` of the stored document. :func:`batches` keeps a long text in a
batch of its own.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from khronika.model import Document, Event, Evidence

# Far below spaCy's 1,000,000 limit; a window of this size parses in well under a second and a
# few hundred MB, and news articles (the usual input) stay one window, read exactly as before.
WINDOW_CHARS = 100_000
OVERLAP_CHARS = 2_000
# Where to cut, best first; a cut is never placed in the first half of a core.
_BREAKS = ("\n\n", "\n", ". ", " ")


@dataclass(frozen=True)
class Window:
    """``text[start:end]`` is read; events whose first quote starts in ``[own_start, own_end)`` are kept."""

    start: int
    end: int
    own_start: int
    own_end: int


def needs_windows(text: str, size: int | None = None) -> bool:
    """Whether ``text`` is too long to be read in one piece."""
    return len(text) > (size or WINDOW_CHARS)


def windows(text: str, size: int | None = None, overlap: int | None = None) -> list[Window]:
    """The windows covering ``text``; their cores tile it exactly, in order."""
    size = size or WINDOW_CHARS
    overlap = OVERLAP_CHARS if overlap is None else overlap
    cuts = _cuts(text, size)
    result: list[Window] = []
    for own_start, own_end in itertools.pairwise(cuts):
        start = _snap_forward(text, max(0, own_start - overlap), own_start)
        end = _snap_back(text, own_end, min(len(text), own_end + overlap))
        result.append(Window(start, end, own_start, own_end))
    return result


def window_document(document: Document, window: Window) -> Document:
    """The part of ``document`` a window reads, under the document's own name and metadata."""
    return dataclasses.replace(document, text=document.text[window.start : window.end])


def whole_text_events(events: Iterable[Event], window: Window, text: str) -> Iterator[Event]:
    """The events this window owns, with offsets (and so ids) into the whole ``text``."""
    for event in events:
        first = event.evidence[0].start + window.start
        if window.own_start <= first < window.own_end:
            yield _shifted(event, window.start, text)


def _shifted(event: Event, offset: int, text: str) -> Event:
    evidence = tuple(
        Evidence.from_text(ev.doc, text, ev.start + offset, ev.end + offset)
        for ev in event.evidence
    )
    # id="" makes the event compute its stable id again, from the offsets in the whole text.
    return dataclasses.replace(event, evidence=evidence, id="")


def _cuts(text: str, size: int) -> list[int]:
    cuts = [0]
    position = 0
    while len(text) - position > size:
        position = _cut(text, position, position + size)
        cuts.append(position)
    cuts.append(len(text))
    return cuts


def _cut(text: str, low: int, high: int) -> int:
    """The best place to end a core that starts at ``low`` and may not pass ``high``."""
    floor = low + (high - low) // 2
    for mark in _BREAKS:
        found = text.rfind(mark, floor, high)
        if found != -1:
            return found + len(mark)
    return high  # one unbroken run of characters: cut it anywhere


def _snap_forward(text: str, start: int, limit: int) -> int:
    """Move a window start to just after a break, so it does not begin mid-word."""
    if start == 0:
        return 0
    for mark in _BREAKS[1:]:
        found = text.find(mark, start, limit)
        if found != -1:
            return found + len(mark)
    return limit


def _snap_back(text: str, limit: int, end: int) -> int:
    """Move a window end back to a break, so it does not end mid-word."""
    if end == len(text):
        return end
    for mark in _BREAKS[1:]:
        found = text.rfind(mark, limit, end)
        if found != -1:
            return found + len(mark)
    return limit


def batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """The documents in order, in batches of up to ``size``: short ones share a batch, and a
    long one (read in windows) is a batch of its own, so no batch holds more than one window
    of it. Batches are cut from each run of short documents in turn, as ``nlp.pipe`` would.
    """
    for long, run in itertools.groupby(documents, key=lambda d: needs_windows(d.text)):
        step = 1 if long else max(1, size)
        batch: list[Document] = []
        for document in run:
            batch.append(document)
            if len(batch) == step:
                yield batch
                batch = []
        if batch:
            yield batch
