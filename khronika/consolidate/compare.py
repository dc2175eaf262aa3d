"""Whether two reports can describe one happening, and how strongly they agree, explained.

A pair is first checked for contradictions (a veto: the same document, different cities, dates
too far apart, different legal steps, disjoint authors of a statement, different month-days,
different charges of a legal step, exact counts that cannot both be true at different sites);
what is left earns points for each agreement (same day, same city, a shared named person), each
worth the points named in :class:`~khronika.settings.ConsolidationSettings`. Precision is
respected both ways: a month-precise date is compatible with any day in it but earns less than an
exact day, and a yearless month-day agrees only with the same month-day.

A neighbouring day is a different night of protest as often as a late report of the same one, so
it agrees only with corroboration: a shared named person, the same site, overlapping counts or a
vague date phrase ("overnight"); without it the pair is vetoed (``near_day_uncorroborated``), a
candidate for review rather than a join. :func:`judge` returns the whole :class:`Score` (points
and vetoes), which is what a join's ``joined_by`` stores; :func:`pair_score` its total.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any, TypeVar, cast

from khronika.consolidate.partial import month_day_of
from khronika.model import Event
from khronika.settings import ConsolidationSettings

# Subtypes that are different steps, not different words for one step: a charge and a trial of
# the same person are two events, a "march" and a "demonstration" may be one.
DISTINCT_SUBTYPES = frozenset({"legal_action", "restriction", "harassment", "concession"})
# Roles whose named actors make an event what it is: the people it happened to or who did it.
DEFINING_ROLES = frozenset({"target", "participant", "organiser", "perpetrator"})
AUTHOR_ROLES = frozenset({"speaker", "signatory"})
FINE_PLACES = frozenset({"site", "city"})
# Date phrases that leave the calendar day open by one: a night spans two dates, and "last
# night" in a morning report is the day before its dateline.
_VAGUE_DATE = re.compile(r"\b(overnight|night|late|evening|early hours|ночь|ночью|вечером)\b", re.I)
# Articles of a code ("Article 174", "ст. 274", "part 2 of article 405"): the number tells the charge.
_ARTICLE = re.compile(r"(?:article|art\.|статья|статьи|ст\.)\s*(\d{2,4})", re.I)
# Words of a charge's wording that say nothing of which charge it is.
_CHARGE_STOP = frozenset(
    {"charge", "charged", "charges", "criminal", "under", "article", "against", "their", "which"}
)
# The leap year in which yearless month-days are placed to measure how far apart they are.
_LEAP = 2000
# Reports in the same document are never compared: the extractor has merged what is one.
SAME_DOCUMENT = "same_document"

Points = tuple[tuple[str, float], ...]
CountRange = tuple[float, float, bool]  # low, high, exact


@dataclass(frozen=True, slots=True)
class Report:
    """The facts of one report that comparison needs, computed once."""

    event: Event
    start: date | None
    end: date | None
    precision: str  # day, month, year, month_day (a yearless month and day) or unknown
    month_day: tuple[int, int] | None
    vague: bool  # the date phrase leaves the day open by one ("overnight")
    country: str | None
    place: str | None  # case-folded gazetteer name
    place_precision: str
    region: str | None  # case-folded admin1 name of a city, or the name of a region
    site: str | None
    entities: frozenset[str]
    targets: frozenset[str]
    authors: frozenset[str]
    counts: Mapping[str, CountRange]
    charges: frozenset[str]  # distinctive word stems of the charges
    articles: frozenset[str]

    @property
    def id(self) -> str:
        """The report's (the event's) id."""
        return self.event.id

    @property
    def dated(self) -> bool:
        """Whether the report says anything of when: a date or at least a month and day."""
        return self.start is not None or self.month_day is not None

    @classmethod
    def of(cls, event: Event, actor_entities: Sequence[str | None] | None = None) -> Report:
        """The comparison facts of ``event``: its days, place, region, site, people, figures.

        ``actor_entities`` are the registry ids of the event's actors by position, when the
        registry was built apart from the event (the event's own ``entity`` fields otherwise).
        Equal values are shared between reports (see :func:`_shared`): at a million reports the
        facts are held at once, and most of them repeat.
        """
        location = event.location
        place = _shared(location.name.casefold()) if location.name else None
        region = _shared(location.admin1.casefold()) if location.admin1 else None
        if location.precision == "region" and place:
            region = place
        known = event.date.precision != "unknown" and event.date.start is not None
        month_day = event.date.month_day or (None if known else month_day_of(event.date.text))
        precision = event.date.precision if known else ("month_day" if month_day else "unknown")
        if actor_entities is None:
            actor_entities = [actor.entity for actor in event.actors]
        roles = [
            (entity, actor.role)
            for actor, entity in zip(event.actors, actor_entities, strict=True)
            if entity
        ]
        charges = " ".join(event.charges)
        return cls(
            event=event,
            start=event.date.start if known else None,
            end=(event.date.end or event.date.start) if known else None,
            precision=precision,
            month_day=_shared(month_day) if month_day else None,
            vague=bool(event.date.text and _VAGUE_DATE.search(event.date.text)),
            country=location.country,
            place=place,
            place_precision=location.precision if place or location.country else "unknown",
            region=region,
            site=_shared(location.text.casefold())
            if location.precision == "site" and location.text
            else None,
            entities=_frozen(e for e, role in roles if role in DEFINING_ROLES),
            targets=_frozen(e for e, role in roles if role == "target"),
            authors=_frozen(e for e, role in roles if role in AUTHOR_ROLES),
            counts={key: _count_range(c.min, c.max) for key, c in event.counts.items()}
            if event.counts
            else _NO_COUNTS,
            charges=_frozen(
                word[:5]
                for word in re.findall(r"[^\W\d_]{5,}", charges.casefold())
                if word not in _CHARGE_STOP
            ),
            articles=_frozen(_ARTICLE.findall(charges)),
        )

    def date_range(self, slack: int) -> tuple[date, date] | None:
        """The days this report may refer to, widened by ``slack`` days for day precision."""
        if self.start is None or self.end is None:
            return None
        widen = timedelta(days=slack if self.precision == "day" else 0)
        return self.start - widen, self.end + widen


_EMPTY: frozenset[str] = frozenset()
_NO_COUNTS: Mapping[str, CountRange] = MappingProxyType({})
# Equal strings and month-days of different reports as one object; bounded by the places, sites
# and days that exist, so it is cleared only when it grows past any real vocabulary.
_SHARED: dict[Hashable, Any] = {}
_SHARED_LIMIT = 1_000_000
_T = TypeVar("_T", bound=Hashable)


def _shared(value: _T) -> _T:
    held = _SHARED.get(value)
    if held is None:
        if len(_SHARED) >= _SHARED_LIMIT:
            _SHARED.clear()
        _SHARED[value] = held = value
    return cast(_T, held)


def _frozen(items: Iterable[str]) -> frozenset[str]:
    """A frozenset, the one empty set when there is nothing (an empty frozenset costs 216 bytes,
    and most reports name no one).
    """
    found = frozenset(items)
    return found if found else _EMPTY


def _count_range(low: int | None, high: int | None) -> CountRange:
    lo = float(low) if low is not None else 0.0
    hi = float(high) if high is not None else float("inf")
    return lo, hi, low is not None and low == high


@dataclass(frozen=True, slots=True)
class Score:
    """What a comparison found: the points of agreement and the vetoes (any veto: no join)."""

    total: float
    points: Points
    vetoes: tuple[str, ...] = ()

    @property
    def joinable(self) -> bool:
        """Whether nothing contradicts the pair (the total then decides)."""
        return not self.vetoes


def pair_score(a: Report, b: Report, settings: ConsolidationSettings) -> float | None:
    """Points of agreement between two reports, or ``None`` when they contradict each other."""
    score = judge(a, b, settings)
    return score.total if score.joinable else None


def judge(a: Report, b: Report, settings: ConsolidationSettings) -> Score:
    """The full comparison of two reports: every point earned and every veto, by name."""
    veto = _kind_veto(a, b)
    if veto:
        return Score(0.0, (), (veto,))
    points: list[tuple[str, float]] = []
    vetoes: list[str] = []
    place = _place_points(a, b, settings)
    if place is None:
        return Score(0.0, (), ("place",))
    if place[1]:
        points.append(place)
    shared = bool(a.entities & b.entities)
    date_result = _date_points(a, b, settings, corroborated=shared or _corroborated(a, b))
    if isinstance(date_result, str):
        vetoes.append(date_result)
    elif date_result[1]:
        points.append(date_result)
    vetoes.extend(_negative_evidence(a, b))
    if a.event.type == "legal_action" and _same_charge(a, b):
        points.append(("same_charge", settings.same_charge))
    if shared and not _name_alone_too_little(a, b):
        points.append(("shared_person", settings.shared_person))
    # Two reports naming only different victims are more likely two incidents than one.
    if a.targets and b.targets and not a.targets & b.targets:
        points.append(("different_victims", settings.different_victims))
    # Shared: a run keeps a join or near-miss per report, and their points repeat endlessly.
    return Score(sum(value for _, value in points), _shared(tuple(points)), tuple(vetoes))


def _kind_veto(a: Report, b: Report) -> str | None:
    event_a, event_b = a.event, b.event
    if event_a.evidence[0].doc == event_b.evidence[0].doc:
        return SAME_DOCUMENT
    if event_a.type != event_b.type:
        return "type"
    if event_a.status != event_b.status:
        return "status"
    if (
        event_a.type in DISTINCT_SUBTYPES
        and event_a.subtype
        and event_b.subtype
        and event_a.subtype != event_b.subtype
    ):
        return "subtype"
    if a.authors and b.authors and not a.authors & b.authors:
        return "authors"  # two letters by different people are two statements
    return None


def _corroborated(a: Report, b: Report) -> bool:
    """Something besides type, day and city ties the pair: a site, a figure, a vague date."""
    if a.vague or b.vague:
        return True
    if a.site and b.site and a.site == b.site:
        return True
    return any(
        key in b.counts and a.counts[key][0] <= b.counts[key][1] and b.counts[key][0] <= hi
        for key, (_lo, hi, _exact) in a.counts.items()
    )


def _negative_evidence(a: Report, b: Report) -> list[str]:
    """Contradictions beyond date and place: charges of a legal step, figures at two sites."""
    found: list[str] = []
    if a.event.type == "legal_action":
        if a.articles and b.articles:
            if not a.articles & b.articles:
                found.append("articles")
        elif a.charges and b.charges and not a.charges & b.charges:
            found.append("charges")
    if a.site and b.site and a.site != b.site:
        for key, (low, _high, exact) in a.counts.items():
            other = b.counts.get(key)
            if exact and other and other[2] and other[0] != low:
                found.append("counts_at_different_sites")
                break
    return found


def _name_alone_too_little(a: Report, b: Report) -> bool:
    """An undated legal step shares a name with many steps of one person's case: the name alone
    does not say which, so it earns nothing unless a charge or a site agrees too.
    """
    if a.event.type != "legal_action" or (a.dated and b.dated):
        return False
    return not (_same_charge(a, b) or (a.site and a.site == b.site))


def _same_charge(a: Report, b: Report) -> bool:
    return bool(a.articles & b.articles or a.charges & b.charges)


def _date_points(
    a: Report, b: Report, settings: ConsolidationSettings, *, corroborated: bool
) -> tuple[str, float] | str:
    """The date's points by name, or the name of the veto."""
    if a.month_day and b.month_day and "month_day" in (a.precision, b.precision):
        return _month_day_points(a.month_day, b.month_day, settings, corroborated=corroborated)
    if a.precision == "month_day" or b.precision == "month_day":
        return _month_day_with_coarse(a, b, settings)
    if a.start is None or b.start is None or a.end is None or b.end is None:
        return "undated", 0.0
    if a.precision == "day" and b.precision == "day":
        gap = abs((a.start - b.start).days)
        if gap == 0:
            return "same_day", settings.same_day
        if gap > settings.day_slack:
            return "date"
        return ("near_day", settings.near_day) if corroborated else "near_day_uncorroborated"
    if a.start <= b.end and b.start <= a.end:
        return "coarse_date", settings.coarse_date  # a coarser date that contains the other
    return "date"


def _month_day_points(
    first: tuple[int, int],
    second: tuple[int, int],
    settings: ConsolidationSettings,
    *,
    corroborated: bool,
) -> tuple[str, float] | str:
    if first == second:
        return "same_month_day", settings.same_month_day
    gap = abs(date(_LEAP, *first).toordinal() - date(_LEAP, *second).toordinal())
    gap = min(gap, 366 - gap)  # 31 December and 1 January are neighbours
    if gap > settings.day_slack:
        return "month_day"
    return ("near_day", settings.near_day) if corroborated else "near_day_uncorroborated"


def _month_day_with_coarse(
    a: Report, b: Report, settings: ConsolidationSettings
) -> tuple[str, float] | str:
    """A yearless month-day beside a month, a year, a range or no date."""
    yearless, other = (a, b) if a.precision == "month_day" else (b, a)
    if other.start is None or other.end is None or yearless.month_day is None:
        return "undated", 0.0
    if other.precision == "month":
        if other.start.month == yearless.month_day[0]:
            return "coarse_date", settings.coarse_date
        return "month_day"
    return "undated", 0.0  # a year or a long range: the month-day may fall in it, says little


def _place_points(
    a: Report, b: Report, settings: ConsolidationSettings
) -> tuple[str, float] | None:
    if a.country is None or b.country is None:
        return "no_place", 0.0
    if a.country != b.country:
        return None
    if a.place_precision == "unknown" or b.place_precision == "unknown":
        return "no_place", 0.0
    if a.place_precision == "country" or b.place_precision == "country":
        return "same_country", settings.same_country
    if a.place_precision in FINE_PLACES and b.place_precision in FINE_PLACES:
        if a.place != b.place:
            return None
        if a.site and b.site and a.site == b.site:
            return "same_site", settings.same_site
        return "same_city", settings.same_city
    if a.place_precision == "region" and b.place_precision == "region":
        return ("same_region", settings.same_region) if a.place == b.place else None
    # A city and a region: one only if the city is known to lie in it. "Almaty" (the city) and
    # "Almaty Region" are different places.
    return ("same_region", settings.same_region) if a.region and a.region == b.region else None
