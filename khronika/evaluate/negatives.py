"""Events found in a corpus that has none of our types (the negatives): each one is a false event."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from khronika.evaluate.evidence import (
    FoundTrigger,
    Sentences,
    describe,
    evidence_spans,
    first_quote,
    spans_meet,
)
from khronika.evaluate.scoring import EventDict


@dataclass(frozen=True)
class NegativeEvent:
    """One event extracted from a document that should have none."""

    doc: str
    type: str
    subtype: str | None
    quote: str
    found: str
    triggers: tuple[str, ...] = ()


@dataclass
class NegativesReport:
    """How many documents were read and which events were wrongly found in them."""

    documents: int = 0
    events: list[NegativeEvent] = field(default_factory=list)

    @property
    def documents_with_events(self) -> int:
        """Documents that yielded at least one event."""
        return len({event.doc for event in self.events})

    def by_type(self) -> dict[str, int]:
        """Event type -> number of events, most frequent first."""
        return dict(Counter(event.type for event in self.events).most_common())


def _fired(event: EventDict, doc: str, triggers: Sequence[FoundTrigger]) -> tuple[str, ...]:
    """The trigger words of the event's type inside its quotes: the words that made it."""
    spans = evidence_spans(event, doc, Sentences(None))
    fired = {
        t.label()
        for t in triggers
        if t.type == event.get("type") and spans_meet([(t.start, t.end)], spans)
    }
    return tuple(sorted(fired))


def negatives(
    predicted: Mapping[str, Sequence[EventDict]],
    triggers: Mapping[str, Sequence[FoundTrigger]] | None = None,
) -> NegativesReport:
    """Every predicted event of a gold-less corpus (doc name -> event dicts), in document order.

    With ``triggers`` (doc name -> the lexicon's triggers) each event names the words that fired.
    """
    report = NegativesReport(documents=len(predicted))
    for doc in sorted(predicted):
        for event in predicted[doc]:
            subtype = event.get("subtype")
            report.events.append(
                NegativeEvent(
                    doc=doc,
                    type=str(event.get("type")),
                    subtype=None if subtype is None else str(subtype),
                    quote=first_quote(event),
                    found=describe(event),
                    triggers=_fired(event, doc, (triggers or {}).get(doc, ())),
                )
            )
    return report


def format_negatives(report: NegativesReport) -> str:
    """Plain text: the totals, events per type, then every event with its quote."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=100, color_system=None, force_terminal=False)
    console.print(
        f"{len(report.events)} event(s) in {report.documents_with_events} of "
        f"{report.documents} document(s) that should have none"
    )
    if report.events:
        table = Table(title="Events by type", title_justify="left", box=box.SIMPLE)
        table.add_column("type")
        table.add_column("n", justify="right")
        for type_, n in report.by_type().items():
            table.add_row(type_, str(n))
        console.print(table)
    for event in report.events:
        subtype = f"/{event.subtype}" if event.subtype else ""
        buffer.write(f"- {event.doc} | {event.type}{subtype}\n")
        buffer.write(f"    pred: \u201c{event.quote}\u201d\n    got:  {event.found}\n")
        if event.triggers:
            buffer.write(f"    trigger(s): {', '.join(event.triggers)}\n")
    return buffer.getvalue()


def negatives_to_json(report: NegativesReport) -> dict[str, Any]:
    """The totals and every event as plain JSON types."""
    return {
        "documents": report.documents,
        "documents_with_events": report.documents_with_events,
        "events": len(report.events),
        "by_type": report.by_type(),
        "items": [asdict(event) for event in report.events],
    }


__all__ = ["NegativeEvent", "NegativesReport", "format_negatives", "negatives", "negatives_to_json"]
