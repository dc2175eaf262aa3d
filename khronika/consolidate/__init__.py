"""One happening, many reports: clusters, conflicting claims, people and linked cases.

    reports ──▶ people.build_registry ──▶ clusters.group_reports ──▶ claims.build_cluster
            (one entity per person/org)   (blocking, greedy, rulings)   (canonical view, claims)
                                                           ──▶ cases.link_cases

:func:`consolidate` is a pure function of the per-document reports, the reviewers' rulings and
the previous run's assignment of reports to clusters (which only keeps ids stable): the same
input gives the same clusters and ids, and a new document's reports join existing clusters.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from khronika.consolidate.cases import link_cases
from khronika.consolidate.claims import build_cluster
from khronika.consolidate.clusters import assign_ids, group_explained
from khronika.consolidate.compare import Report
from khronika.consolidate.people import Mention, build_registry, is_registry_actor
from khronika.model import CandidatePair, Cluster, Decision, Entity, EntityMention, Event, Join
from khronika.names import fold
from khronika.settings import ConsolidationSettings


@dataclass(frozen=True)
class Consolidation:
    """What a run of consolidation made: clusters, the registry, and who appears where."""

    clusters: tuple[Cluster, ...]
    entities: tuple[Entity, ...]
    assignment: Mapping[str, str]  # report id -> cluster id
    mentions: tuple[EntityMention, ...] = field(default=())
    candidates: tuple[CandidatePair, ...] = field(default=())  # possible duplicates, for review


def consolidate(
    reports: Sequence[Event],
    *,
    decisions: Sequence[Decision] = (),
    previous: Mapping[str, str] | None = None,
    settings: ConsolidationSettings | None = None,
    founders: Mapping[str, str] | None = None,
) -> Consolidation:
    """Cluster ``reports`` (per-document events) into happenings and link their people."""
    settings = settings or ConsolidationSettings()
    linked, entities = link_people(reports)
    grouping = group_explained([Report.of(event) for event in linked], settings, decisions)
    groups = grouping.groups
    # Ids follow their founding reports (a split gives an id back): see assign_ids.
    ids = assign_ids(groups, previous or {}, founders)
    by_id = {entity.id: entity for entity in entities}
    clusters = [
        build_cluster(i, members, by_id, _joins_of(members, grouping.joins))
        for i, members in zip(ids, groups, strict=True)
    ]
    clusters = link_cases(sorted(clusters, key=_cluster_order), settings)
    assignment = {report: cluster.id for cluster in clusters for report in cluster.reports}
    return Consolidation(
        clusters=tuple(clusters),
        entities=entities,
        assignment=assignment,
        mentions=tuple(_mentions(linked, assignment)),
        candidates=possible_duplicates(grouping.candidates, assignment, settings),
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
    mentions = [
        Mention(
            key=_mention_key(event.id, position),
            name=actor.name,
            kind=actor.kind,
            country=event.location.country,
            doc=event.evidence[0].doc,
        )
        for event in reports
        for position, actor in enumerate(event.actors)
        if is_registry_actor(actor.name, actor.kind)
    ]
    registry = build_registry(mentions, places=_place_names(reports))
    linked: list[Event] = []
    for event in reports:
        actors = tuple(
            replace(actor, entity=registry.entity_of.get(_mention_key(event.id, position)))
            for position, actor in enumerate(event.actors)
        )
        linked.append(replace(event, actors=actors) if actors != event.actors else event)
    return linked, registry.entities


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


def _mentions(reports: Sequence[Event], assignment: Mapping[str, str]) -> list[EntityMention]:
    return [
        EntityMention(
            entity=actor.entity,
            report=event.id,
            doc=event.evidence[0].doc,
            name=actor.name,
            role=actor.role,
            cluster=assignment.get(event.id),
        )
        for event in reports
        for actor in event.actors
        if actor.entity
    ]


def _cluster_order(cluster: Cluster) -> tuple[bool, str, str]:
    start = cluster.event.date.start
    return start is None, start.isoformat() if start else "", cluster.id


__all__ = ["Consolidation", "consolidate", "link_people", "possible_duplicates"]
