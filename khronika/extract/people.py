"""People named in one document: an actor mention, and short names linked to full ones.

A text names "Marat Seitkali" once and "Seitkali" after; the index of full names seen in the
document lets a lone given name or surname be read as the full name. Language-neutral: how a
name is cleaned of titles and articles is the language's, passed in.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc


@dataclass(frozen=True)
class ActorMention:
    """An actor as named in the text: its name, kind and head token."""

    name: str
    kind: str
    token: int  # head token index, for ordering and counts


@dataclass
class PersonIndex:
    """Full names seen in a document, so 'Marat' or 'Seitkali' can be read as 'Marat Seitkali'."""

    by_part: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, doc: Doc, clean: Callable[[str], str] = str.strip) -> PersonIndex:
        """Index every PERSON entity of two or more words, each name ``clean``-ed first."""
        index = cls()
        for ent in doc.ents:
            if ent.label_ == "PERSON" and len(ent) >= 2:
                full = clean(ent.text)
                for part in full.split():
                    index.by_part.setdefault(_name_key(part), full)
        return index

    def full_name(self, name: str) -> str | None:
        """The full name a one-word name stands for, if the document gave one."""
        parts = name.split()
        if len(parts) != 1:
            return None
        return self.by_part.get(_name_key(parts[0]))


def _name_key(part: str) -> str:
    return re.sub(r"[’']s$", "", part).lower()


def link_person(actor: ActorMention, people: PersonIndex) -> ActorMention:
    """A lone given name or surname (even one the model called an ORG) becomes the full name."""
    full = people.full_name(actor.name)
    if full and actor.kind in ("person", "other", "official", "movement"):
        kind = actor.kind if actor.kind == "official" else "person"
        return ActorMention(name=full, kind=kind, token=actor.token)
    return actor
