"""Present an :class:`~khronika.evaluate.errors.ErrorReport`: a table of counts, then the items."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import asdict
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from khronika.evaluate.errors import ErrorItem, ErrorReport


def _console(buffer: io.StringIO) -> Console:
    # The same fixed-width, colourless output as the figures' report (report.py).
    return Console(file=buffer, width=100, color_system=None, force_terminal=False)


def _counts_table(report: ErrorReport) -> Table:
    table = Table(title="Errors by category", title_justify="left", box=box.SIMPLE)
    table.add_column("kind")
    table.add_column("category")
    table.add_column("n", justify="right")
    for kind, categories in report.counts().items():
        table.add_row(kind, "(all)", str(sum(categories.values())))
        for category, n in categories.items():
            table.add_row("", category, str(n))
    return table


def _type_table(report: ErrorReport) -> Table:
    """Errors per event type and kind: where to look first."""
    kinds = list(report.counts())
    table = Table(title="Errors by type", title_justify="left", box=box.SIMPLE)
    table.add_column("type")
    for kind in kinds:
        table.add_column(kind, justify="right")
    for type_ in sorted({item.type for item in report.items}):
        row = [sum(1 for i in report.items if i.type == type_ and i.kind == k) for k in kinds]
        table.add_row(type_, *map(str, row))
    return table


def _dropped_table(report: ErrorReport) -> Table | None:
    """Filtered misses by the constraint their trigger needed: which checks cost recall."""
    needs = Counter(
        t.needs or "(none: a later filter)"
        for item in report.items
        if item.kind == "missed" and item.category == "filtered"
        for t in {t.needs: t for t in item.triggers}.values()
    )
    if not needs:
        return None
    table = Table(title="Filtered misses by constraint", title_justify="left", box=box.SIMPLE)
    table.add_column("constraint")
    table.add_column("misses", justify="right")
    for name, n in needs.most_common():
        table.add_row(name, str(n))
    return table


def _item_lines(item: ErrorItem) -> list[str]:
    head = f"- {item.doc} | {item.type}" + (f" | {item.gold_id}" if item.gold_id else "")
    lines = [head]
    if item.gold_quote:
        lines.append(f"    gold: \u201c{item.gold_quote}\u201d")
    if item.pred_quote:
        lines.append(f"    pred: \u201c{item.pred_quote}\u201d")
    lines.append(f"    expected: {item.expected}")
    lines.append(f"    got:      {item.got}")
    if item.note:
        lines.append(f"    note:     {item.note}")
    if item.triggers:
        words = ", ".join(dict.fromkeys(t.label() for t in item.triggers))
        label = "dropped:" if item.kind == "missed" else "fired:  "
        lines.append(f"    {label}  {words}")
    return lines


def format_errors(report: ErrorReport) -> str:
    """Plain text: counts per category and per type, then every item grouped by category."""
    buffer = io.StringIO()
    console = _console(buffer)
    console.print(_counts_table(report))
    console.print(_type_table(report))
    dropped = _dropped_table(report)
    if dropped is not None:
        console.print(dropped)
    lines: list[str] = []
    for kind, category, items in report.grouped():
        lines.append(f"\n== {kind}: {category} ({len(items)})")
        for item in items:
            lines.extend(_item_lines(item))
    buffer.write("\n".join(lines) + ("\n" if lines else ""))
    return buffer.getvalue()


def errors_to_json(report: ErrorReport) -> dict[str, Any]:
    """The counts and every item as plain JSON types."""
    return {"counts": report.counts(), "items": [asdict(item) for item in report.items]}


__all__ = ["errors_to_json", "format_errors"]
