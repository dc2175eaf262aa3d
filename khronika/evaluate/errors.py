"""Error analysis: every missed, false, wrong-date and wrong-place event, with its cause's category.

The scorer (``scoring.py``) says how many events were missed or wrong; this module says *why*, as
far as the outputs show it, so that tuning follows evidence rather than impressions. Categories
are decided from what is observable only: the type, date and place of gold and predicted events
and where their evidence quotes sit in the document. Two quotes "meet" when their character
spans, each widened to its whole sentence when the text is known, overlap.

- missed (a gold event no prediction matched): ``merged`` when a predicted event of its type in
  its sentence went to another gold event, ``wrong type`` when an unmatched prediction of another
  type was found there; otherwise (nothing there, or only other gold events) ``filtered`` when the
  trigger lexicon has a word of its type in that sentence (found, then dropped by a constraint or
  filter) and ``no trigger`` when it has none (a gap in the lexicon);
- false (a prediction no gold event matched): ``duplicate`` when it restates a happening already
  matched (same type, meeting that gold event or its matched prediction, or the same date and
  place as a matched prediction of its type), ``wrong type`` when it meets an unmatched gold event
  of another type, ``beside another event`` when it meets only gold events of other types that
  were found (a side reading of an event sentence: an injury count, a mention of a charge), ``no
  such event`` when it meets no gold event (background, hypothetical, another sense);
- ``unlocated`` (both kinds) when gold gives no evidence quotes (the seeds), so where the event
  sits cannot be seen;
- wrong date / wrong place (on matched pairs): see :func:`date_category` and :func:`place_category`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from khronika.evaluate.evidence import (
    FoundTrigger,
    Sentences,
    Span,
    describe,
    describe_date,
    describe_place,
    evidence_spans,
    first_quote,
    precision,
    quote_near,
    spans_meet,
)
from khronika.evaluate.scoring import EventDict, GoldDocument, Match, NameMatcher, names_agree
from khronika.evaluate.scoring import date_ok as dates_agree
from khronika.evaluate.scoring import place_ok as places_agree

# The four kinds of error, in report order, each with its categories in report order.
CATEGORIES: dict[str, tuple[str, ...]] = {
    "missed": ("no trigger", "filtered", "wrong type", "merged", "unlocated"),
    "false": ("no such event", "beside another event", "wrong type", "duplicate", "unlocated"),
    "wrong date": ("no date", "guessed", "wrong precision", "wrong day/range"),
    "wrong place": (
        "unplaced",
        "placed",
        "other country",
        "country only",
        "region vs city",
        "other city",
    ),
}


@dataclass(frozen=True)
class ErrorItem:
    """One error: its kind and category, the event's document and type, and what was expected."""

    kind: str
    category: str
    doc: str
    type: str
    expected: str = ""
    got: str = ""
    gold_quote: str = ""
    pred_quote: str = ""
    gold_id: str | None = None
    note: str = ""
    # Lexicon triggers of the event's type: dropped ones for a filtered miss, fired ones for a
    # false event.
    triggers: tuple[FoundTrigger, ...] = ()


@dataclass
class ErrorReport:
    """Every error item of an evaluation, in document order within each kind."""

    items: list[ErrorItem] = field(default_factory=list)

    def counts(self) -> dict[str, dict[str, int]]:
        """Kind -> category -> number of items, every known category present (zeros included)."""
        tally = Counter((item.kind, item.category) for item in self.items)
        return {
            kind: {category: tally[kind, category] for category in categories}
            for kind, categories in CATEGORIES.items()
        }

    def grouped(self) -> list[tuple[str, str, list[ErrorItem]]]:
        """(kind, category, items) for every non-empty category, in report order."""
        groups = []
        for kind, categories in CATEGORIES.items():
            for category in categories:
                items = [i for i in self.items if i.kind == kind and i.category == category]
                if items:
                    groups.append((kind, category, items))
        return groups


# --- categories ---------------------------------------------------------------------------------


def date_category(gold: EventDict, pred: EventDict) -> str:
    """Why a matched pair's dates differ: no date, guessed, wrong precision or wrong day/range."""
    gold_precision, pred_precision = precision(gold.get("date")), precision(pred.get("date"))
    if pred_precision == "unknown":
        return "no date"
    if gold_precision == "unknown":
        return "guessed"
    if gold_precision != pred_precision:
        return "wrong precision"
    return "wrong day/range"


def place_category(gold: EventDict, pred: EventDict) -> str:
    """Why a matched pair's places differ (see ``CATEGORIES["wrong place"]``).

    ``region vs city`` is a name at the wrong level: the region where gold has a city or site in
    it, or a city where gold names only the region.
    """
    g, p = gold.get("location") or {}, pred.get("location") or {}
    if precision(g) == "unknown":
        return "placed"
    if not p.get("country"):
        return "unplaced"
    if g.get("country") != p.get("country"):
        return "other country"
    if not p.get("name"):
        return "country only"
    if (precision(g) == "region") != (precision(p) == "region"):
        return "region vs city"
    return "other city"


@dataclass
class _Document:
    """One document's gold and predicted events, their matches and their evidence spans."""

    doc: str
    gold: Sequence[EventDict]
    preds: Sequence[EventDict]
    matches: Sequence[Match]
    sentences: Sentences
    # The lexicon's triggers in the document; None when they were not looked up.
    triggers: Sequence[FoundTrigger] | None = None
    same_name: NameMatcher = names_agree

    def triggers_of(self, type_: object, spans: Sequence[Span]) -> list[FoundTrigger] | None:
        """Triggers of ``type_`` within ``spans``; None when triggers were not looked up."""
        if self.triggers is None:
            return None
        return [
            t for t in self.triggers if t.type == type_ and spans_meet([(t.start, t.end)], spans)
        ]

    @cached_property
    def gold_spans(self) -> list[list[Span]]:
        return [evidence_spans(e, self.doc, self.sentences) for e in self.gold]

    @cached_property
    def pred_spans(self) -> list[list[Span]]:
        return [evidence_spans(e, self.doc, self.sentences) for e in self.preds]

    @cached_property
    def gold_of(self) -> dict[int, int]:
        """Predicted index -> the gold index it is matched to."""
        return {m.pred_index: m.gold_index for m in self.matches}

    def pred_quote(self, index: int, spans: Sequence[Span]) -> str:
        """The prediction's quote that meets ``spans``, shortened."""
        return quote_near(self.preds[index], spans, self.doc, self.sentences)

    def gold_label(self, index: int) -> str:
        return str(self.gold[index].get("id") or f"gold #{index + 1}")


def _missed(d: _Document, gi: int) -> ErrorItem:
    gold = d.gold[gi]
    near = [pi for pi in range(len(d.preds)) if spans_meet(d.gold_spans[gi], d.pred_spans[pi])]
    same = [pi for pi in near if d.preds[pi].get("type") == gold.get("type")]
    # Another type counts as a misreading only when that prediction is not another gold
    # event's match: a found protest beside a missed assault leaves the assault untriggered.
    misread = [pi for pi in near if pi not in same and pi not in d.gold_of]
    category, got, note, pred_quote = "no trigger", "nothing in its sentence", "", ""
    dropped: tuple[FoundTrigger, ...] = ()
    if not d.gold_spans[gi]:
        category, got, note = "unlocated", "", "gold gives no evidence quote"
    elif same:
        taken = d.gold_of.get(same[0])
        category, got = "merged", f"its {gold.get('type')} in this sentence"
        note = "unpaired" if taken is None else _merged_note(d, gi, taken)
        pred_quote = d.pred_quote(same[0], d.gold_spans[gi])
    elif misread:
        types = sorted({str(d.preds[pi].get("type")) for pi in misread})
        category, got = "wrong type", "read as " + ", ".join(types)
        pred_quote = d.pred_quote(misread[0], d.gold_spans[gi])
    else:
        category, got, dropped = _untriggered(d, gi, near)
    return ErrorItem(
        kind="missed",
        category=category,
        doc=d.doc,
        type=str(gold.get("type")),
        expected=describe(gold),
        got=got,
        gold_quote=first_quote(gold),
        pred_quote=pred_quote,
        gold_id=d.gold_label(gi),
        note=note,
        triggers=dropped,
    )


def _merged_note(d: _Document, gi: int, taken: int) -> str:
    """Which gold event took the shared prediction, and how the two gold events differ."""
    mine, theirs = d.gold[gi], d.gold[taken]
    differences = [
        f"{name} {describe_one(mine)} vs {describe_one(theirs)}"
        for name, describe_one, agree in (
            ("place", describe_place, places_agree(mine, theirs, d.same_name)),
            ("date", describe_date, dates_agree(mine, theirs)),
        )
        if not agree
    ]
    return f"went to {d.gold_label(taken)}" + (
        f" ({'; '.join(differences)})" if differences else " (same date and place)"
    )


def _untriggered(
    d: _Document, gi: int, near: Sequence[int]
) -> tuple[str, str, tuple[FoundTrigger, ...]]:
    """Category, what was got, and the dropped triggers of a miss with nothing of its type near."""
    gold = d.gold[gi]
    got = "nothing in its sentence"
    if near:
        types = sorted({str(d.preds[pi].get("type")) for pi in near})
        got = "only other events found in its sentence: " + ", ".join(types)
    triggers = d.triggers_of(gold.get("type"), d.gold_spans[gi])
    return ("filtered" if triggers else "no trigger"), got, tuple(triggers or ())


def _restates(d: _Document, pi: int) -> str | None:
    """What matched happening an unmatched prediction restates, or None."""
    pred = d.preds[pi]
    for other, gi in d.gold_of.items():
        if d.gold[gi].get("type") != pred.get("type"):
            continue
        if spans_meet(d.pred_spans[pi], d.gold_spans[gi]):
            return f"same sentence as {d.gold_label(gi)}"
        if spans_meet(d.pred_spans[pi], d.pred_spans[other]):
            return f"same sentence as the prediction matched to {d.gold_label(gi)}"
        matched = d.preds[other]
        if precision(pred.get("date")) != "unknown" and (
            dates_agree(matched, pred) and places_agree(matched, pred, d.same_name)
        ):
            return f"same date and place as the prediction matched to {d.gold_label(gi)}"
    return None


def _false(d: _Document, pi: int) -> ErrorItem:
    pred = d.preds[pi]
    category, expected, gold_quote = "no such event", "no event here", ""
    note = _restates(d, pi)
    if note is not None:
        category, expected = "duplicate", "one event for this happening"
    else:
        near = [gi for gi in range(len(d.gold)) if spans_meet(d.pred_spans[pi], d.gold_spans[gi])]
        # A misreading only of a gold event left unmatched; beside found ones it is an extra.
        matched = set(d.gold_of.values())
        misread = [gi for gi in near if gi not in matched]
        if misread:
            types = sorted({str(d.gold[gi].get("type")) for gi in misread})
            category, expected = "wrong type", "gold has " + ", ".join(types)
            gold_quote = quote_near(d.gold[misread[0]], d.pred_spans[pi], d.doc, d.sentences)
        elif not all(d.gold_spans):
            category, expected = "unlocated", "?"
        elif near:
            category = "beside another event"
            expected = "only the found " + ", ".join(
                sorted({str(d.gold[gi].get("type")) for gi in near})
            )
        note = ", ".join(d.gold_label(gi) for gi in misread or near) or None
        if category == "unlocated":
            note = "a gold event of this document gives no evidence quote"
    # The words that fired sit in the quotes themselves, not elsewhere in their sentences.
    fired = d.triggers_of(pred.get("type"), evidence_spans(pred, d.doc, Sentences(None)))
    return ErrorItem(
        kind="false",
        category=category,
        doc=d.doc,
        type=str(pred.get("type")),
        expected=expected,
        got=describe(pred),
        gold_quote=gold_quote,
        pred_quote=first_quote(pred),
        note=note or "",
        triggers=tuple(fired or ()),
    )


def _field_errors(d: _Document, match: Match) -> list[ErrorItem]:
    """A matched pair's wrong date and wrong place, if any."""
    gold, pred = d.gold[match.gold_index], d.preds[match.pred_index]
    base = ErrorItem(
        kind="",
        category="",
        doc=d.doc,
        type=match.type,
        gold_quote=first_quote(gold),
        pred_quote=first_quote(pred),
        gold_id=d.gold_label(match.gold_index),
    )
    items = []
    if not match.date_ok:
        items.append(
            replace(
                base,
                kind="wrong date",
                category=date_category(gold, pred),
                expected=describe_date(gold),
                got=describe_date(pred),
            )
        )
    if not match.place_ok:
        items.append(
            replace(
                base,
                kind="wrong place",
                category=place_category(gold, pred),
                expected=describe_place(gold),
                got=describe_place(pred),
            )
        )
    return items


def analyse(
    gold: Sequence[GoldDocument],
    predicted: Mapping[str, Sequence[EventDict]],
    matches: Sequence[Match],
    texts: Mapping[str, str] | None = None,
    same_name: NameMatcher = names_agree,
    triggers: Mapping[str, Sequence[FoundTrigger]] | None = None,
) -> ErrorReport:
    """Every error of a scored run, each with its category (see the module docstring).

    ``matches`` are the scorer's (``Scores.matches``), so the errors are exactly the ones the
    figures count. Without ``texts`` quotes meet only when their own spans overlap. With
    ``triggers`` (doc name -> the lexicon's triggers, see ``triggers.py``) a miss whose sentence
    holds a trigger of its type is told apart as ``filtered``.
    """
    report = ErrorReport()
    by_doc: dict[str, list[Match]] = {}
    for match in matches:
        by_doc.setdefault(match.doc, []).append(match)
    for document in gold:
        doc_matches = by_doc.get(document.doc, [])
        d = _Document(
            doc=document.doc,
            gold=document.events,
            preds=list(predicted.get(document.doc, ())),
            matches=doc_matches,
            sentences=Sentences((texts or {}).get(document.doc)),
            triggers=None if triggers is None else triggers.get(document.doc, ()),
            same_name=same_name,
        )
        matched_gold = {m.gold_index for m in doc_matches}
        report.items.extend(_missed(d, gi) for gi in range(len(d.gold)) if gi not in matched_gold)
        unmatched = (pi for pi in range(len(d.preds)) if pi not in d.gold_of)
        report.items.extend(_false(d, pi) for pi in unmatched)
        for match in doc_matches:
            report.items.extend(_field_errors(d, match))
    return report


__all__ = [
    "CATEGORIES",
    "ErrorItem",
    "ErrorReport",
    "analyse",
    "date_category",
    "place_category",
]
