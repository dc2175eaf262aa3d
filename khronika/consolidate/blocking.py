"""Which earlier groups a report is compared with: the blocks it falls in.

Blocking keeps the cost linear: a report is compared only with the groups filed under
- its type, country and each week its date may fall in (day slack included), and for a report
  at a city, only the groups with a member in that city or placed more coarsely: a group whose
  members are all in other cities is vetoed on the place, so it is never looked at;
- its type, city and month-day, so a yearless "on May 10" meets the dated reports of any
  May 10 in its city (and, for corroborated neighbours, May 9 and 11). Only in a city: a
  yearless report placed at its region or country could not reach the join score on the
  month-day and the place alone (1.5 + 1), and a block of a whole country's month-day over
  many years would grow with the data; such a report meets others through a person it names;
- its type and a named person it shares.
An undated report (no date, no month-day) is looked up under its type, country and city too,
but only among the latest groups filed there (``undated_block_limit``), and what it finds there
is a possible duplicate for review, never a join (see :mod:`.clusters`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from khronika.consolidate.compare import FINE_PLACES, Report

Key = tuple[object, ...]
# A yearless month-day's neighbours are measured in this leap year (29 February exists).
_LEAP = 2000
# The week's index of groups at any place, for a report placed only at its region or country.
_ANY_PLACE = "*"
_LONGEST_FILED_RANGE = 7  # a day range longer than a week is a period, not a moment's month-day


@dataclass
class Blocks:
    """The indexes of groups by block key; a group is filed once per key."""

    slack: int
    undated_limit: int
    joining: dict[Key, list[int]] = field(default_factory=dict)
    by_city: dict[Key, list[int]] = field(default_factory=dict)

    def candidates(self, report: Report) -> set[int]:
        """Groups a report may join: those sharing a week, month-day or person block."""
        found: set[int] = set()
        for key in self._lookup_keys(report):
            found.update(self.joining.get(key, ()))
        return found

    def undated_candidates(self, report: Report) -> list[int]:
        """For an undated report, the latest groups of its type in its city: review only."""
        key = _city_key(report)
        if report.dated or key is None:
            return []
        # A group is filed again when a later member joins it after another group: each is
        # counted once, or a busy group would take several of the report's few review slots.
        latest: dict[int, None] = {}
        for group in reversed(self.by_city.get(key, ())):
            if len(latest) == self.undated_limit:
                break
            latest.setdefault(group, None)
        return list(reversed(latest))

    def file(self, report: Report, group: int) -> None:
        """File ``group`` under every block of ``report``."""
        for key in self._filing_keys(report):
            _file(self.joining, key, group)
        city = _city_key(report)
        if city is not None:
            _file(self.by_city, city, group)

    def _lookup_keys(self, report: Report) -> Iterator[Key]:
        yield from _week_keys(report, self.slack, _week_lookup_places(report))
        yield from _entity_keys(report)
        city = _city_key(report, fine=True)
        if city is None:
            return
        if report.precision == "month_day" and report.month_day:
            for month, day in _neighbours(report.month_day, self.slack):
                yield *city, month, day
        elif report.month_day:
            # A dated day looks up yearless reports filed before it (they come later in the
            # processing order, but a reviewer's rerun may hold them in earlier groups).
            yield *city, *report.month_day

    def _filing_keys(self, report: Report) -> Iterator[Key]:
        yield from _week_keys(report, self.slack, _week_filing_places(report))
        yield from _entity_keys(report)
        city = _city_key(report, fine=True)
        if city is not None:
            for month, day in _filed_month_days(report):
                yield *city, month, day


def _week_keys(report: Report, slack: int, places: tuple[str | None, ...]) -> Iterator[Key]:
    """(type, country, week number, place) of every week the report's date may fall in, for
    each of ``places`` (see :func:`_week_places`).
    """
    days = report.date_range(slack)
    if days is None:
        return
    first, last = days
    week = first.toordinal() // 7
    while week <= last.toordinal() // 7:
        for place in places:
            yield "week", report.event.type, report.country, week, place
        week += 1


def _fine_place(report: Report) -> str | None:
    """The city of a report placed at a city or a site, else None (a coarser place)."""
    return report.place if report.place_precision in FINE_PLACES else None


def _week_filing_places(report: Report) -> tuple[str | None, ...]:
    # Every group is filed under the week with any place, and under its own city (or None for
    # a coarser place): a report at a city looks only at groups in its city or coarsely placed,
    # since two cities are a veto. Most of a busy country's week is other cities.
    return _ANY_PLACE, _fine_place(report)


def _week_lookup_places(report: Report) -> tuple[str | None, ...]:
    fine = _fine_place(report)
    if fine is None:
        return (_ANY_PLACE,)  # a region or a country may hold any city of it
    return fine, None


def _entity_keys(report: Report) -> Iterator[Key]:
    for entity in report.entities:
        yield "person", report.event.type, entity


def _filed_month_days(report: Report) -> Iterator[tuple[int, int]]:
    if report.precision == "month_day" and report.month_day:
        yield report.month_day
        return
    if report.precision != "day" or report.start is None or report.end is None:
        return
    if (report.end - report.start).days > _LONGEST_FILED_RANGE:
        return
    day = report.start
    while day <= report.end:
        yield day.month, day.day
        day += timedelta(days=1)


def _neighbours(month_day: tuple[int, int], slack: int) -> Iterator[tuple[int, int]]:
    centre = date(_LEAP, *month_day)
    for offset in range(-slack, slack + 1):
        near = centre + timedelta(days=offset)
        yield near.month, near.day


def _city_key(report: Report, *, fine: bool = False) -> Key | None:
    """(type, country, place) of a report placed at a city or site (or a region unless
    ``fine``); None for a report placed only at its country or nowhere.
    """
    places = ("site", "city") if fine else ("site", "city", "region")
    if report.place is None or report.place_precision not in places:
        return None
    return ("md" if fine else "city"), report.event.type, report.country, report.place


def _file(index: dict[Key, list[int]], key: Key, group: int) -> None:
    filed = index.setdefault(key, [])
    if not filed or filed[-1] != group:
        filed.append(group)
