"""One happening, many reports: clusters, conflicting claims, people and linked cases.

    reports ──▶ people.build_registry ──▶ clusters.group_reports ──▶ cases.case_links
            (one entity per person/org)   (blocking, greedy, rulings)   (on a few facts each)
                                                    ──▶ claims.cluster_of_events, one at a time
                                                        (canonical view, claims) ──▶ sink

:func:`consolidate` is a pure function of the per-document reports, the reviewers' rulings and
the previous run's assignment of reports to clusters (which only keeps ids stable): the same
input gives the same clusters and ids, and a new document's reports join existing clusters.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from khronika.consolidate.cases import CaseFacts, case_links
from khronika.consolidate.claims import case_facts_of_events, cluster_of_events
from khronika.consolidate.clusters import assign_ids, group_explained
from khronika.consolidate.compare import Report
from khronika.consolidate.people import Mention, build_registry, is_registry_actor
from khronika.model import CandidatePair, Cluster, Decision, Entity, EntityMention, Event, Join
from khronika.names import fold
from khronika.settings import ConsolidationSettings

ActorEntities = tuple[str | None, ...]

# What a group's place holds once its cluster is built: one shared empty list, never changed.
_BUILT: list[Report] = []


@dataclass(frozen=True)
class Consolidation:
    """What a run of consolidation made: clusters, the registry, and who appears where."""

    clusters: tuple[Cluster, ...]
    entities: tuple[Entity, ...]
    assignment: Mapping[str, str]  # report id -> cluster id
    mentions: tuple[EntityMention, ...] = field(default=())
    candidates: tuple[CandidatePair, ...] = field(default=())  # possible duplicates, for review
    cluster_count: int = 0  # how many clusters were made (also when handed to a sink)


def consolidate(
    reports: Sequence[Event],
    *,
    decisions: Sequence[Decision] = (),
    previous: Mapping[str, str] | None = None,
    settings: ConsolidationSettings | None = None,
    founders: Mapping[str, str] | None = None,
    sink: Callable[[Cluster], None] | None = None,
    registry: tuple[Mapping[str, ActorEntities], Sequence[Entity]] | None = None,
    spelt_sink: Callable[[Cluster, Sequence[str]], None] | None = None,
) -> Consolidation:
    """Cluster ``reports`` (per-document events) into happenings and link their people.

    With a ``sink``, each finished cluster is handed to it (in the order the result would list
    them) and not kept: the result's ``clusters`` is then empty and ``cluster_count`` says how
    many there were. That is how a million reports are consolidated in bounded memory.
    ``registry`` (each report's actors' entities, and the entities) replaces the registry the
    reports would make: incremental consolidation keeps the stored people that way.
    ``spelt_sink`` is a sink also given what the cluster's reports called the people and
    organisations linked (what a store searches them by).
    """
    settings = settings or ConsolidationSettings()
    links, entities = registry if registry is not None else registry_links(reports)
    grouping = group_explained(
        [Report.of(event, _entities_of(event, links)) for event in reports], settings, decisions
    )
    groups = grouping.groups
    # Ids follow their founding reports (a split gives an id back): see assign_ids.
    ids = assign_ids(groups, previous or {}, founders)
    # Cases are linked on a few facts per cluster first, so that each cluster can be finished
    # (its links and case set) the moment it is built and never held with all the others.
    facts = [
        case_facts_of_events(
            cluster_id, [_linked(m.event, _entities_of(m.event, links)) for m in members]
        )
        for cluster_id, members in zip(ids, groups, strict=True)
    ]
    cases = case_links(facts, settings)
    keys = [_facts_order(fact) for fact in facts]
    del facts
    order = sorted(range(len(groups)), key=keys.__getitem__)
    del keys
    by_id = {entity.id: entity for entity in entities}
    clusters: list[Cluster] = []
    assignment: dict[str, str] = {}
    for index in order:
        # The group is let go once its cluster is built: the comparison facts of every report
        # and every cluster are never held at once.
        members, groups[index] = groups[index], _BUILT
        events = [_linked(m.event, _entities_of(m.event, links)) for m in members]
        cluster = cluster_of_events(ids[index], events, by_id, _joins_of(members, grouping.joins))
        if cluster.id in cases:
            linked, case = cases[cluster.id]
            cluster = replace(cluster, linked=linked, case=case)
        assignment.update(dict.fromkeys(cluster.reports, cluster.id))
        if spelt_sink is not None:
            spelt_sink(cluster, [a.name for e in events for a in e.actors if a.entity])
        elif sink is not None:
            sink(cluster)
        else:
            clusters.append(cluster)
    return Consolidation(
        clusters=tuple(clusters),
        entities=tuple(entities),
        assignment=assignment,
        mentions=tuple(_mentions(reports, links, assignment)),
        candidates=possible_duplicates(grouping.candidates, assignment, settings),
        cluster_count=len(order),
    )


def _joins_of(members: Sequence[Report], joins: Mapping[str, Join]) -> tuple[Join, ...]:
    return tuple(joins[m.id] for m in sorted(members, key=lambda m: m.id) if m.id in joins)


def possible_duplicates(
    pairs: Sequence[CandidatePair], assignment: Mapping[str, str], settings: ConsolidationSettings
) -> tuple[CandidatePair, ...]:
    """The near-miss pairs whose reports ended in different clusters, each pair once, the best
    ``candidates_per_report`` of each report, with their clusters named.
    """
    best: dict[tuple[str, str], CandidatePair] = {}
    for pair in pairs:
        a, b = assignment.get(pair.report_a), assignment.get(pair.report_b)
        if a is None or b is None or a == b:
            continue
        key = (min(pair.report_a, pair.report_b), max(pair.report_a, pair.report_b))
        held = best.get(key)
        if held is None or pair.score > held.score:
            best[key] = replace(pair, cluster_a=a, cluster_b=b)
    kept: list[CandidatePair] = []
    per_report: Counter[str] = Counter()
    for pair in sorted(best.values(), key=lambda p: (-p.score, p.report_a, p.report_b)):
        if per_report[pair.report_a] < settings.candidates_per_report:
            per_report[pair.report_a] += 1
            kept.append(pair)
    return tuple(kept)


def link_people(reports: Sequence[Event]) -> tuple[list[Event], tuple[Entity, ...]]:
    """The reports with each named actor's registry id set, and the registry's entities."""
    links, entities = registry_links(reports)
    return [_linked(event, _entities_of(event, links)) for event in reports], entities


def registry_links(
    reports: Sequence[Event],
) -> tuple[dict[str, ActorEntities], tuple[Entity, ...]]:
    """The registry's entities, and for each report naming one, the entity of each of its
    actors by position (None for an actor that is no one in particular). Kept apart from the
    events so that no linked copy of a million events is ever made.
    """
    mentions = [
        Mention(
            key=_mention_key(event.id, position),
            name=actor.name,
            kind=actor.kind,
            country=event.location.country,
            doc=event.evidence[0].doc,
            year=event.date.start.year if event.date.start else None,
            report=event.id,
        )
        for event in reports
        for position, actor in enumerate(event.actors)
        if is_registry_actor(actor.name, actor.kind)
    ]
    registry = build_registry(mentions, places=_place_names(reports))
    del mentions
    entity_of = registry.entity_of
    links: dict[str, ActorEntities] = {}
    for event in reports:
        found = tuple(
            entity_of.get(_mention_key(event.id, position)) for position in range(len(event.actors))
        )
        if any(found):
            links[event.id] = found
    return links, registry.entities


def _entities_of(event: Event, links: Mapping[str, ActorEntities]) -> ActorEntities:
    """The registry ids of ``event``'s actors; an id an actor carried from elsewhere is dropped."""
    found = links.get(event.id)
    return found if found is not None else (None,) * len(event.actors)


def _linked(event: Event, entities: ActorEntities) -> Event:
    """``event`` with its actors' registry ids set (the event itself when nothing changes)."""
    actors = tuple(
        replace(actor, entity=entity) if actor.entity != entity else actor
        for actor, entity in zip(event.actors, entities, strict=True)
    )
    return replace(event, actors=actors) if actors != event.actors else event


def _place_names(reports: Sequence[Event]) -> frozenset[str]:
    """Folded names of the places the reports are at: a place is never a person."""
    names: set[str] = set()
    for event in reports:
        location = event.location
        for name in (location.name, location.admin1):
            if name:
                names.add(fold(name))
        if location.text and location.precision != "site":
            names.add(fold(location.text))
    return frozenset(names)


def _mention_key(report: str, position: int) -> str:
    return f"{report}/{position}"


def _mentions(
    reports: Sequence[Event],
    links: Mapping[str, ActorEntities],
    assignment: Mapping[str, str],
) -> list[EntityMention]:
    return [
        EntityMention(
            entity=entity,
            report=event.id,
            doc=event.evidence[0].doc,
            name=actor.name,
            role=actor.role,
            cluster=assignment.get(event.id),
        )
        for event in reports
        for actor, entity in zip(event.actors, links.get(event.id, ()), strict=False)
        if entity
    ]


def _facts_order(facts: CaseFacts) -> tuple[bool, str, str]:
    """Clusters by date, unknown last, then id."""
    return facts.start is None, facts.start.isoformat() if facts.start else "", facts.id


__all__ = [
    "ActorEntities",
    "Consolidation",
    "consolidate",
    "link_people",
    "possible_duplicates",
    "registry_links",
]
