"""How a happening's date and place read in a line: the same words in the CLI and on the desk.

A table column (the CLI) asks for the compact form: a range as ``start…end`` and the place
without its region; a page (the desk) for the full one.
"""

from __future__ import annotations

from khronika.model import Event


def date_text(event: Event, *, compact: bool = False) -> str:
    """A date as "2023-03-05", a range "2023-03-01 – 2023-03-31" (compact: "2023-03-01…2023-03-31"), or
    "?" with the words of the text when the date is unknown ("? (last spring)").
    """
    when = event.date
    if when.start is None:
        return f"? ({when.text})" if when.text else "?"
    if when.end is None or when.end == when.start:
        return when.start.isoformat()
    separator = "…" if compact else " – "
    return f"{when.start.isoformat()}{separator}{when.end.isoformat()}"


def place_text(event: Event, *, compact: bool = False) -> str:
    """A place as "Taraz, Jambyl, KZ" (compact: "Taraz, KZ"), or "?" when nothing is known."""
    place = event.location
    parts = (place.name, place.country) if compact else (place.name, place.admin1, place.country)
    return ", ".join(x for x in parts if x) or "?"
