"""Exporters: write events to a stream in one format each, chosen by name.

Like datasette's default plugins, the built-in formats register themselves with
:func:`register_exporter` when their module is imported; a new format is one module with one
decorated function. An exporter takes events and an open text stream and returns how many
records it wrote. A record is a consolidated happening (:class:`Cluster`, the default) or a
per-document report (:class:`Event`); :func:`as_event` gives the event fields of either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TextIO

from khronika.model import Cluster, Event

Record = Cluster | Event
Exporter = Callable[[Iterable[Record], TextIO], int]

EXPORTERS: dict[str, Exporter] = {}


def register_exporter(name: str) -> Callable[[Exporter], Exporter]:
    """Decorator: make ``function`` available as ``get_exporter(name)``."""

    def decorate(function: Exporter) -> Exporter:
        if name in EXPORTERS:
            # Two formats under one name would make the choice depend on import order.
            raise ValueError(f"an exporter named {name!r} is already registered")
        EXPORTERS[name] = function
        return function

    return decorate


def as_event(record: Record) -> Event:
    """The event fields of a record: a cluster's canonical view, or the report itself."""
    return record.event if isinstance(record, Cluster) else record


def get_exporter(name: str) -> Exporter:
    """The exporter registered as ``name``; KeyError lists the known names."""
    try:
        return EXPORTERS[name]
    except KeyError:
        known = ", ".join(sorted(EXPORTERS))
        raise KeyError(f"unknown export format {name!r}; known formats: {known}") from None


__all__ = ["EXPORTERS", "Exporter", "Record", "as_event", "get_exporter", "register_exporter"]

# The built-in formats register themselves on import (the import is for that side effect).
# They use this module's decorator, so they are imported only after it is defined.
from khronika.export import csv, geojson, jsonl  # noqa: E402, F401
