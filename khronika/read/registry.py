"""The registry as a list: one row per person or organisation with how many happenings name them.

Shared by the CLI (``khronika people``), the web desk's people page and the API's ``/api/people``.
"""

from __future__ import annotations

from dataclasses import dataclass

from khronika.model import Entity
from khronika.names import PERSON_KINDS
from khronika.read.lookup import people_named
from khronika.store import RegistryStore


@dataclass(frozen=True)
class RegistryRow:
    """One entity of the registry and the number of happenings it appears in."""

    entity: Entity
    happenings: int


def is_person(entity: Entity) -> bool:
    """Whether ``entity`` is a person (an official is one too), not an organisation."""
    return entity.kind in PERSON_KINDS


def registry_rows(
    store: RegistryStore, kind: str | None = None, *, matching: str | None = None
) -> list[RegistryRow]:
    """The registry with the number of happenings each entity appears in.

    ``kind`` is "person" or "organisation" (any organisation kind), or None for everyone;
    ``matching``, when given and not blank, keeps those it names, in any script or usual
    spelling (:func:`khronika.read.lookup.people_named`).
    """
    happenings = store.happening_counts()  # one query, not one per entity
    wanted: set[str] | None = None
    if matching and matching.strip():
        wanted = {entity.id for entity in people_named(store, matching)}
    return [
        RegistryRow(entity=entity, happenings=happenings.get(entity.id, 0))
        for entity in store.entities()
        if _of_kind(entity, kind) and (wanted is None or entity.id in wanted)
    ]


def spellings_seen(store: RegistryStore, entity_id: str) -> dict[str, list[str]]:
    """Each spelling of an entity the documents used, with the documents using it, in order."""
    seen: dict[str, list[str]] = {}
    for mention in store.mentions_of(entity_id):
        docs = seen.setdefault(mention.name, [])
        if mention.doc not in docs:
            docs.append(mention.doc)
    return seen


def _of_kind(entity: Entity, kind: str | None) -> bool:
    if kind == "person":
        return is_person(entity)
    if kind == "organisation":
        return not is_person(entity)
    return True
