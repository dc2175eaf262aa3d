"""Event candidates inside one document, and merging the mentions of one happening.

A news text names its main event in the headline, the lede and again in the body. Each trigger
gives a candidate; candidates that agree on type, status, date, place and parties become one
event with every mention's evidence. Same happening in two cities stays two events (the spec's
cut), so explicit places and dates must agree; a carried or missing one yields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from khronika.model import Actor, Count, Event, Evidence, PartialDate, Place

_ROLE_RANK = {
    "perpetrator": 0,
    "organiser": 1,
    "speaker": 1,
    "signatory": 1,
    "target": 2,
    "participant": 3,
    "other": 4,
}
_PLACE_RANK = {"site": 4, "city": 3, "region": 2, "country": 1, "unknown": 0}


@dataclass
class Candidate:
    """One trigger read as an event, before the mentions of one happening are merged."""

    type: str
    subtype: str | None
    status: str
    evidence: list[Evidence]
    date: PartialDate
    date_explicit: bool
    place: Place
    place_explicit: bool
    actors: list[Actor]
    counts: dict[str, Count] = field(default_factory=dict)
    charges: list[str] = field(default_factory=list)
    demands: list[str] = field(default_factory=list)
    summary: str = ""
    confidence: float = 0.5
    paragraph: int = 0
    sentence_start: int = 0
    about_conflict: bool = True
    referential: bool = False
    # Read from a reporting verb ("said"): kept only when the document reports other events.
    needs_anchor: bool = False

    def to_event(self) -> Event:
        """The event record of spec/events.md, evidence in text order."""
        return Event(
            type=self.type,
            subtype=self.subtype,
            status=self.status,
            date=self.date,
            location=self.place,
            actors=tuple(self.actors),
            counts=dict(self.counts),
            charges=tuple(self.charges),
            demands=tuple(self.demands),
            summary=self.summary,
            evidence=tuple(sorted(self.evidence, key=lambda e: e.start)),
            confidence=min(0.99, round(self.confidence, 3)),
        )


_ANAPHORIC_DATE = re.compile(
    r"\b(same day|that day|that night|the day|then|at the time|this time)\b", re.I
)


def _dates_agree(a: Candidate, b: Candidate) -> bool:
    if _ANAPHORIC_DATE.search(a.date.text or "") or _ANAPHORIC_DATE.search(b.date.text or ""):
        return True  # "the rallies were held on the same day": the date of what was just told
    if a.date_explicit and b.date_explicit:
        return (a.date.start, a.date.end, a.date.precision) == (
            b.date.start,
            b.date.end,
            b.date.precision,
        ) and (
            a.date.precision != "unknown"
            or (a.date.text or "").lower() == (b.date.text or "").lower()
        )
    return True


def _places_agree(a: Candidate, b: Candidate) -> bool:
    pa, pb = a.place, b.place
    if pa.country and pb.country and pa.country != pb.country:
        return False
    if a.place_explicit and b.place_explicit and pa.name and pb.name and pa.name != pb.name:
        # A region named in a headline and the town inside it in the body are one place.
        return "region" in (pa.precision, pb.precision) and pa.country == pb.country
    # A country-level, carried or missing place yields to the more specific one.
    return True


def _other_cities(a: Candidate, b: Candidate) -> bool:
    """'In Almaty and Shymkent, police detained ...': one act per named city stays apart."""
    pa, pb = a.place, b.place
    return (
        a.place_explicit
        and b.place_explicit
        and pa.precision in ("city", "site")
        and pb.precision in ("city", "site")
        and bool(pa.name and pb.name and pa.name != pb.name)
    )


def _names(actors: list[Actor], roles: tuple[str, ...]) -> set[str]:
    return {a.name.lower() for a in actors if a.role in roles}


def _parties_agree(a: Candidate, b: Candidate) -> bool:
    if a.type in ("statement", "legal_action", "assault", "killing", "harassment"):
        key_roles = ("speaker", "signatory") if a.type == "statement" else ("target",)
        na, nb = _names(a.actors, key_roles), _names(b.actors, key_roles)
        if na and nb and not _overlap(na, nb):
            return False
    return True


def _overlap(a: set[str], b: set[str]) -> bool:
    for x in a:
        for y in b:
            if x == y or set(x.split()) <= set(y.split()) or set(y.split()) <= set(x.split()):
                return True
    return False


def _same_speakers(a: Candidate, b: Candidate) -> bool:
    roles = ("speaker", "signatory")
    na, nb = _names(a.actors, roles), _names(b.actors, roles)
    return bool(na and nb and na == nb)


def can_merge(a: Candidate, b: Candidate) -> bool:
    """Whether two candidates are mentions of one happening (type, status, date, place, parties)."""
    if a.type != b.type:
        return False
    if a.type == "statement" and _same_speakers(a, b) and a.subtype == b.subtype:
        return True  # a letter's signatories condemning twice: one letter, one statement
    if a.status != b.status and not (a.referential or b.referential):
        return False
    if (
        a.sentence_start == b.sentence_start
        and a.evidence[0].end >= b.evidence[0].start
        and not _other_cities(a, b)
    ):
        # one sentence naming one kind of act twice ("condemn ... and call on") is one event,
        # but two speakers in it ("Despite government denials, rights groups said") are two
        return _parties_agree(a, b)
    if a.subtype and b.subtype and a.subtype != b.subtype:
        return False
    return _dates_agree(a, b) and _places_agree(a, b) and _parties_agree(a, b)


def _better_place(a: Candidate, b: Candidate) -> tuple[Place, bool]:
    if a.place_explicit != b.place_explicit:
        return (a.place, True) if a.place_explicit else (b.place, True)
    if _PLACE_RANK[b.place.precision] > _PLACE_RANK[a.place.precision]:
        return b.place, b.place_explicit
    return a.place, a.place_explicit


def _better_date(a: Candidate, b: Candidate) -> tuple[PartialDate, bool]:
    if a.date_explicit != b.date_explicit:
        return (a.date, True) if a.date_explicit else (b.date, True)
    if a.date.precision == "unknown" and b.date.precision != "unknown":
        return b.date, b.date_explicit
    return a.date, a.date_explicit


def _merge_actors(a: list[Actor], b: list[Actor]) -> list[Actor]:
    merged: dict[str, Actor] = {}
    for actor in [*a, *b]:
        key = actor.name.lower()
        known = merged.get(key)
        if known is None or _ROLE_RANK[actor.role] < _ROLE_RANK[known.role]:
            merged[key] = actor
    # "Seitkali" and "Marat Seitkali" are one actor: keep the longer name.
    names = list(merged)
    for short in names:
        for long in names:
            if (
                short != long
                and short in merged
                and long in merged
                and set(short.split()) < set(long.split())
            ) and merged[short].role == merged[long].role:
                del merged[short]
    return list(merged.values())


def _merge_counts(a: dict[str, Count], b: dict[str, Count]) -> dict[str, Count]:
    out = dict(a)
    for key, count in b.items():
        known = out.get(key)
        if known is None or _count_rank(count) > _count_rank(known):
            out[key] = count
    return out


def _count_rank(count: Count) -> tuple[int, int]:
    """Precise and attributed figures beat vague ones (DEV-NOTES: 'some 50' over 'several dozen')."""
    exact = int(count.min is not None and count.min == count.max)
    narrow = int(count.min is not None and count.max is not None and count.max - count.min < 20)
    return (int(count.attributed_to is not None) + exact + narrow, -len(count.text))


def merge_into(a: Candidate, b: Candidate) -> None:
    """Fold ``b`` into ``a``: the better place and date, every piece of evidence, a surer score."""
    a.place, a.place_explicit = _better_place(a, b)
    a.date, a.date_explicit = _better_date(a, b)
    a.subtype = a.subtype or b.subtype
    a.evidence = sorted(
        {(e.start, e.end): e for e in [*a.evidence, *b.evidence]}.values(), key=lambda e: e.start
    )
    a.actors = _merge_actors(a.actors, b.actors)
    a.counts = _merge_counts(a.counts, b.counts)
    a.charges = list(dict.fromkeys([*a.charges, *b.charges]))
    a.demands = list(dict.fromkeys([*a.demands, *b.demands]))
    # Two independent mentions make the event more certain than either alone.
    a.confidence = 1 - (1 - a.confidence) * (1 - b.confidence * 0.5)
    if not a.summary:
        a.summary = b.summary


def merge_candidates(candidates: list[Candidate]) -> list[Candidate]:
    """Fold each candidate into the first earlier one it agrees with, in document order."""
    merged: list[Candidate] = []
    for candidate in sorted(candidates, key=lambda c: c.sentence_start):
        target = next((m for m in merged if can_merge(m, candidate)), None)
        if target is None:
            merged.append(candidate)
        else:
            merge_into(target, candidate)
    return merged
