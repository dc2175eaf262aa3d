"""JSON Lines: one event per line, the contract of spec/events.md.

A happening is one line whose ``sources`` and ``evidence`` list every report, with the added
fields ``reports``, ``claims`` (per field, what each source said), ``disputed`` and ``case``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from khronika.export import Record, register_exporter


@register_exporter("jsonl")
def write_jsonl(records: Iterable[Record], out: TextIO) -> int:
    """Write ``record.to_dict()`` per line; non-ASCII stays readable ("Алматы", not escapes)."""
    written = 0
    for record in records:
        out.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
        written += 1
    return written
