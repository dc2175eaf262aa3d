"""The people of an incremental run: the lookup keys stored people are found by, the
neighbourhood's registry with the stored ids kept where a full run would keep them, and the
entities to save with the spellings of all their mentions (see :mod:`.incremental`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from khronika.consolidate import ActorEntities, Consolidation, registry_links
from khronika.consolidate.people import (
    _SURNAME_PREFIX,
    PERSON_KINDS,
    _preference,
    is_registry_actor,
    sound_key,
)
from khronika.model import Entity, EntityMention, Event
from khronika.names import fold, name_parts


class RegistryReads(Protocol):
    """What the registry of a neighbourhood reads from the store."""

    def mentions_in(self, report_ids: Collection[str]) -> list[EntityMention]: ...  # noqa: D102
    def entities_by_id(self, entity_ids: Collection[str]) -> list[Entity]: ...  # noqa: D102
    def spellings_outside(  # noqa: D102
        self, entity_ids: Collection[str], cluster_ids: Collection[str]
    ) -> dict[str, list[str]]: ...


def lookup_keys(name: str, kind: str) -> set[str]:
    """Short keys under which the registry might link ``name`` to another spelling, after its
    blocks: the surname's sound ("n:"), the given name with the start of the surname ("p:"), and
    the sounds of the whole name in any word order ("f:"); an organisation's folded name and
    initials ("o:"). A given name alone is no key: a common one would pull in half the store.
    """
    if not is_registry_actor(name, kind):
        return set()
    words = fold(name).split()
    if not words:
        return set()
    if kind not in PERSON_KINDS:
        keys = {"o:" + " ".join(words)}
        if len(words) > 1:
            keys.add("o:" + "".join(word[0] for word in words))
        return keys
    parts = name_parts(name)
    surname = fold(parts.surname) or words[-1]
    keys = {"n:" + sound_key(surname), "f:" + " ".join(sorted(sound_key(w) for w in words))}
    if parts.given:
        keys.add(f"p:{fold(parts.given)}|{surname[:_SURNAME_PREFIX]}")
    return keys


def report_keys(reports: Sequence[Event]) -> list[tuple[str, str]]:
    """(report id, lookup key) of every named actor of ``reports``, each pair once."""
    pairs = {
        (event.id, key)
        for event in reports
        for actor in event.actors
        for key in lookup_keys(actor.name, actor.kind)
    }
    return sorted(pairs)


@dataclass
class NeighbourRegistry:
    """The neighbourhood's registry: each report's actors' entities, and the entities."""

    links: dict[str, ActorEntities]
    entities: list[Entity]
    renamed: set[str]  # stored ids it renames ("" when a stored one is renamed in part)
    sounds: set[str]  # the full-name keys of the new reports' people, all their spellings


def neighbour_registry(
    store: RegistryReads, old: Sequence[Event], new: Sequence[Event], touched: set[str]
) -> NeighbourRegistry:
    """The neighbourhood's registry, and the stored ids it renames (the caller brings in every
    happening naming them: a full run renames them too, once all their mentions are here).

    A stored actor keeps its stored entity unless the run links it to a new report's person
    or organisation, or to a person spelt like one (a namesake: its id depends on theirs).
    Any other difference is the smaller view's, not the new reports'.
    """
    links, made = registry_links([*old, *new])
    fresh = {e for event in new for e in links.get(event.id, ()) if e is not None}
    sounds = {
        key
        for event in [*old, *new]
        for actor, entity in zip(event.actors, links.get(event.id, ()), strict=False)
        if entity in fresh
        for key in lookup_keys(actor.name, actor.kind)
        if key.startswith("f:")
    }
    stored: dict[str, dict[tuple[str, str], list[str]]] = {}
    for mention in store.mentions_in([event.id for event in old]):
        by_actor = stored.setdefault(mention.report, {})
        by_actor.setdefault((mention.name, mention.role), []).append(mention.entity)
    # Each stored actor: its stored entity, the run's, and whether the run's is taken.
    actors: dict[str, list[tuple[str | None, str | None, bool]]] = {}
    for event in old:
        named = stored.get(event.id, {})
        found = links.get(event.id, (None,) * len(event.actors))
        for actor, entity in zip(event.actors, found, strict=True):
            # One actor named twice alike is stored as one mention: the last one stands for both.
            was = named.get((actor.name, actor.role), [])
            before = was.pop(0) if len(was) > 1 else (was[0] if was else None)
            namesake = bool(before and sounds & lookup_keys(actor.name, actor.kind))
            actors.setdefault(event.id, []).append((before, entity, entity in fresh or namesake))
    # A stored entity the run takes for one actor is renamed for all: it is brought in whole.
    moving = {before for seen in actors.values() for before, _e, taken in seen if taken}
    kept: set[str] = set()
    renamed: set[str] = set()
    for event in old:
        pinned: list[str | None] = []
        for before, entity, taken in actors.get(event.id, []):
            chosen = entity if taken or (before is not None and before in moving) else before
            if before is not None and before != chosen:
                renamed.add(before)
            if chosen is not None and chosen != entity:
                kept.add(chosen)
            pinned.append(chosen)
        if any(pinned):
            links[event.id] = tuple(pinned)
        else:
            links.pop(event.id, None)
    if kept & renamed:
        # A stored entity kept for some actors is another's new id: only a full run can say.
        renamed.add("")
    held = store.entities_by_id(kept - renamed)
    used = fresh | {e for ids in links.values() for e in ids if e is not None}
    used -= {entity.id for entity in held}
    # An entity's name is its most frequent spelling over all its mentions, not those in view.
    spelt = _spelt(
        store, [entity for entity in made if entity.id in used], [*old, *new], links, touched
    )
    return NeighbourRegistry(links, [*spelt, *held], renamed, sounds)


def _spelt(
    store: RegistryReads,
    entities: Sequence[Entity],
    reports: Sequence[Event],
    links: Mapping[str, ActorEntities],
    touched: set[str],
) -> list[Entity]:
    """``entities`` named and spelt after their mentions in ``reports`` and those stored
    outside the happenings ``touched``.
    """
    counts: dict[str, Counter[str]] = {}
    for entity_id, names in store.spellings_outside([e.id for e in entities], touched).items():
        counts.setdefault(entity_id, Counter()).update(" ".join(n.split()) for n in names)
    for event in reports:
        for actor, linked in zip(event.actors, links.get(event.id, ()), strict=False):
            if linked is not None:
                counts.setdefault(linked, Counter())[" ".join(actor.name.split())] += 1
    spelt = []
    for entity in entities:
        found = counts.get(entity.id)
        if found:
            name = min(found, key=_preference(found))
            entity = replace(entity, name=name, spellings=tuple(sorted(found)))
        spelt.append(entity)
    return spelt


def entities_to_save(
    store: RegistryReads,
    result: Consolidation,
    previous: Mapping[str, str],
    touched: set[str],
) -> tuple[list[Entity], set[str]]:
    """The entities the run named, with the spellings of all their mentions (those kept
    outside the neighbourhood too), and the stored ones no mention names any more.
    """
    named = {mention.entity for mention in result.mentions}
    before = {mention.entity for mention in store.mentions_in(previous.keys())}
    outside = store.spellings_outside(named | before, touched)
    spellings: dict[str, Counter[str]] = {}
    for entity_id, names in outside.items():
        spellings.setdefault(entity_id, Counter()).update(" ".join(n.split()) for n in names)
    for mention in result.mentions:
        spellings.setdefault(mention.entity, Counter())[" ".join(mention.name.split())] += 1
    entities = []
    for entity in result.entities:
        counts = spellings.get(entity.id)
        if counts:
            name = min(counts, key=_preference(counts))
            entities.append(replace(entity, name=name, spellings=tuple(sorted(counts))))
    dropped = before - named - set(outside)
    return entities, dropped


__all__ = [
    "NeighbourRegistry",
    "RegistryReads",
    "entities_to_save",
    "lookup_keys",
    "neighbour_registry",
    "report_keys",
]
