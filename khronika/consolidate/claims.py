"""The canonical view of a cluster, and every report's claim kept beside it.

Each field of the canonical event is the value the most reports support (ties go to the more
precise value, then to the earlier report). Counts are the exception: like ACLED, the canonical
figure is the most conservative one, and every other figure stays as a claim with its source and
``attributed_to``. A field is disputed when two reports say things that cannot both be true:
two different days, two different cities, count ranges that do not overlap.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from typing import Any, TypeVar

from khronika.consolidate.cases import CaseFacts
from khronika.consolidate.compare import Report
from khronika.model import Actor, Claim, Cluster, Count, Entity, Event, Join, PartialDate, Place

_DATE_RANK = {"day": 3, "month": 2, "year": 1, "unknown": 0}
_PLACE_RANK = {"site": 4, "city": 3, "region": 2, "country": 1, "unknown": 0}

T = TypeVar("T")


def build_cluster(
    cluster_id: str,
    members: Sequence[Report],
    entities: Mapping[str, Entity],
    joined_by: tuple[Join, ...] = (),
) -> Cluster:
    """One cluster from its member reports (in any order: they are sorted here) and the joins
    that brought them together.
    """
    return cluster_of_events(cluster_id, [m.event for m in members], entities, joined_by)


def cluster_of_events(
    cluster_id: str,
    events: Sequence[Event],
    entities: Mapping[str, Entity],
    joined_by: tuple[Join, ...] = (),
) -> Cluster:
    """One cluster from its member events (their actors linked to the registry), as
    :func:`build_cluster`.
    """
    reports = sorted(events, key=_reading_order)
    date_claims = [_claim("date", e.date.to_dict(), e) for e in reports if e.date.start]
    place_claims = [
        _claim("location", e.location.to_dict(), e)
        for e in reports
        if e.location.precision != "unknown"
    ]
    count_claims = [
        _claim(f"counts.{key}", count.to_dict(), e, count.attributed_to)
        for e in reports
        for key, count in e.counts.items()
    ]
    counts = _canonical_counts(reports)
    event = Event(
        id=cluster_id,
        type=reports[0].type,
        subtype=_most_supported([e.subtype for e in reports if e.subtype], None),
        status=_most_supported([e.status for e in reports], reports[0].status),
        date=_canonical_date(reports),
        location=_canonical_place(reports),
        actors=_merged_actors(reports, entities),
        counts=counts,
        charges=_union(c for e in reports for c in e.charges),
        demands=_union(d for e in reports for d in e.demands),
        summary=max(reports, key=lambda e: e.confidence).summary,
        evidence=tuple(quote for e in reports for quote in e.evidence),
        confidence=_combined_confidence(reports),
    )
    disputed = _disputed_fields(reports)
    return Cluster(
        event=event,
        reports=tuple(e.id for e in reports),
        # Grouped by field, as Cluster.to_dict writes them, so a stored cluster reads back equal.
        claims=(*date_claims, *place_claims, *sorted(count_claims, key=lambda c: c.field)),
        disputed=disputed,
        joined_by=joined_by,
    )


def case_facts_of_events(cluster_id: str, events: Sequence[Event]) -> CaseFacts:
    """What :mod:`.cases` needs of the cluster these events make (its type, canonical date and
    place, linked people), without building the cluster.
    """
    reports = sorted(events, key=_reading_order)
    actors = (actor for event in reports for actor in event.actors)
    return CaseFacts.of_parts(
        cluster_id, reports[0].type, _canonical_date(reports), _canonical_place(reports), actors
    )


def _reading_order(event: Event) -> tuple[str, int, str]:
    first = event.evidence[0]
    return first.doc, first.start, event.id


def _claim(field: str, value: dict[str, Any], event: Event, by: str | None = None) -> Claim:
    return Claim(
        field=field, value=value, doc=event.evidence[0].doc, report=event.id, attributed_to=by
    )


def _most_supported(values: Sequence[T], default: T) -> T:
    """The value most often given; ties go to the one given first."""
    if not values:
        return default
    tally = Counter(values)
    best = max(tally.values())
    return next(v for v in values if tally[v] == best)


def _canonical_date(reports: Sequence[Event]) -> PartialDate:
    dated = [e.date for e in reports if e.date.start]
    if not dated:
        return reports[0].date
    tally = Counter((d.start, d.end, d.precision) for d in dated)
    best = max(dated, key=lambda d: (tally[(d.start, d.end, d.precision)], _DATE_RANK[d.precision]))
    return best


def _canonical_place(reports: Sequence[Event]) -> Place:
    placed = [e.location for e in reports if e.location.precision != "unknown"]
    if not placed:
        return reports[0].location
    tally = Counter(_place_key(p) for p in placed)
    return max(placed, key=lambda p: (tally[_place_key(p)], _PLACE_RANK[p.precision]))


def _place_key(place: Place) -> Hashable:
    site = place.text.casefold() if place.precision == "site" and place.text else None
    return place.country, (place.name or "").casefold(), place.precision, site


def _canonical_counts(reports: Sequence[Event]) -> dict[str, Count]:
    """Per count, the most conservative figure: the lowest lower bound any report gives."""
    chosen: dict[str, Count] = {}
    for event in reports:
        for key, count in event.counts.items():
            held = chosen.get(key)
            if held is None or _floor(count) < _floor(held):
                chosen[key] = count
    return chosen


def _floor(count: Count) -> int:
    if count.min is not None:
        return count.min
    return count.max if count.max is not None else 0


def _merged_actors(reports: Sequence[Event], entities: Mapping[str, Entity]) -> tuple[Actor, ...]:
    """Every actor once: the same entity in the same role is one actor, named canonically."""
    merged: dict[tuple[str, str, str], Actor] = {}
    for event in reports:
        for actor in event.actors:
            key = (actor.entity or actor.name.casefold(), actor.kind, actor.role)
            if key in merged:
                continue
            entity = entities.get(actor.entity) if actor.entity else None
            merged[key] = (
                Actor(name=entity.name, kind=actor.kind, role=actor.role, entity=entity.id)
                if entity
                else actor
            )
    return tuple(merged.values())


def _union(values: Any) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(value.casefold(), value)
    return tuple(seen.values())


def _combined_confidence(reports: Sequence[Event]) -> float:
    """Independent sources make a happening likelier: 1 - the chance that every report is wrong."""
    doubt = 1.0
    for doc in {e.evidence[0].doc for e in reports}:
        best = max(e.confidence for e in reports if e.evidence[0].doc == doc)
        doubt *= 1.0 - best
    return round(min(0.99, 1.0 - doubt), 3)


# --- disputes ----------------------------------------------------------------------------------


def _disputed_fields(reports: Sequence[Event]) -> tuple[str, ...]:
    disputed: list[str] = []
    days = {e.date.start for e in reports if e.date.precision == "day"}
    if len(days) > 1:
        disputed.append("date")
    cities = {
        (e.location.country, (e.location.name or "").casefold())
        for e in reports
        if e.location.precision in ("site", "city")
    }
    if len(cities) > 1:
        disputed.append("location")
    keys = sorted({key for e in reports for key in e.counts})
    for key in keys:
        ranges = [_range(e.counts[key]) for e in reports if key in e.counts]
        if _some_disjoint(ranges):
            disputed.append(f"counts.{key}")
    return tuple(disputed)


def _range(count: Count) -> tuple[float, float]:
    low = count.min if count.min is not None else 0
    high = count.max if count.max is not None else float("inf")
    return low, high


def _some_disjoint(ranges: Sequence[tuple[float, float]]) -> bool:
    # Some pair fails to overlap exactly when the highest lower bound exceeds the lowest upper.
    return max(low for low, _ in ranges) > min(high for _, high in ranges)
