"""What an extractor knows of the document it is reading: one object per document.

Built once before the first trigger and passed to each step instead of a long list of
arguments: the parse, the document, its context (places, dates, datelines), the date and
place trackers, the people it names and the signatories of a letter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from khronika.extract.context import DocumentContext
from khronika.extract.people import PersonIndex
from khronika.extract.trackers import DateTracker, PlaceTracker
from khronika.model import Document


@dataclass
class DocumentState:
    """One document being read: its parse, context, trackers and the people it names."""

    doc: Doc
    document: Document
    ctx: DocumentContext
    dates: DateTracker
    places: PlaceTracker
    people: PersonIndex = field(default_factory=PersonIndex)
    # (name, start, end) of each signatory line under a letter's sign-off
    signers: list[tuple[str, int, int]] = field(default_factory=list)

    def in_dateline(self, char: int) -> bool:
        """Whether ``char`` lies in a dateline ('ALMATY, Kazakhstan --'), which files the text."""
        return any(s <= char < e for s, e in self.ctx.datelines)
