"""JSON Lines: one event per line, exactly the contract of spec/events.md."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from khronika.export import register_exporter
from khronika.model import Event


@register_exporter("jsonl")
def write_jsonl(events: Iterable[Event], out: TextIO) -> int:
    """Write ``event.to_dict()`` per line; non-ASCII stays readable ("Алматы", not escapes)."""
    written = 0
    for event in events:
        out.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
        written += 1
    return written
