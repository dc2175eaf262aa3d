"""Linked cases: a protest, the detentions at it, and the charges, trials and sentences after.

Two kinds of link, both found through indexes so the cost grows with the data:
- *at*: a detention, assault or killing on the day of a protest in the same city happened at it;
- *follows*: successive steps that happened to the same named person (a target, participant or
  organiser; never the author of a statement), within the case window.
A case is a connected set of linked clusters, with an id made from its smallest cluster id.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import pairwise

from khronika.model import Actor, Cluster, Event, PartialDate, Place
from khronika.settings import ConsolidationSettings

AFTERMATH = frozenset({"detention", "assault", "killing", "legal_action", "harassment"})
_CASE_ROLES = frozenset({"target", "participant", "organiser"})


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What linking needs of one cluster: a few fields, so a million clusters need not be held.

    ``start`` is the canonical date's first day, ``day_city`` the day and city of a happening
    known to the day and the city, ``people`` the entities it happened to or who did it.
    """

    id: str
    type: str
    start: date | None
    day_city: tuple[date, str, str] | None
    people: frozenset[str]

    @classmethod
    def of(cls, cluster: Cluster) -> CaseFacts:
        """The facts of a built cluster."""
        return cls.of_event(cluster.id, cluster.event)

    @classmethod
    def of_event(cls, cluster_id: str, event: Event) -> CaseFacts:
        """The facts of a cluster with this id and canonical event."""
        return cls.of_parts(cluster_id, event.type, event.date, event.location, event.actors)

    @classmethod
    def of_parts(
        cls,
        cluster_id: str,
        kind: str,
        when: PartialDate,
        where: Place,
        actors: Iterable[Actor],
    ) -> CaseFacts:
        """The facts of a cluster of this type, canonical date and place, and these actors."""
        return cls(
            id=cluster_id,
            type=kind,
            start=when.start,
            day_city=_day_and_city(when, where),
            people=frozenset(a.entity for a in actors if a.entity and a.role in _CASE_ROLES),
        )


def link_cases(clusters: Sequence[Cluster], settings: ConsolidationSettings) -> list[Cluster]:
    """``clusters`` with ``linked`` and ``case`` filled in; the order is kept."""
    found = case_links([CaseFacts.of(cluster) for cluster in clusters], settings)
    return [
        replace(cluster, linked=found[cluster.id][0], case=found[cluster.id][1])
        if cluster.id in found
        else cluster
        for cluster in clusters
    ]


def case_links(
    facts: Sequence[CaseFacts], settings: ConsolidationSettings
) -> dict[str, tuple[tuple[str, ...], str]]:
    """For each linked cluster id: the ids it is linked to (sorted) and its case id."""
    links: dict[str, set[str]] = {fact.id: set() for fact in facts}
    for a, b in (*_links_at_protests(facts), *_links_by_person(facts, settings)):
        links[a].add(b)
        links[b].add(a)
    case_of = _components(links)
    return {
        cluster_id: (tuple(sorted(neighbours)), case_of[cluster_id])
        for cluster_id, neighbours in links.items()
        if neighbours
    }


def _links_at_protests(facts: Sequence[CaseFacts]) -> list[tuple[str, str]]:
    protests: dict[tuple[date, str, str], list[str]] = {}
    for fact in facts:
        if fact.day_city and fact.type == "protest":
            protests.setdefault(fact.day_city, []).append(fact.id)
    links: list[tuple[str, str]] = []
    for fact in facts:
        if fact.day_city and fact.type in AFTERMATH and fact.type != "legal_action":
            links.extend((protest, fact.id) for protest in protests.get(fact.day_city, ()))
    return links


def _day_and_city(when: PartialDate, where: Place) -> tuple[date, str, str] | None:
    if when.precision != "day" or when.start is None:
        return None
    if where.precision not in ("site", "city") or not where.name:
        return None
    return when.start, where.country or "", where.name.casefold()


def _links_by_person(
    facts: Sequence[CaseFacts], settings: ConsolidationSettings
) -> list[tuple[str, str]]:
    """Each person's clusters in date order, each linked to the next when close enough."""
    by_person: dict[str, list[CaseFacts]] = {}
    for fact in facts:
        for person in fact.people:
            by_person.setdefault(person, []).append(fact)
    links: list[tuple[str, str]] = []
    for steps in by_person.values():
        steps.sort(key=lambda f: (f.start or date.max, f.id))
        for earlier, later in pairwise(steps):
            if later.type in AFTERMATH and _close(earlier, later, settings):
                links.append((earlier.id, later.id))
    return links


def _close(earlier: CaseFacts, later: CaseFacts, settings: ConsolidationSettings) -> bool:
    first, second = earlier.start, later.start
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
