"""The edit form of a happening's page: one field at a time in plain inputs, never JSON.

A date is a start, an end and a precision; a place is a name looked up in the gazetteer (the
desk is given the lookup by ``khronika serve``: the web package does not import extraction);
a count is a least and a most figure with who gave it; actors are rows of name, kind and role
chosen from the contract's closed lists. :func:`edit_value` turns the inputs of the chosen
field into the JSON value an edit review records, or raises :class:`FormProblem` with one plain
line naming the field; :func:`inputs_of` gives the inputs that show an event's current values,
and :func:`inputs_sent` what the analyst typed, so a refused form comes back as they left it.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date
from typing import Any, Protocol

from khronika.model import (
    ACTOR_KINDS,
    COUNT_KEYS,
    DATE_PRECISIONS,
    EVENT_TYPES,
    ROLES,
    STATUSES,
    Event,
    Place,
)

# A place name as typed to the place the gazetteer knows by it, or None.
PlaceLookup = Callable[[str], Place | None]

# Blank actor rows offered below the current ones, for adding people.
SPARE_ACTOR_ROWS = 2
TEXT_INPUTS: tuple[str, ...] = ("type", "subtype", "status", "summary", "reason")
TEXT_INPUTS += ("date_start", "date_end", "date_precision", "place")
# A count's inputs, each named "<part>.<key>" ("min.detained"): one set per key on the page.
COUNT_PARTS = ("min", "max", "text", "attributed_to")
ACTOR_INPUTS = ("actor_name", "actor_kind", "actor_role")


class FormData(Protocol):
    """The submitted form (Starlette's ``FormData`` is one)."""

    def get(self, key: str, /) -> Any:
        """One value of ``key``."""
        ...

    def getlist(self, key: str, /) -> list[Any]:
        """Every value of ``key``, in order."""
        ...


class FormProblem(ValueError):
    """A value the form cannot take, said in one plain line."""


def edit_value(field: str, form: FormData, event: Event, places: PlaceLookup | None) -> Any:
    """The JSON value of ``field`` (one of the edit fields) from the form's inputs."""
    if field.startswith("counts."):
        return _count(field, form)
    readers: dict[str, Callable[[], Any]] = {
        "type": lambda: _choice("type", _text(form, "type"), tuple(EVENT_TYPES)),
        "subtype": lambda: _subtype(_text(form, "subtype"), event),
        "status": lambda: _choice("status", _text(form, "status"), STATUSES),
        "summary": lambda: _text(form, "summary"),
        "date": lambda: _date(form),
        "location": lambda: _place(_text(form, "place"), places),
        "actors": lambda: _actors(form, event),
    }
    if field not in readers:
        raise FormProblem(f"{field or '(none)'}: not a field the form can edit")
    return readers[field]()


def inputs_of(event: Event) -> dict[str, Any]:
    """The form's inputs holding ``event``'s current values (the reviewed view)."""
    place = event.location
    found: dict[str, Any] = {
        "type": event.type,
        "subtype": event.subtype or "",
        "status": event.status,
        "summary": event.summary,
        "date_start": event.date.start.isoformat() if event.date.start else "",
        "date_end": event.date.end.isoformat() if event.date.end else "",
        "date_precision": event.date.precision,
        "place": place.name or place.country or "",
        "reason": "",
        "counts": {key: count.to_dict() for key, count in event.counts.items()},
        "actors": [(a.name, a.kind, a.role) for a in event.actors],
    }
    found["actors"] += [("", "person", "target")] * SPARE_ACTOR_ROWS
    return found


def inputs_sent(form: FormData, event: Event) -> dict[str, Any]:
    """The inputs as the analyst sent them, over the current values of the fields not sent."""
    found = inputs_of(event)
    found.update({name: _text(form, name) for name in TEXT_INPUTS if form.get(name) is not None})
    field = _text(form, "field")
    if field.startswith("counts."):
        key = field.split(".", 1)[1]
        typed = {part: _text(form, f"{part}.{key}") for part in COUNT_PARTS}
        found["counts"] = {**found["counts"], key: typed}
    if form.getlist("actor_name"):
        rows = list(zip(*(form.getlist(name) for name in ACTOR_INPUTS), strict=False))
        found["actors"] = [*rows, ("", "person", "target")]
    found["field"] = field
    return found


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _choice(field: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise FormProblem(f"{field}: choose one of {', '.join(choices)} (got {value!r})")
    return value


def _subtype(value: str, event: Event) -> str | None:
    if not value:
        return None
    allowed = EVENT_TYPES.get(event.type, ())
    if value not in allowed:
        kinds = ", ".join(allowed) or "none"
        raise FormProblem(f"subtype: a {event.type} can be one of: {kinds} (got {value!r})")
    return value


def _day(what: str, text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise FormProblem(
            f"date: the {what} {text!r} is not a date; write it as YYYY-MM-DD (2022-01-05)"
        ) from None


def _date(form: FormData) -> dict[str, Any]:
    precision = _choice("date precision", _text(form, "date_precision"), DATE_PRECISIONS)
    start_text, end_text = _text(form, "date_start"), _text(form, "date_end")
    if precision == "unknown":
        if start_text or end_text:
            raise FormProblem("date: an unknown date has no start or end; clear them")
        return {"start": None, "end": None, "precision": "unknown", "text": None}
    if not start_text:
        raise FormProblem(f"date: a date known to the {precision} needs its start")
    start = _day("start", start_text)
    end = _day("end", end_text) if end_text else _last_day(start, precision)
    if end < start:
        raise FormProblem(f"date: the end {end} is before the start {start}")
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "precision": precision,
        "text": None,
    }


def _last_day(start: date, precision: str) -> date:
    """Where a date given by its start alone ends: its day, month or year."""
    if precision == "month":
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])
    if precision == "year":
        return start.replace(month=12, day=31)
    return start


def _place(name: str, places: PlaceLookup | None) -> dict[str, Any]:
    if not name:
        return Place().to_dict()  # cleared: the place is unknown
    if places is None:
        raise FormProblem("location: this desk has no gazetteer to look places up in")
    found = places(name)
    if found is None:
        raise FormProblem(
            f"location: {name!r} is not in the gazetteer; try the city, region or country"
            " as it is usually written (Almaty, Kyiv, Kazakhstan)"
        )
    return found.to_dict()


def _figure(field: str, what: str, text: str) -> int | None:
    if not text:
        return None
    if not text.isdigit():
        raise FormProblem(f"{field}: the {what} must be a whole number (got {text!r})")
    return int(text)


def _count(field: str, form: FormData) -> dict[str, Any] | None:
    key = field.split(".", 1)[1]
    if key not in COUNT_KEYS:
        raise FormProblem(f"{field}: counts are one of {', '.join(COUNT_KEYS)}")
    low = _figure(field, "least", _text(form, f"min.{key}"))
    high = _figure(field, "most", _text(form, f"max.{key}"))
    given = [figure for figure in (low, high) if figure is not None]
    if not given:
        return None  # both cleared: no count of this kind
    low, high = given[0], given[-1]  # one figure alone is both the least and the most
    if high < low:
        raise FormProblem(f"{field}: the most ({high}) is below the least ({low})")
    words = _text(form, f"text.{key}") or (str(low) if low == high else f"{low}-{high}")
    source = _text(form, f"attributed_to.{key}") or None
    return {"min": low, "max": high, "text": words, "attributed_to": source}


def _actors(form: FormData, event: Event) -> list[dict[str, Any]]:
    rows = zip(*(form.getlist(name) for name in ACTOR_INPUTS), strict=False)
    linked = {(a.name, a.kind): a.entity for a in event.actors if a.entity}
    actors: list[dict[str, Any]] = []
    for number, (name, kind, role) in enumerate(rows, start=1):
        if not str(name).strip():
            continue  # a blank row
        name = str(name).strip()
        _choice(f"actors, row {number} kind", str(kind), ACTOR_KINDS)
        _choice(f"actors, row {number} role", str(role), ROLES)
        actor: dict[str, Any] = {"name": name, "kind": kind, "role": role}
        # The registry link stays with an actor kept as it was (name and kind unchanged).
        if linked.get((name, kind)):
            actor["entity"] = linked[(name, kind)]
        actors.append(actor)
    return actors
