"""The vocabulary of khronika: documents, evidence and the event record of spec/events.md.

Every value object here is frozen. An :class:`Event` cannot be built without :class:`Evidence`,
so no code path can produce an unsourced claim. ``to_dict``/``from_dict`` give exactly the JSON
shape of the contract; fields may be added to it, never renamed or dropped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from khronika.errors import InvalidEventError

# --- closed lists of the contract -------------------------------------------------------------

EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "protest": ("demonstration", "strike", "picket", "march", "hunger_strike"),
    "riot": (),
    "clash": (),
    "detention": (),
    "assault": ("torture",),
    "killing": ("death_in_custody",),
    "legal_action": (
        "investigation",
        "charge",
        "trial",
        "sentence",
        "fine",
        "acquittal",
        "release",
    ),
    "harassment": ("summons", "threat", "raid", "surveillance"),
    "restriction": (
        "assembly_ban",
        "organisation_ban",
        "internet_shutdown",
        "website_block",
        "state_of_emergency",
        "curfew",
        "travel_ban",
        "registration_denied",
    ),
    "deployment": ("foreign_troops",),
    "statement": ("condemnation", "solidarity", "appeal", "official_claim"),
    "concession": ("dismissal", "policy_reversal", "release"),
}
STATUSES = ("occurred", "announced")
DATE_PRECISIONS = ("day", "month", "year", "unknown")
PLACE_PRECISIONS = ("site", "city", "region", "country", "unknown")
ACTOR_KINDS = (
    "person",
    "police",
    "security_service",
    "military",
    "foreign_military",
    "government",
    "court",
    "official",
    "party",
    "movement",
    "union",
    "ngo",
    "media",
    "protesters",
    "civilians",
    "workers",
    "international_body",
    "other",
)
ROLES = ("perpetrator", "target", "participant", "organiser", "speaker", "signatory", "other")
COUNT_KEYS = ("participants", "detained", "injured", "hospitalised", "killed")

DatePrecision = Literal["day", "month", "year", "unknown"]
PlacePrecision = Literal["site", "city", "region", "country", "unknown"]


# --- documents ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """One ingested source: its original bytes, the text extracted from them, and metadata.

    ``name`` is how exports cite it (``sources`` and ``evidence.doc``); ``text`` never changes
    once stored, because every :class:`Evidence` points into it by offset.
    """

    name: str
    text: str
    sha256: str
    raw: bytes = field(repr=False, default=b"")
    media_type: str = "text/plain"
    title: str | None = None
    published: date | None = None
    language: str | None = None
    address: str | None = None
    outlet: str | None = None
    ingested_at: datetime | None = None
    ingested_by: str | None = None

    @staticmethod
    def hash_bytes(raw: bytes) -> str:
        """SHA-256 hex digest of the original bytes."""
        return hashlib.sha256(raw).hexdigest()


# --- parts of an event -------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """A quote: ``text == document.text[start:end]`` (Python indices, end exclusive)."""

    doc: str
    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise InvalidEventError(f"evidence offsets out of order: {self.start}..{self.end}")
        if len(self.text) != self.end - self.start:
            raise InvalidEventError("evidence text length does not match its offsets")

    @classmethod
    def from_text(cls, doc: str, text: str, start: int, end: int) -> Evidence:
        """Evidence for text[start:end], quoting exactly those characters."""
        return cls(doc=doc, start=start, end=end, text=text[start:end])

    def to_dict(self) -> dict[str, Any]:
        """The contract's evidence object."""
        return {"doc": self.doc, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class PartialDate:
    """A date as far as the text supports it; an unknown year stays unknown (start=None)."""

    start: date | None = None
    end: date | None = None
    precision: DatePrecision = "unknown"
    text: str | None = None
    # Added fields: a month and day the text names when its year cannot be known ("on May 10"
    # with no publication date). Data, not text: consolidation compares and blocks on them.
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.precision not in DATE_PRECISIONS:
            raise InvalidEventError(f"unknown date precision {self.precision!r}")
        if self.start and self.end and self.end < self.start:
            raise InvalidEventError("date ends before it starts")
        if (self.month is None) != (self.day is None):
            raise InvalidEventError("a yearless date needs both its month and its day")
        if self.month is not None and self.day is not None:
            try:
                date(2000, self.month, self.day)  # a leap year: 29 February is a day
            except ValueError as exc:
                raise InvalidEventError(f"no such day: month {self.month}, day {self.day}") from exc

    @property
    def month_day(self) -> tuple[int, int] | None:
        """(month, day) of a one-day date, or of a yearless one; None otherwise."""
        if self.month is not None and self.day is not None:
            return self.month, self.day
        if self.precision == "day" and self.start and self.start == (self.end or self.start):
            return self.start.month, self.start.day
        return None

    def to_dict(self) -> dict[str, Any]:
        """The contract's date object (``month`` and ``day`` only when the year is unknown)."""
        data: dict[str, Any] = {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "precision": self.precision,
            "text": self.text,
        }
        if self.month is not None:
            data["month"], data["day"] = self.month, self.day
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> PartialDate:
        """A date from its contract form; None or missing gives an unknown date."""
        data = data or {}
        return cls(
            start=_iso(data.get("start")),
            end=_iso(data.get("end")),
            precision=data.get("precision") or "unknown",
            text=data.get("text"),
            month=data.get("month"),
            day=data.get("day"),
        )


@dataclass(frozen=True)
class Place:
    """Where an event happened: gazetteer name (Latin script), ISO country, admin1, coordinates."""

    name: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: PlacePrecision = "unknown"
    text: str | None = None

    def __post_init__(self) -> None:
        if self.precision not in PLACE_PRECISIONS:
            raise InvalidEventError(f"unknown place precision {self.precision!r}")

    def to_dict(self) -> dict[str, Any]:
        """The contract's location object."""
        return {
            "name": self.name,
            "country": self.country,
            "admin1": self.admin1,
            "lat": self.lat,
            "lon": self.lon,
            "precision": self.precision,
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Place:
        """A place from its contract form; None or missing gives an unknown place."""
        data = data or {}
        return cls(
            name=data.get("name"),
            country=data.get("country"),
            admin1=data.get("admin1"),
            lat=data.get("lat"),
            lon=data.get("lon"),
            precision=data.get("precision") or "unknown",
            text=data.get("text"),
        )


@dataclass(frozen=True)
class Actor:
    """Who took part and how; ``entity`` is the registry id once consolidation has linked it."""

    name: str
    kind: str
    role: str
    entity: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in ACTOR_KINDS:
            raise InvalidEventError(f"unknown actor kind {self.kind!r}")
        if self.role not in ROLES:
            raise InvalidEventError(f"unknown actor role {self.role!r}")

    def to_dict(self) -> dict[str, Any]:
        """The contract's actor object."""
        data = {"name": self.name, "kind": self.kind, "role": self.role}
        # An added field, written only when known: per-document reports stay in the spec's shape.
        if self.entity:
            data["entity"] = self.entity
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Actor:
        """An actor from its contract form."""
        return cls(
            name=data["name"], kind=data["kind"], role=data["role"], entity=data.get("entity")
        )


@dataclass(frozen=True)
class Count:
    """A figure as a range; a vague word keeps its text ("dozens" is 24-99)."""

    min: int | None
    max: int | None
    text: str
    attributed_to: str | None = None

    def __post_init__(self) -> None:
        if self.min is not None and self.max is not None and self.max < self.min:
            raise InvalidEventError(f"count range out of order: {self.min}..{self.max}")

    def to_dict(self) -> dict[str, Any]:
        """The contract's count object."""
        return {
            "min": self.min,
            "max": self.max,
            "text": self.text,
            "attributed_to": self.attributed_to,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Count:
        """A count from its contract form."""
        return cls(
            min=data.get("min"),
            max=data.get("max"),
            text=data.get("text") or "",
            attributed_to=data.get("attributed_to"),
        )


# --- the event ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """One type of happening, on one date, in one place, by the same perpetrators."""

    type: str
    evidence: tuple[Evidence, ...]
    subtype: str | None = None
    status: str = "occurred"
    date: PartialDate = field(default_factory=PartialDate)
    location: Place = field(default_factory=Place)
    actors: tuple[Actor, ...] = ()
    counts: Mapping[str, Count] = field(default_factory=dict)
    charges: tuple[str, ...] = ()
    demands: tuple[str, ...] = ()
    summary: str = ""
    confidence: float = 0.5
    id: str = ""

    def __post_init__(self) -> None:
        if not self.evidence:
            raise InvalidEventError(f"a {self.type} event needs at least one piece of evidence")
        if self.type not in EVENT_TYPES:
            raise InvalidEventError(f"unknown event type {self.type!r}")
        if self.subtype is not None and self.subtype not in EVENT_TYPES[self.type]:
            raise InvalidEventError(f"{self.subtype!r} is not a subtype of {self.type!r}")
        if self.status not in STATUSES:
            raise InvalidEventError(f"unknown status {self.status!r}")
        for key in self.counts:
            if key not in COUNT_KEYS:
                raise InvalidEventError(f"unknown count key {key!r}")
        if not 0.0 <= self.confidence <= 1.0:
            raise InvalidEventError("confidence must be between 0 and 1")
        if not self.id:
            object.__setattr__(self, "id", self.stable_id())

    @property
    def sources(self) -> tuple[str, ...]:
        """The documents this event's evidence quotes, in order, each once."""
        return tuple(dict.fromkeys(ev.doc for ev in self.evidence))

    def stable_id(self) -> str:
        """Same input, same id: a hash of what the event is and where it was read."""
        first = self.evidence[0]
        key = json.dumps(
            [self.type, self.subtype, first.doc, first.start, first.end, self.location.name],
            ensure_ascii=False,
        )
        return "ev_" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        """The contract's event record."""
        return {
            "id": self.id,
            "type": self.type,
            "subtype": self.subtype,
            "status": self.status,
            "date": self.date.to_dict(),
            "location": self.location.to_dict(),
            "actors": [a.to_dict() for a in self.actors],
            "counts": {k: c.to_dict() for k, c in self.counts.items()},
            "charges": list(self.charges),
            "demands": list(self.demands),
            "summary": self.summary,
            "evidence": [e.to_dict() for e in self.evidence],
            "sources": list(self.sources),
            "confidence": round(self.confidence, 3),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Event:
        """An event from its contract form (validated as when built)."""
        return cls(
            id=data.get("id") or "",
            type=data["type"],
            subtype=data.get("subtype"),
            status=data.get("status") or "occurred",
            date=PartialDate.from_dict(data.get("date")),
            location=Place.from_dict(data.get("location")),
            actors=tuple(Actor.from_dict(a) for a in data.get("actors") or []),
            counts={k: Count.from_dict(v) for k, v in (data.get("counts") or {}).items()},
            charges=tuple(data.get("charges") or ()),
            demands=tuple(data.get("demands") or ()),
            summary=data.get("summary") or "",
            evidence=tuple(
                Evidence(doc=e["doc"], start=e["start"], end=e["end"], text=e["text"])
                for e in data.get("evidence") or []
            ),
            confidence=float(data.get("confidence", 0.5)),
        )


# --- consolidation: one happening, many reports; one person, many spellings ---------------------

DecisionAction = Literal["merge", "split"]


@dataclass(frozen=True)
class Entity:
    """One real person or organisation of the registry, under every spelling seen for it."""

    id: str
    kind: str
    name: str
    spellings: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The registry record of a person or organisation."""
        return {
            "id": self.id,
            "kind": self.kind,
            "name": self.name,
            "spellings": list(self.spellings),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Entity:
        """A registry entity from its stored form."""
        return cls(
            id=data["id"], kind=data["kind"], name=data["name"], spellings=tuple(data["spellings"])
        )


@dataclass(frozen=True)
class EntityMention:
    """One appearance of a registry entity: in which report (and its cluster), under what name."""

    entity: str
    report: str
    doc: str
    name: str
    role: str
    cluster: str | None = None


@dataclass(frozen=True)
class Claim:
    """What one report says of one field of a happening: ``date``, ``location`` or ``counts.KEY``.

    ``value`` is that field as the report has it (its ``to_dict()``), so a claim can be shown and
    exported without the report; ``attributed_to`` is who the report says made it.
    """

    field: str
    value: Mapping[str, Any]
    doc: str
    report: str
    attributed_to: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The stored form of one report's claim."""
        return {
            "value": dict(self.value),
            "doc": self.doc,
            "report": self.report,
            "attributed_to": self.attributed_to,
        }


@dataclass(frozen=True)
class Join:
    """Why a report joined its happening: the member it was compared with and what counted.

    ``points`` are the agreements and their weights (``same_day``, ``same_city``...), summing to
    ``score``; ``vetoes`` the contradictions a reviewer's merge overrode (``by == "reviewer"``).
    """

    report: str
    joined: str
    score: float
    points: tuple[tuple[str, float], ...] = ()
    vetoes: tuple[str, ...] = ()
    by: Literal["score", "reviewer"] = "score"

    def to_dict(self) -> dict[str, Any]:
        """The export's ``joined_by`` item."""
        return {
            "report": self.report,
            "with": self.joined,
            "score": round(self.score, 3),
            "points": {name: value for name, value in self.points},
            "vetoes": list(self.vetoes),
            "by": self.by,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Join:
        """A join from its exported form."""
        return cls(
            report=data["report"],
            joined=data["with"],
            score=float(data["score"]),
            points=tuple((str(k), float(v)) for k, v in (data.get("points") or {}).items()),
            vetoes=tuple(data.get("vetoes") or ()),
            by="reviewer" if data.get("by") == "reviewer" else "score",
        )


@dataclass(frozen=True)
class CandidatePair:
    """Two reports left in different happenings that may be one: for a reviewer to decide.

    ``reason`` says why they were not joined: ``below_threshold`` (too little agreement),
    ``tie`` (two equally good homes), ``undated`` (an undated report matched only on its type
    and place), or the name of the veto that kept them apart (``near_day_uncorroborated``).
    """

    report_a: str
    report_b: str
    score: float
    reason: str
    points: tuple[tuple[str, float], ...] = ()
    cluster_a: str | None = None
    cluster_b: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The stored and shown form of a possible duplicate."""
        return {
            "report_a": self.report_a,
            "report_b": self.report_b,
            "cluster_a": self.cluster_a,
            "cluster_b": self.cluster_b,
            "score": round(self.score, 3),
            "reason": self.reason,
            "points": {name: value for name, value in self.points},
        }


@dataclass(frozen=True)
class Cluster:
    """Every report of one happening, with a canonical view of it.

    ``event`` is the canonical view: each field the best-supported value among the reports, its
    ``id`` the cluster's, its ``evidence`` and ``sources`` every report's. ``claims`` keeps what
    each report said of the date, the place and each count; ``disputed`` names the fields where
    they disagree (``"counts.killed"``). ``case`` groups the clusters of one linked case (a
    protest, the detentions at it, the charges and trials that follow). ``joined_by`` says why
    each report after the first is in it (exported as ``joined_by``).
    """

    event: Event
    reports: tuple[str, ...]
    claims: tuple[Claim, ...] = ()
    disputed: tuple[str, ...] = ()
    case: str | None = None
    linked: tuple[str, ...] = ()
    joined_by: tuple[Join, ...] = ()

    @property
    def id(self) -> str:
        """The happening's stable id."""
        return self.event.id

    def to_dict(self) -> dict[str, Any]:
        """The happening as a contract event plus reports, claims, disputes, case and links."""
        data = self.event.to_dict()
        claims: dict[str, Any] = {}
        for claim in self.claims:
            if claim.field.startswith("counts."):
                bucket = claims.setdefault("counts", {}).setdefault(claim.field[7:], [])
            else:
                bucket = claims.setdefault(claim.field, [])
            bucket.append(claim.to_dict())
        data.update(
            {
                "reports": list(self.reports),
                "claims": claims,
                "disputed": list(self.disputed),
                "case": self.case,
                "linked": list(self.linked),
                "joined_by": [join.to_dict() for join in self.joined_by],
            }
        )
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Cluster:
        """A happening from its stored form."""
        claims: list[Claim] = []
        for name, value in (data.get("claims") or {}).items():
            groups = value.items() if name == "counts" else [(None, value)]
            for key, items in groups:
                field_name = f"counts.{key}" if key else name
                claims.extend(
                    Claim(
                        field=field_name,
                        value=item["value"],
                        doc=item["doc"],
                        report=item["report"],
                        attributed_to=item.get("attributed_to"),
                    )
                    for item in items
                )
        return cls(
            event=Event.from_dict(data),
            reports=tuple(data.get("reports") or ()),
            claims=tuple(claims),
            disputed=tuple(data.get("disputed") or ()),
            case=data.get("case"),
            linked=tuple(data.get("linked") or ()),
            joined_by=tuple(Join.from_dict(item) for item in data.get("joined_by") or ()),
        )


@dataclass(frozen=True)
class Decision:
    """A reviewer's ruling that two reports are (``merge``) or are not (``split``) one happening.

    Kept as its own record and never overwritten: consolidation reads every decision not
    reverted and obeys it, however the reports would otherwise compare.
    """

    action: DecisionAction
    report_a: str
    report_b: str
    author: str
    reason: str = ""
    id: int | None = None
    created_at: datetime | None = None
    reverted_at: datetime | None = None
    reverted_by: str | None = None

    def __post_init__(self) -> None:
        if self.action not in ("merge", "split"):
            raise InvalidEventError(f"unknown decision {self.action!r}")
        if self.report_a == self.report_b:
            raise InvalidEventError("a decision needs two different reports")


REVIEW_ACTIONS = ("verify", "reject", "edit", "merge", "split")
# Fields of a happening a reviewer may correct; "counts.KEY" for one count.
EDITABLE_FIELDS = ("type", "subtype", "status", "date", "location", "summary", "actors", "counts")


@dataclass(frozen=True)
class Review:
    """An analyst's decision on a happening: who, when, what, before and after, and why.

    A review is a new record, never an overwrite: the machine's reading stays as it was, and
    the reviewed view is the reading with every review in force applied on top. Reverting a
    review marks it reverted (by whom, when) and keeps it in the history. A merge or split
    also records the :class:`Decision` rows (``decisions``) that consolidation obeys.
    """

    cluster: str
    action: str
    author: str
    reason: str = ""
    field: str | None = None
    before: Any = None
    after: Any = None
    decisions: tuple[int, ...] = ()
    id: int | None = None
    created_at: datetime | None = None
    reverted_at: datetime | None = None
    reverted_by: str | None = None
    # What the reviewer saw (added field): the happening's "reports" and, for a verify, its
    # "machine" fields; what tells a later conflict or change (khronika.store.verdicts).
    seen: Mapping[str, Any] | None = None

    def __post_init__(self) -> None:
        if self.action not in REVIEW_ACTIONS:
            raise InvalidEventError(f"unknown review action {self.action!r}")
        if self.action == "edit":
            base = (self.field or "").split(".", 1)[0]
            if base not in EDITABLE_FIELDS:
                raise InvalidEventError(f"{self.field!r} is not a field a reviewer can edit")


def _iso(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
