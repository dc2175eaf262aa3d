"""Whether two reports can describe one happening, and how strongly they agree.

A pair is first checked for contradictions (a veto: the same document, different cities, dates too far apart,
different legal steps, disjoint authors of a statement); what is left earns points for each
agreement (same day, same city, a shared named person), each worth the points named in
:class:`~khronika.settings.ConsolidationSettings`. Precision is respected both ways: a
month-precise date is compatible with any day in it but earns less than an exact day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from khronika.model import Event
from khronika.settings import ConsolidationSettings

# Subtypes that are different steps, not different words for one step: a charge and a trial of
# the same person are two events, a "march" and a "demonstration" may be one.
DISTINCT_SUBTYPES = frozenset({"legal_action", "restriction", "harassment", "concession"})
# Roles whose named actors make an event what it is: the people it happened to or who did it.
DEFINING_ROLES = frozenset({"target", "participant", "organiser", "perpetrator"})
AUTHOR_ROLES = frozenset({"speaker", "signatory"})
FINE_PLACES = frozenset({"site", "city"})


@dataclass(frozen=True, slots=True)
class Report:
    """The facts of one report that comparison needs, computed once."""

    event: Event
    start: date | None
    end: date | None
    precision: str
    country: str | None
    place: str | None  # case-folded gazetteer name
    place_precision: str
    region: str | None  # case-folded admin1 name of a city, or the name of a region
    site: str | None
    entities: frozenset[str]
    targets: frozenset[str]
    authors: frozenset[str]

    @property
    def id(self) -> str:
        """The report's (the event's) id."""
        return self.event.id

    @classmethod
    def of(cls, event: Event) -> Report:
        """The comparison facts of ``event``: its days, place, region, site and people."""
        location = event.location
        place = location.name.casefold() if location.name else None
        region = location.admin1.casefold() if location.admin1 else None
        if location.precision == "region" and place:
            region = place
        entities = {a.entity for a in event.actors if a.entity and a.role in DEFINING_ROLES}
        return cls(
            event=event,
            start=event.date.start if event.date.precision != "unknown" else None,
            end=(event.date.end or event.date.start) if event.date.precision != "unknown" else None,
            precision=event.date.precision if event.date.start else "unknown",
            country=location.country,
            place=place,
            place_precision=location.precision if place or location.country else "unknown",
            region=region,
            site=location.text.casefold()
            if location.precision == "site" and location.text
            else None,
            entities=frozenset(entities),
            targets=frozenset(a.entity for a in event.actors if a.entity and a.role == "target"),
            authors=frozenset(
                a.entity for a in event.actors if a.entity and a.role in AUTHOR_ROLES
            ),
        )

    def date_range(self, slack: int) -> tuple[date, date] | None:
        """The days this report may refer to, widened by ``slack`` days for day precision."""
        if self.start is None or self.end is None:
            return None
        widen = timedelta(days=slack if self.precision == "day" else 0)
        return self.start - widen, self.end + widen


def pair_score(a: Report, b: Report, settings: ConsolidationSettings) -> float | None:
    """Points of agreement between two reports, or ``None`` when they contradict each other."""
    event_a, event_b = a.event, b.event
    if event_a.evidence[0].doc == event_b.evidence[0].doc:
        return None  # within a document the extractor has already merged what is one
    if event_a.type != event_b.type or event_a.status != event_b.status:
        return None
    if (
        event_a.type in DISTINCT_SUBTYPES
        and event_a.subtype
        and event_b.subtype
        and event_a.subtype != event_b.subtype
    ):
        return None
    if a.authors and b.authors and not a.authors & b.authors:
        return None  # two letters by different people are two statements
    on_date = _date_points(a, b, settings)
    at_place = _place_points(a, b, settings)
    if on_date is None or at_place is None:
        return None
    shared = settings.shared_person if a.entities & b.entities else 0.0
    # Two reports naming only different victims are more likely two incidents than one.
    apart = (
        settings.different_victims if a.targets and b.targets and not a.targets & b.targets else 0.0
    )
    return on_date + at_place + shared + apart


def _date_points(a: Report, b: Report, settings: ConsolidationSettings) -> float | None:
    if a.start is None or b.start is None or a.end is None or b.end is None:
        return 0.0
    if a.precision == "day" and b.precision == "day":
        gap = abs((a.start - b.start).days)
        if gap == 0:
            return settings.same_day
        return settings.near_day if gap <= settings.day_slack else None
    if a.start <= b.end and b.start <= a.end:
        return settings.coarse_date  # a coarser date that contains the other
    return None


def _place_points(a: Report, b: Report, settings: ConsolidationSettings) -> float | None:
    if a.country is None or b.country is None:
        return 0.0
    if a.country != b.country:
        return None
    if a.place_precision == "unknown" or b.place_precision == "unknown":
        return 0.0
    if a.place_precision == "country" or b.place_precision == "country":
        return settings.same_country
    if a.place_precision in FINE_PLACES and b.place_precision in FINE_PLACES:
        if a.place != b.place:
            return None
        if a.site and b.site and a.site == b.site:
            return settings.same_site
        return settings.same_city
    if a.place_precision == "region" and b.place_precision == "region":
        return settings.same_region if a.place == b.place else None
    # A city and a region: one only if the city is known to lie in it. "Almaty" (the city) and
    # "Almaty Region" are different places.
    return settings.same_region if a.region and a.region == b.region else None
