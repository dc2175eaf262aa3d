"""Present :class:`~khronika.evaluate.scoring.Scores`: terminal tables and a JSON summary."""

from __future__ import annotations

import io
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from khronika.evaluate.scoring import PRF, Match, Ratio, Scores

# Field accuracies in report order: (label, attribute of Scores, what the figure is over).
_FIELDS = (
    ("subtype", "subtype", "matched pairs"),
    ("status", "status", "matched pairs"),
    ("date", "date", "matched pairs"),
    ("place", "place", "matched pairs"),
    ("actors (F1 of names)", "actor_f1", "matched pairs"),
    ("actor kind", "actor_kind", "matched actors"),
    ("actor role", "actor_role", "matched actors"),
    ("counts (gold keys right)", "counts", "gold count keys"),
    ("count keys (precision)", "count_keys", "predicted count keys"),
)


def format_report(scores: Scores) -> str:
    """Plain-text tables (no colour codes) for a terminal or a log file."""
    tables = [_summary_table(scores)]
    if len(scores.by_language) > 1:  # a mixed corpus: each language's figures under the total
        tables.append(_language_table(scores))
    tables += [_fields_table(scores), _type_table(scores)]
    tables.append(_doc_table(scores))
    buffer = io.StringIO()
    # A fixed width and no colour: the same report on a terminal, in CI logs and in a file.
    console = Console(file=buffer, width=100, color_system=None, force_terminal=False)
    for table in tables:
        console.print(table)
    notes = _notes(scores)
    if notes:
        console.print("\n".join(notes))
    return buffer.getvalue()


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _summary_table(scores: Scores) -> Table:
    table = Table(title="Events", title_justify="left", box=box.SIMPLE)
    for column in ("", "gold", "pred", "TP", "FP", "FN", "P", "R", "F1"):
        table.add_column(column, justify="left" if not column else "right")
    for label, prf in (("event", scores.events), ("strict", scores.strict)):
        table.add_row(
            label,
            *map(str, (prf.gold, prf.predicted, prf.tp, prf.fp, prf.fn)),
            *map(_pct, (prf.precision, prf.recall, prf.f1)),
        )
    return table


def _language_table(scores: Scores) -> Table:
    table = Table(title="By language", title_justify="left", box=box.SIMPLE)
    for column in ("language", "", "gold", "pred", "TP", "P", "R", "F1"):
        table.add_column(column, justify="left" if column in ("language", "") else "right")
    for language, tally in scores.by_language.items():
        for label, prf in (("event", tally.events), ("strict", tally.strict)):
            table.add_row(
                language if label == "event" else "",
                label,
                *map(str, (prf.gold, prf.predicted, prf.tp)),
                *map(_pct, (prf.precision, prf.recall, prf.f1)),
            )
    return table


def _fields_table(scores: Scores) -> Table:
    table = Table(title="Fields on matched events", title_justify="left", box=box.SIMPLE)
    table.add_column("field")
    table.add_column("accuracy", justify="right")
    table.add_column("n", justify="right")
    table.add_column("over")
    for label, attribute, over in _FIELDS:
        ratio: Ratio = getattr(scores, attribute)
        table.add_row(label, _pct(ratio.value), str(ratio.total), over)
    if scores.evidence is not None:
        table.add_row(
            "evidence quotes valid",
            _pct(scores.evidence.value),
            str(scores.evidence.total),
            "predicted events",
        )
    return table


def _type_table(scores: Scores) -> Table:
    table = Table(title="By type", title_justify="left", box=box.SIMPLE)
    for column in ("type", "gold", "pred", "TP", "P", "R", "F1", "strict TP"):
        table.add_column(column, justify="left" if column == "type" else "right")
    for type_, tally in sorted(scores.by_type.items()):
        prf = tally.events
        table.add_row(
            type_,
            *map(str, (prf.gold, prf.predicted, prf.tp)),
            *map(_pct, (prf.precision, prf.recall, prf.f1)),
            str(tally.strict.tp),
        )
    return table


def _doc_table(scores: Scores) -> Table:
    table = Table(title="By document", title_justify="left", box=box.SIMPLE)
    for column in ("doc", "gold", "pred", "TP", "strict TP"):
        table.add_column(column, justify="left" if column == "doc" else "right")
    for doc, tally in scores.by_doc.items():
        prf = tally.events
        table.add_row(doc, str(prf.gold), str(prf.predicted), str(prf.tp), str(tally.strict.tp))
    return table


def _notes(scores: Scores) -> list[str]:
    if not scores.unscored_docs:
        return []
    return [f"Not in gold, not scored: {', '.join(scores.unscored_docs)}"]


# --- JSON ---------------------------------------------------------------------------------------


def _prf_json(prf: PRF) -> dict[str, Any]:
    return {
        "gold": prf.gold,
        "predicted": prf.predicted,
        "tp": prf.tp,
        "fp": prf.fp,
        "fn": prf.fn,
        "precision": round(prf.precision, 4),
        "recall": round(prf.recall, 4),
        "f1": round(prf.f1, 4),
    }


def _ratio_json(ratio: Ratio) -> dict[str, Any]:
    value = ratio.value
    return {"value": None if value is None else round(value, 4), "n": ratio.total}


def _match_json(match: Match) -> dict[str, Any]:
    return {
        "doc": match.doc,
        "type": match.type,
        "gold_index": match.gold_index,
        "pred_index": match.pred_index,
        "similarity": match.similarity,
        "date_ok": match.date_ok,
        "place_ok": match.place_ok,
    }


def scores_to_json(scores: Scores) -> dict[str, Any]:
    """Every figure as plain JSON types, for CI thresholds and run-to-run comparison."""
    return {
        "events": _prf_json(scores.events),
        "strict": _prf_json(scores.strict),
        "fields": {attr: _ratio_json(getattr(scores, attr)) for _, attr, _ in _FIELDS},
        "evidence": None if scores.evidence is None else _ratio_json(scores.evidence),
        "by_type": {
            type_: {"events": _prf_json(t.events), "strict": _prf_json(t.strict)}
            for type_, t in sorted(scores.by_type.items())
        },
        "by_doc": {
            doc: {"events": _prf_json(t.events), "strict": _prf_json(t.strict)}
            for doc, t in scores.by_doc.items()
        },
        "matches": [_match_json(m) for m in scores.matches],
        "unscored_docs": list(scores.unscored_docs),
    }
