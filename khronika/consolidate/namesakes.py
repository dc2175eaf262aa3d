"""Namesakes: one spelling, two people, told apart by where and when they were seen and with whom.

The registry links spellings of one name into one entity, across countries too (an activist
reported in exile is one person). But a common name is carried by many people: "Marat Seitkali"
detained in one country in 2016 and "Marat Seitkali" sentenced in another in 2023, with nothing
else in common, are more likely two people than one. Within one linked group of spellings, two
of them are the same person when their reports put them in the same country, or in years at most
``SAME_PERIOD_YEARS`` apart, or beside the same other named person (a shared event or story).
The group is split into the connected sets of that relation; nothing is ever joined here.

A spelling seen without a country or a year cannot be placed: it goes to the one set it fits
(the same country, a near year, a shared companion), else to the set seen most often.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

_R = TypeVar("_R")

# Years within which one person's story (a detention, a trial the year after) is not split:
# exile, a late trial and a New Year's night all cross a year.
SAME_PERIOD_YEARS = 1


@dataclass(frozen=True)
class Seen(Generic[_R]):
    """Where and when one spelling (a registry record) was seen, and who else its reports named."""

    record: _R
    countries: frozenset[str]
    years: frozenset[int]
    company: frozenset[str]  # other people named in the same reports, as comparable keys
    weight: int  # how many mentions: a spelling that cannot be placed goes to the heaviest set

    @property
    def placed(self) -> bool:
        """Whether the spelling was seen with a country and a year."""
        return bool(self.countries and self.years)


def split_namesakes(seen: Sequence[Seen[_R]]) -> list[list[_R]]:
    """The records of one linked group in sets of one person each (a single set when nothing
    says the group holds namesakes). The order of ``seen`` is kept within and across sets.
    """
    placed = [item for item in seen if item.placed]
    sets = _connected(placed, _one_person)
    if len(sets) < 2:
        return [[item.record for item in seen]]
    for item in seen:
        if not item.placed:
            _home(sets, item).append(item)
    order = {id(item): position for position, item in enumerate(seen)}
    ordered = [sorted(members, key=lambda item: order[id(item)]) for members in sets]
    ordered.sort(key=lambda members: order[id(members[0])])
    return [[item.record for item in members] for members in ordered]


def _one_person(a: Seen[_R], b: Seen[_R]) -> bool:
    """Whether nothing keeps two spellings' sightings apart: a place, a period or a companion."""
    if a.countries & b.countries or a.company & b.company:
        return True
    return _near_years(a.years, b.years)


def _near_years(first: frozenset[int], second: frozenset[int]) -> bool:
    return any(abs(x - y) <= SAME_PERIOD_YEARS for x in first for y in second)


def _fits(members: Sequence[Seen[_R]], item: Seen[_R]) -> bool:
    return any(
        (item.countries and member.countries & item.countries)
        or (item.years and _near_years(member.years, item.years))
        or member.company & item.company
        for member in members
    )


def _home(sets: list[list[Seen[_R]]], item: Seen[_R]) -> list[Seen[_R]]:
    fitting = [members for members in sets if _fits(members, item)]
    if len(fitting) == 1:
        return fitting[0]
    choices = fitting or sets
    # The heaviest, then the first: a stable choice, not a guess between equals by input order.
    return max(choices, key=lambda members: (sum(m.weight for m in members), -sets.index(members)))


def _connected(
    items: Sequence[Seen[_R]], related: Callable[[Seen[_R], Seen[_R]], bool]
) -> list[list[Seen[_R]]]:
    """Connected sets of ``items`` under ``related``: a group holds a handful of spellings, so
    every pair is compared.
    """
    parent = list(range(len(items)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if root(i) != root(j) and related(items[i], items[j]):
                parent[max(root(i), root(j))] = min(root(i), root(j))
    sets: dict[int, list[Seen[_R]]] = {}
    for index, item in enumerate(items):
        sets.setdefault(root(index), []).append(item)
    return list(sets.values())
