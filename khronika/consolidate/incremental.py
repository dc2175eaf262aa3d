"""Incremental consolidation: new documents' reports are consolidated with the stored happenings
they could join, not with the whole store.

    new reports ──▶ neighbours (their blocks: type, country and weeks; city; the people they
                    name; the linked cases) ──▶ consolidate(neighbours' reports + new ones)
                ──▶ more neighbours? (people the run linked them to) ──▶ again, a few times
                ──▶ checks ──▶ save only the touched happenings

:func:`consolidate` is a pure function, and a stored happening that shares no block, person or
case with a new report would come out of a full run unchanged, so re-consolidating the
neighbourhood gives what a full run would there. Where that cannot be vouched for (a report
gone since, a stored person linked differently in the smaller run, an id taken by an untouched
happening, the neighbourhood still growing after ``_ROUNDS``), :func:`consolidate_new` answers
None and the caller runs a full consolidation.

Known gaps, measured in docs/quality.md: a person the full registry would split from a namesake
elsewhere in the store can get another entity id here; a possible duplicate between a report
here and one outside is kept as stored, where a full run may drop it for a better one; an
organisation's happenings are looked up within the new reports' types only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from khronika.consolidate import ActorEntities, Consolidation, consolidate, registry_links
from khronika.consolidate.people import (
    _SURNAME_PREFIX,
    PERSON_KINDS,
    _preference,
    is_registry_actor,
    sound_key,
)
from khronika.model import (
    CandidatePair,
    Cluster,
    Decision,
    Entity,
    EntityMention,
    Event,
)
from khronika.names import fold, name_parts
from khronika.settings import ConsolidationSettings

ORGANISATION_PREFIX = "or_"  # the registry's organisation ids (consolidate/people.py)
# How many times the neighbourhood may grow (people or cases found by a run) before giving up.
_ROUNDS = 4


class IncrementalStore(Protocol):
    """What incremental consolidation reads and writes (:mod:`khronika.store.incremental`)."""

    def report_generation(self) -> int: ...  # noqa: D102
    def decisions(self) -> list[Decision]: ...  # noqa: D102
    def lost_members(self) -> int: ...  # noqa: D102
    def reports_outside_clusters(self) -> list[Event]: ...  # noqa: D102
    def neighbour_clusters(self, reports: Sequence[Event], slack: int = 1) -> set[str]: ...  # noqa: D102
    def clusters_naming(  # noqa: D102
        self, entity_ids: Collection[str], types: Collection[str] | None = None
    ) -> set[str]: ...
    def keys_ready(self) -> bool: ...  # noqa: D102
    def clusters_holding(self, report_ids: Collection[str]) -> set[str]: ...  # noqa: D102
    def clusters_keyed(  # noqa: D102
        self, keys: Collection[str], types: Collection[str] | None = None
    ) -> set[str]: ...
    def clusters_in_cases_of(self, cluster_ids: Collection[str]) -> set[str]: ...  # noqa: D102
    def reports_of(self, cluster_ids: Collection[str]) -> dict[str, list[Event]]: ...  # noqa: D102
    def founders_of(self, clusters: Mapping[str, Sequence[str]]) -> dict[str, str]: ...  # noqa: D102
    def stored_clusters(self, cluster_ids: Collection[str]) -> set[str]: ...  # noqa: D102
    def mentions_in(self, report_ids: Collection[str]) -> list[EntityMention]: ...  # noqa: D102
    def entities_by_id(self, entity_ids: Collection[str]) -> list[Entity]: ...  # noqa: D102
    def spellings_outside(  # noqa: D102
        self, entity_ids: Collection[str], cluster_ids: Collection[str]
    ) -> dict[str, list[str]]: ...
    def save_partial_consolidation(  # noqa: D102
        self,
        touched: Collection[str],
        clusters: Sequence[Cluster],
        entities: Sequence[Entity],
        mentions: Sequence[EntityMention],
        candidates: Sequence[CandidatePair],
        *,
        dropped: Collection[str] = (),
        keys: Sequence[tuple[str, str]] = (),
        generation: int,
    ) -> set[str]: ...


@dataclass(frozen=True)
class Increment:
    """What an incremental run replaced and made."""

    touched: frozenset[str]  # ids of the stored happenings re-consolidated
    written: frozenset[str]  # ids rewritten (replaced, new or changed); the rest kept as stored
    result: Consolidation  # the neighbourhood's consolidation, as saved
    new_reports: int


def consolidate_new(store: IncrementalStore, settings: ConsolidationSettings) -> Increment | None:
    """Consolidate the reports no happening holds with their neighbours and save the touched
    happenings only; None (nothing written) when only a full run can be trusted.
    """
    # Read before the reports: a report saved meanwhile leaves the consolidation stale, redone.
    generation = store.report_generation()
    if not store.keys_ready() or store.lost_members():
        return None
    new = store.reports_outside_clusters()
    if not new:
        return None
    decisions = store.decisions()
    fresh = {report.id for report in new}
    touched = store.neighbour_clusters(new, settings.day_slack)
    types = {report.type for report in new}
    keys = {key for _report, key in report_keys(new)}
    # An organisation is blocked on within a type, and a busy one is named in thousands of
    # happenings: only those of the new reports' types are brought in.
    touched |= store.clusters_keyed({k for k in keys if not k.startswith("o:")})
    touched |= store.clusters_keyed({k for k in keys if k.startswith("o:")}, types)
    for _round in range(_ROUNDS):
        held = store.reports_of(touched)
        previous = {event.id: cid for cid, events in held.items() for event in events}
        old = [event for events in held.values() for event in events]
        links, entities, renamed = _registry(store, old, new)
        result = consolidate(
            [*old, *new],
            decisions=decisions,
            previous=previous,
            settings=settings,
            founders=store.founders_of({cid: [e.id for e in es] for cid, es in held.items()}),
            registry=(links, entities),
        )
        # The people the new reports name, and every happening naming them: the registry then
        # sees all their mentions, and the person blocks are whole.
        named = {mention.entity for mention in result.mentions if mention.report in fresh}
        named |= renamed
        # A reviewer's ruling on a report here and one elsewhere: both sides are needed.
        ruled = _ruled_with(decisions, previous.keys() | fresh)
        people = {entity for entity in named if not entity.startswith(ORGANISATION_PREFIX)}
        more = (
            store.clusters_naming(people)
            | store.clusters_naming(named - people, types)
            | store.clusters_in_cases_of(touched)
            | store.clusters_holding(ruled)
        ) - touched
        if not more:
            break
        touched |= more
    else:
        return None
    if "" in renamed or not _trustworthy(store, result, touched):
        return None
    entities, dropped = _entities(store, result, previous, touched)
    written = store.save_partial_consolidation(
        touched,
        result.clusters,
        entities,
        result.mentions,
        result.candidates,
        dropped=dropped,
        keys=report_keys([*old, *new]),
        generation=generation,
    )
    return Increment(frozenset(touched), frozenset(written), result, len(new))


def _ruled_with(decisions: Sequence[Decision], reports: Collection[str]) -> set[str]:
    """The reports outside ``reports`` that a decision pairs with one of them."""
    found = set()
    for decision in decisions:
        if decision.report_a in reports:
            found.add(decision.report_b)
        if decision.report_b in reports:
            found.add(decision.report_a)
    return found - set(reports)


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


def _registry(
    store: IncrementalStore, old: Sequence[Event], new: Sequence[Event]
) -> tuple[dict[str, ActorEntities], list[Entity], set[str]]:
    """The neighbourhood's registry with the stored people kept: a stored report's actor keeps
    its stored entity unless a new report's actor is linked to it, whose entity then holds.
    Also the stored ids such a link renames (a full run renames them too, once all their
    mentions are in the neighbourhood).
    """
    links, made = registry_links([*old, *new])
    fresh = {e for event in new for e in links.get(event.id, ()) if e is not None}
    stored: dict[str, dict[tuple[str, str], list[str]]] = {}
    for mention in store.mentions_in([event.id for event in old]):
        by_actor = stored.setdefault(mention.report, {})
        by_actor.setdefault((mention.name, mention.role), []).append(mention.entity)
    kept: set[str] = set()
    renamed: set[str] = set()
    for event in old:
        named = stored.get(event.id, {})
        found = links.get(event.id, (None,) * len(event.actors))
        pinned: list[str | None] = []
        for actor, entity in zip(event.actors, found, strict=True):
            was = named.get((actor.name, actor.role), [])
            before = was.pop(0) if was else None
            if entity in fresh and before is not None and before != entity:
                renamed.add(before)
            pinned.append(entity if entity in fresh else before)
        kept.update(e for e in pinned if e is not None and e not in fresh)
        if any(pinned):
            links[event.id] = tuple(pinned)
        else:
            links.pop(event.id, None)
    entities = [entity for entity in made if entity.id in fresh]
    if kept & renamed:
        # A stored actor the run did not link to the new people still names a renamed entity.
        renamed.add("")
    return links, [*entities, *store.entities_by_id(kept - renamed)], renamed


def _trustworthy(store: IncrementalStore, result: Consolidation, touched: set[str]) -> bool:
    """Whether no new id is one an untouched happening has."""
    fresh = {cluster.id for cluster in result.clusters} - touched
    return not store.stored_clusters(fresh)


def _entities(
    store: IncrementalStore,
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


__all__ = ["Increment", "IncrementalStore", "consolidate_new", "lookup_keys", "report_keys"]
