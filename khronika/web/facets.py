"""Facet counts beside the list, as Datasette shows them: how many of the matching happenings
have each type, country, status, year and source, each value a link that adds it to the filters.

Counted over the reviewed view (an analyst's correction of a type or a place moves the happening
to its corrected value), after the other filters, so the numbers always add up to the list. The
pages ask the store, which counts by GROUP BY (:mod:`khronika.store.facets`); happenings already
in hand are counted here (:func:`count_items`) the same way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

import pycountry

from khronika.read import Reviewed
from khronika.store import FacetCounts
from khronika.web.views import EventQuery

# A facet shows at most this many values (the most frequent); the rest are summed as "others".
FACET_SIZE = 10


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet: how it reads, how many have it, and the list filtered to it."""

    label: str
    count: int
    href: str
    selected: bool
    # How the value reads beside its count: a country's name for its code ("Kazakhstan").
    title: str = ""

    @property
    def shown(self) -> str:
        """The value as the page shows it."""
        return self.title or self.label.replace("_", " ")


@dataclass(frozen=True)
class Facet:
    """One facet: its values, most frequent first, and how many others are left out."""

    name: str
    values: tuple[FacetValue, ...]
    others: int = 0
    missing: int = 0  # happenings with no value (no country, no date)


def facet_counts(
    items: Iterable[Reviewed], query: EventQuery, page: str = "/events"
) -> list[Facet]:
    """The five facets of the happenings ``items`` (those ``query`` matched), linked to ``page``."""
    return facets_of(count_items(items), query, page)


def count_items(items: Iterable[Reviewed]) -> FacetCounts:
    """The facet counts of happenings in hand (the store counts its own: ``facet_counts``)."""
    types: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    years: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    no_country = undated = 0
    for item in items:
        event = item.cluster.event
        types[event.type] += 1
        statuses[event.status] += 1
        sources.update(set(event.sources))
        if event.location.country:
            countries[event.location.country] += 1
        else:
            no_country += 1
        if event.date.start is not None:
            years[str(event.date.start.year)] += 1
        else:
            undated += 1
    return FacetCounts(
        dict(types),
        dict(countries),
        dict(statuses),
        dict(years),
        dict(sources),
        no_country,
        undated,
    )


def facets_of(counts: FacetCounts, query: EventQuery, page: str = "/events") -> list[Facet]:
    """The five facets of ``counts`` (of the happenings ``query`` matched), linked to ``page``."""

    def link(**changes: str | None) -> str:
        values = query.model_dump(mode="json")
        values.update(changes)
        return f"{page}?{EventQuery.model_validate(values).query_string()}"

    def facet(name: str, values: Mapping[str, int], param: str, missing: int = 0) -> Facet:
        chosen = _chosen(query, param)
        # A chosen value's link takes it off again.
        return _facet(
            name, values, missing, lambda v: link(**{param: None if v == chosen else v}), chosen
        )

    year = _year_chosen(query)
    year_facet = _facet(
        "year",
        counts.year,
        counts.undated,
        lambda y: (
            link(since=None, until=None)
            if y == year
            else link(since=f"{y}-01-01", until=f"{y}-12-31")
        ),
        year,
    )
    return [
        facet("type", counts.type, "type"),
        _titled(facet("country", counts.country, "place", counts.no_country), _country_name),
        facet("status", counts.status, "status"),
        year_facet,
        facet("source", counts.source, "doc"),
    ]


def _country_name(code: str) -> str:
    found = pycountry.countries.get(alpha_2=code)
    return f"{found.name} ({code})" if found is not None else code


def _titled(facet: Facet, title: Callable[[str], str]) -> Facet:
    values = tuple(replace(v, title=title(v.label)) for v in facet.values)
    return replace(facet, values=values)


def _chosen(query: EventQuery, param: str) -> str | None:
    value = getattr(query, param, None)
    return str(value) if value is not None else None


def _year_chosen(query: EventQuery) -> str | None:
    since, until = query.since, query.until
    if since and until and since.year == until.year and (since.month, since.day) == (1, 1):
        return str(since.year) if (until.month, until.day) == (12, 31) else None
    return None


def _facet(
    name: str,
    counts: Mapping[str, int],
    missing: int,
    href: Callable[[str], str],
    chosen: str | None,
) -> Facet:
    ordered = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    values = tuple(
        FacetValue(label=value, count=count, href=href(value), selected=value == chosen)
        for value, count in ordered[:FACET_SIZE]
    )
    return Facet(
        name=name,
        values=values,
        others=sum(count for _, count in ordered[FACET_SIZE:]),
        missing=missing,
    )
