"""Linked cases: a protest, the detentions at it, and the charges, trials and sentences after.

Two kinds of link, both found through indexes so the cost grows with the data:
- *at*: a detention, assault or killing on the day of a protest in the same city happened at it;
- *follows*: successive steps that happened to the same named person (a target, participant or
  organiser; never the author of a statement), within the case window.
A case is a connected set of linked clusters, with an id made from its smallest cluster id.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from itertools import pairwise

from khronika.model import Cluster
from khronika.settings import ConsolidationSettings

AFTERMATH = frozenset({"detention", "assault", "killing", "legal_action", "harassment"})
_CASE_ROLES = frozenset({"target", "participant", "organiser"})


def link_cases(clusters: Sequence[Cluster], settings: ConsolidationSettings) -> list[Cluster]:
    """``clusters`` with ``linked`` and ``case`` filled in; the order is kept."""
    index = {cluster.id: position for position, cluster in enumerate(clusters)}
    links: dict[str, set[str]] = {cluster.id: set() for cluster in clusters}
    for a, b in (*_links_at_protests(clusters), *_links_by_person(clusters, settings)):
        links[a].add(b)
        links[b].add(a)
    case_of = _components(links)
    result = list(clusters)
    for cluster_id, neighbours in links.items():
        if neighbours:
            position = index[cluster_id]
            result[position] = replace(
                result[position], linked=tuple(sorted(neighbours)), case=case_of[cluster_id]
            )
    return result


def _links_at_protests(clusters: Sequence[Cluster]) -> list[tuple[str, str]]:
    protests: dict[tuple[date, str, str], list[str]] = {}
    for cluster in clusters:
        key = _day_and_city(cluster)
        if key and cluster.event.type == "protest":
            protests.setdefault(key, []).append(cluster.id)
    links: list[tuple[str, str]] = []
    for cluster in clusters:
        key = _day_and_city(cluster)
        if key and cluster.event.type in AFTERMATH and cluster.event.type != "legal_action":
            links.extend((protest, cluster.id) for protest in protests.get(key, ()))
    return links


def _day_and_city(cluster: Cluster) -> tuple[date, str, str] | None:
    event = cluster.event
    if event.date.precision != "day" or event.date.start is None:
        return None
    if event.location.precision not in ("site", "city") or not event.location.name:
        return None
    return event.date.start, event.location.country or "", event.location.name.casefold()


def _links_by_person(
    clusters: Sequence[Cluster], settings: ConsolidationSettings
) -> list[tuple[str, str]]:
    """Each person's clusters in date order, each linked to the next when close enough."""
    by_person: dict[str, list[Cluster]] = {}
    for cluster in clusters:
        people = {a.entity for a in cluster.event.actors if a.entity and a.role in _CASE_ROLES}
        for person in people:
            by_person.setdefault(person, []).append(cluster)
    links: list[tuple[str, str]] = []
    for steps in by_person.values():
        steps.sort(key=lambda c: (c.event.date.start or date.max, c.id))
        for earlier, later in pairwise(steps):
            if later.event.type in AFTERMATH and _close(earlier, later, settings):
                links.append((earlier.id, later.id))
    return links


def _close(earlier: Cluster, later: Cluster, settings: ConsolidationSettings) -> bool:
    first, second = earlier.event.date.start, later.event.date.start
    if first is None or second is None:
        return True  # an undated step of the same person's story: the text ties them, not a date
    return (second - first).days <= settings.case_window_days


def _components(links: dict[str, set[str]]) -> dict[str, str]:
    """Case id of every linked cluster: one per connected set, from its smallest member."""
    case_of: dict[str, str] = {}
    for start in sorted(links):
        if start in case_of or not links[start]:
            continue
        members, frontier = {start}, [start]
        while frontier:
            for neighbour in links[frontier.pop()]:
                if neighbour not in members:
                    members.add(neighbour)
                    frontier.append(neighbour)
        digest = hashlib.sha256(min(members).encode()).hexdigest()[:16]
        for member in members:
            case_of[member] = f"case_{digest}"
    return case_of
