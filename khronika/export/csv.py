"""CSV in the manner of ACLED: one row per event, columns an ACLED user will recognise.

ACLED codes precision as numbers (time: 1 day, 2 week/month, 3 longer; geography: 1 town or
site, 2 region, 3 country). The contract's richer values (date ranges, unknown years, count
ranges and who claims them) have no column of their own there, so they are written into
``notes`` rather than lost. A happening reported by several sources carries the most
conservative figures (as ACLED does), the number of sources, and the disputed fields by name.

A text cell that a spreadsheet would run as a formula (it starts with ``= + - @``, a tab or a
carriage return: OWASP's list for CSV injection) is written with a leading apostrophe, which
spreadsheets show as text and hide; quotes from hostile pages cannot reach a formula engine.
Numbers stay numbers.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from khronika.export import Record, as_event, register_exporter
from khronika.model import Cluster, Count, Event

COLUMNS = (
    "event_id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "status",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
    "n_sources",
    "disputed",
)

TIME_PRECISION = {"day": 1, "month": 2, "year": 3, "unknown": 3}
GEO_PRECISION = {"site": 1, "city": 1, "region": 2, "country": 3, "unknown": 3}


@register_exporter("csv")
def write_csv(records: Iterable[Record], out: TextIO) -> int:
    """Write a header and one row per event; returns the number of rows (header excluded)."""
    # "\n" rather than csv's default "\r\n": the stream may already translate newlines, and
    # a doubled "\r" shows up as blank rows in spreadsheets.
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    written = 0
    for record in records:
        writer.writerow(tuple(neutralised(cell) for cell in event_row(record)))
        written += 1
    return written


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(cell: str | int | float) -> str | int | float:
    """``cell`` as a spreadsheet reads it as text: a leading ``'`` before a formula start."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def event_row(record: Record) -> tuple[str | int | float, ...]:
    """The row of one happening or report, in ``COLUMNS`` order."""
    event = as_event(record)
    disputed = record.disputed if isinstance(record, Cluster) else ()
    place = event.location
    killed = event.counts.get("killed")
    return (
        event.id,
        event.date.start.isoformat() if event.date.start else "",
        TIME_PRECISION[event.date.precision],
        event.type,
        event.subtype or "",
        event.status,
        _actor1(event),
        "; ".join(a.name for a in event.actors if a.role == "target"),
        place.country or "",
        place.admin1 or "",
        place.name or place.text or "",
        "" if place.lat is None else place.lat,
        "" if place.lon is None else place.lon,
        GEO_PRECISION[place.precision],
        "; ".join(event.sources),
        notes(event),
        killed.min if killed is not None and killed.min is not None else 0,
        len(event.sources),
        "; ".join(disputed),
    )


def _actor1(event: Event) -> str:
    """Perpetrators; failing those, the first actor who is not a target.

    Targets already fill ``actor2``; repeating one as ``actor1`` would read as the target
    acting, so an event with only targets leaves ``actor1`` empty.
    """
    perpetrators = [a.name for a in event.actors if a.role == "perpetrator"]
    if perpetrators:
        return "; ".join(perpetrators)
    others = [a.name for a in event.actors if a.role != "target"]
    return others[0] if others else ""


def notes(event: Event) -> str:
    """Summary, then the date where one day cannot say it, then every count, " | "-separated."""
    parts = [event.summary] if event.summary else []
    date_note = _date_note(event)
    if date_note:
        parts.append(date_note)
    parts.extend(f"{key}: {format_count(count)}" for key, count in event.counts.items())
    return " | ".join(parts)


def _date_note(event: Event) -> str:
    when = event.date
    if when.precision == "day" and when.start == when.end:
        return ""  # event_date says it all
    if when.start is None:
        return f'date unknown ("{when.text}")' if when.text else "date unknown"
    end = when.end or when.start
    span = when.start.isoformat() if end == when.start else f"{when.start} to {end}"
    return f"date: {span} ({when.precision})"


def format_count(count: Count) -> str:
    """A count as a cell: "24-99 (dozens, per Ministry of Health)"; open ends "71+", "up to 50"."""
    if count.min is not None and count.min == count.max:
        figure = str(count.min)
    elif count.min is not None and count.max is not None:
        figure = f"{count.min}-{count.max}"
    elif count.min is not None:
        figure = f"{count.min}+"
    elif count.max is not None:
        figure = f"up to {count.max}"
    else:
        figure = "?"
    detail = [count.text] if count.text else []
    if count.attributed_to:
        detail.append(f"per {count.attributed_to}")
    return f"{figure} ({', '.join(detail)})" if detail else figure
