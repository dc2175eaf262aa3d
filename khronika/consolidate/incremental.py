"""Incremental consolidation: new documents' reports are consolidated with the stored happenings
they could join, not with the whole store.

    new reports ──▶ neighbours (their blocks: type, country and weeks; city; the people they
                    name; the linked cases) ──▶ consolidate(neighbours' reports + new ones)
                ──▶ more neighbours? (people the run linked them to) ──▶ again, a few times
                ──▶ checks ──▶ save only the touched happenings

:func:`consolidate` is a pure function, and a stored happening that shares no block, person or
case with a new report would come out of a full run unchanged, so re-consolidating the
neighbourhood gives what a full run would there. The neighbourhood grows until that holds:
- every happening naming a person of the new reports, or spelt like one (a namesake's id
  depends on the namesakes a full run sees beside it), or a stored person the run renames;
- all the blocks of a stored report whose possible duplicates would change (a report keeps
  only its best few, ranked among every group its blocks hold: see :mod:`.incremental_pairs`);
- linked cases, and the other side of a reviewer's ruling.
Where it cannot be vouched for (a report gone since, an entity renamed for some of its actors
only, an id taken by an untouched happening, the neighbourhood still growing after
``_ROUNDS``), :func:`consolidate_new` answers None, says why (debug log, ``fallbacks``), and
the caller runs a full consolidation. A stored entity keeps its id unless the run links it to
a new report's person or organisation or it is spelt like one; an organisation's happenings are
looked up within the new reports' types only.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from khronika.consolidate import Consolidation, consolidate
from khronika.consolidate.incremental_pairs import settle
from khronika.consolidate.incremental_registry import (
    entities_to_save,
    lookup_keys,
    neighbour_registry,
    report_keys,
)
from khronika.model import (
    CandidatePair,
    Cluster,
    Decision,
    Entity,
    EntityMention,
    Event,
)
from khronika.settings import ConsolidationSettings

log = logging.getLogger(__name__)

ORGANISATION_PREFIX = "or_"  # the registry's organisation ids (consolidate/people.py)
# How many times the neighbourhood may grow (people or cases found by a run) before giving up.
_ROUNDS = 6


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
    def pairs_from(self, report_ids: Collection[str]) -> list[CandidatePair]: ...  # noqa: D102
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


def consolidate_new(
    store: IncrementalStore,
    settings: ConsolidationSettings,
    *,
    fallbacks: Counter[str] | None = None,
) -> Increment | None:
    """Consolidate the reports no happening holds with their neighbours and save the touched
    happenings only; None (nothing written) when only a full run can be trusted. Why is logged
    (at debug level) and counted in ``fallbacks`` when given.
    """
    # Read before the reports: a report saved meanwhile leaves the consolidation stale, redone.
    generation = store.report_generation()
    if not store.keys_ready():
        return _fall_back("no lookup keys stored", fallbacks)
    if store.lost_members():
        return _fall_back("a clustered report is gone", fallbacks)
    new = store.reports_outside_clusters()
    if not new:
        return _fall_back("no new reports", fallbacks)
    view = _View(store, settings, new, store.decisions(), _blocks_of(store, new, settings))
    grown: list[str] = []
    for _round in range(_ROUNDS):
        growing = view.run()
        if not growing:
            break
        grown.append(growing)
    else:
        log.debug("the neighbourhood grew by round: %s", "; ".join(grown))
        return _fall_back(
            f"the neighbourhood still grows after {_ROUNDS} rounds ({grown[-1]})", fallbacks
        )
    if "" in view.renamed:
        return _fall_back("a stored entity would be renamed in part", fallbacks)
    if not _trustworthy(store, view.result, view.touched):
        return _fall_back("a new happening id is taken by an untouched one", fallbacks)
    touched, result = view.touched, view.result
    entities, dropped = entities_to_save(store, result, view.previous, touched)
    written = store.save_partial_consolidation(
        touched,
        result.clusters,
        entities,
        result.mentions,
        view.candidates,
        dropped=dropped,
        keys=report_keys([*view.old, *new]),
        generation=generation,
    )
    return Increment(frozenset(touched), frozenset(written), result, len(new))


def _fall_back(reason: str, fallbacks: Counter[str] | None) -> Increment | None:
    """None, for a full run, with the reason logged and counted."""
    log.debug("incremental consolidation falls back to a full run: %s", reason)
    if fallbacks is not None:
        fallbacks[reason] += 1
    return None


class _View:
    """The neighbourhood, run again each time it grows (:meth:`run`)."""

    def __init__(
        self,
        store: IncrementalStore,
        settings: ConsolidationSettings,
        new: Sequence[Event],
        decisions: Sequence[Decision],
        touched: set[str],
    ) -> None:
        self.store, self.settings, self.new, self.decisions = store, settings, new, decisions
        self.touched = touched
        self.fresh = {report.id for report in new}
        self.types = {report.type for report in new}
        self.complete = set(self.fresh)  # reports whose blocks are all in view
        self.previous: dict[str, str] = {}
        self.old: list[Event] = []
        self.renamed: set[str] = set()
        self.sounds: set[str] = set()
        self.result = Consolidation((), (), {})
        self.candidates: list[CandidatePair] = []  # the possible duplicates to save

    def run(self) -> str:
        """Consolidate the neighbourhood, then widen it; what widened it ("" when nothing)."""
        store = self.store
        held = store.reports_of(self.touched)
        self.previous = {event.id: cid for cid, events in held.items() for event in events}
        self.old = old = [event for events in held.values() for event in events]
        registry = neighbour_registry(store, old, self.new, self.touched)
        self.renamed, self.sounds = registry.renamed, registry.sounds
        self.result = consolidate(
            [*old, *self.new],
            decisions=self.decisions,
            previous=self.previous,
            settings=self.settings,
            founders=store.founders_of({cid: [e.id for e in es] for cid, es in held.items()}),
            registry=(registry.links, registry.entities),
        )
        found = {name: found - self.touched for name, found in self._wanted(held).items()}
        self.touched |= {cid for more in found.values() for cid in more}
        return ", ".join(f"{name} {len(more)}" for name, more in found.items() if more)

    def _changed(self, held: Mapping[str, Sequence[Event]]) -> set[str]:
        """The reports of the happenings the run made otherwise than stored."""
        stored = {frozenset(event.id for event in events) for events in held.values()}
        return {
            report
            for cluster in self.result.clusters
            if frozenset(cluster.reports) not in stored
            for report in cluster.reports
        }

    def _wanted(self, held: Mapping[str, Sequence[Event]]) -> dict[str, set[str]]:
        """What the run says must be in view, by why."""
        store, result = self.store, self.result
        # The people the new reports name, and every happening naming them: the registry then
        # sees all their mentions, and the person blocks are whole. So too for a stored person
        # the run names otherwise (linked to a new one, or renamed beside a new namesake).
        named = {m.entity for m in result.mentions if m.report in self.fresh} | self.renamed
        named.discard("")
        people = {entity for entity in named if not entity.startswith(ORGANISATION_PREFIX)}
        inside = self.previous.keys() | self.fresh
        # A stored report whose possible duplicates would change sees all its blocks.
        stored_pairs = store.pairs_from(self.previous.keys())
        self.candidates, loose = settle(
            result.candidates,
            stored_pairs,
            inside,
            self.complete,
            self._changed(held),
            result.assignment,
        )
        self.complete |= loose
        return {
            "people": store.clusters_naming(people),
            "organisations": store.clusters_naming(named - people, self.types),
            # Whoever is spelt like them: a person's id depends on the namesakes beside it.
            "namesakes": store.clusters_keyed(self.sounds),
            "cases": store.clusters_in_cases_of(self.touched),
            # A reviewer's ruling on a report here and one elsewhere: both sides are needed.
            "rulings": store.clusters_holding(_ruled_with(self.decisions, inside)),
            "possible duplicates": _blocks_of(
                store, [event for event in self.old if event.id in loose], self.settings
            ),
        }


def _blocks_of(
    store: IncrementalStore, reports: Sequence[Event], settings: ConsolidationSettings
) -> set[str]:
    """The happenings sharing a block with one of ``reports``: its type, country and weeks,
    its city, the people it names (by lookup key) and, within its type, its organisations.
    """
    if not reports:
        return set()
    found = store.neighbour_clusters(reports, settings.day_slack)
    types = {report.type for report in reports}
    keys = {key for _report, key in report_keys(reports)}
    # An organisation is blocked on within a type, and a busy one is named in thousands of
    # happenings: only those of the reports' types are brought in.
    found |= store.clusters_keyed({k for k in keys if not k.startswith("o:")})
    found |= store.clusters_keyed({k for k in keys if k.startswith("o:")}, types)
    return found


def _ruled_with(decisions: Sequence[Decision], reports: Collection[str]) -> set[str]:
    """The reports outside ``reports`` that a decision pairs with one of them."""
    found = set()
    for decision in decisions:
        if decision.report_a in reports:
            found.add(decision.report_b)
        if decision.report_b in reports:
            found.add(decision.report_a)
    return found - set(reports)


def _trustworthy(store: IncrementalStore, result: Consolidation, touched: set[str]) -> bool:
    """Whether no new id is one an untouched happening has."""
    fresh = {cluster.id for cluster in result.clusters} - touched
    return not store.stored_clusters(fresh)


__all__ = ["Increment", "IncrementalStore", "consolidate_new", "lookup_keys", "report_keys"]
