"""Readers of labelled sentences: the public training sets, our dev gold and the negatives.

Every reader yields ``Example``s: a sentence, its set of our types (empty for "none"), where it
comes from, and the document it belongs to (``group``), so that cross-validation can keep a
document's sentences out of training while they are tested. Sentence splitting is a plain,
deterministic rule (end punctuation followed by a capital, or a line break), good enough for
news prose in English and Russian; offsets are kept so gold evidence can be matched to it.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from khronika.learn.labels import (
    TYPE_DESCRIPTIONS,
    combine,
    geneva_label,
    kairos_label,
    plover_label,
)


@dataclass(frozen=True)
class Example:
    """One labelled sentence: its types (() = "none"), source set and document."""

    text: str
    labels: tuple[str, ...]
    source: str
    group: str


# An end of sentence: . ! ? or an ellipsis, optional closing quotes or brackets (kept with the
# sentence), whitespace, then something that starts a sentence (a capital, a digit, an opening
# quote or dash).
_BOUNDARY = re.compile(r"(?<=[.!?…])([\"'”’»)\]]*)\s+(?=[\"'“‘«(\[—–-]?[A-ZА-ЯЁ0-9])")
_LAST_WORD = re.compile(r"([\w.]+)[.!?…]$")
# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st gen col lt sgt gov sen rep jan feb mar apr jun jul aug sep sept oct "
    "nov dec no vs etc inc ltd co corp u.s u.k u.n e.g i.e г ул им т.е т.д".split()
)
_MIN_CHARS = 3


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of ``text``; lines never join across a break."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for boundary in _BOUNDARY.finditer(line.group()):
            if _is_abbreviation(line.group()[: boundary.start()]):
                continue
            _add(spans, text, start, line.start() + boundary.end(1))
            start = line.start() + boundary.end()
        _add(spans, text, start, line.end())
    return spans


def _is_abbreviation(before: str) -> bool:
    """Whether the full stop ending ``before`` closes an abbreviation or an initial."""
    word = _LAST_WORD.search(before)
    if word is None or not before.endswith("."):
        return False
    token = word.group(1).rstrip(".")
    return token.lower() in _ABBREVIATIONS or bool(re.fullmatch(r"[A-ZА-ЯЁ]", token))


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    """Append the span trimmed of surrounding blanks, if it has enough text to be a sentence."""
    piece = text[start:end]
    stripped = piece.strip()
    if len(stripped) >= _MIN_CHARS:
        lead = len(piece) - len(piece.lstrip())
        spans.append((start + lead, start + lead + len(stripped)))


# --- the public training sets ---------------------------------------------------------------


def read_plover(path: Path) -> list[Example]:
    """PLOVER's gold sentences (a JSON list); a sentence coded twice carries both types."""
    records: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    labels: dict[str, list[str]] = {}
    groups: dict[str, str] = {}
    for record in records:
        text = (record.get("text") or "").strip()
        if not text:
            continue
        label = plover_label(record["event"], record.get("mode"), dead="dead" in record)
        labels.setdefault(text, []).append(label)
        groups.setdefault(text, f"plover:{record['id']}")
    return _examples(labels, groups, "plover")


def read_wikievents(path: Path) -> list[Example]:
    """WikiEvents documents (JSON lines): each sentence with its mapped event mentions."""
    examples: list[Example] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        doc = json.loads(line)
        sentences = _field(doc["sentences"])
        mentions = _field(doc["event_mentions"])
        by_sentence: dict[int, list[str]] = {i: [] for i in range(len(sentences))}
        for mention in mentions:
            by_sentence[mention["trigger"]["sent_idx"]].append(kairos_label(mention["event_type"]))
        for index, sentence in enumerate(sentences):
            labels = combine(by_sentence[index])
            text = sentence[1].strip()
            if labels is not None and len(text) >= _MIN_CHARS:
                examples.append(Example(text, labels, "wikievents", f"wikievents:{doc['doc_id']}"))
    return examples


def read_geneva(path: Path) -> list[Example]:
    """GENEVA sentences (JSON lines) with their frames mapped."""
    labels: dict[str, list[str]] = {}
    groups: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        text = _detokenize(item["sentence"])
        labels.setdefault(text, []).extend(
            geneva_label(mention["event_type"]) for mention in item.get("event_mentions", [])
        )
        groups.setdefault(text, f"geneva:{item['doc_id']}")
    return _examples(labels, groups, "geneva")


def read_descriptions() -> list[Example]:
    """The invented type descriptions of labels.TYPE_DESCRIPTIONS, as examples of their type."""
    return [
        Example(text, (name,), "descriptions", f"descriptions:{name}:{index}")
        for name, texts in TYPE_DESCRIPTIONS.items()
        for index, text in enumerate(texts)
    ]


def training_files(directory: Path) -> list[Path]:
    """The files of the public sets found under ``directory``, in a fixed order."""
    wanted = [
        directory / "plover" / "PLOVER_GSR_CAMEO.txt",
        *sorted((directory / "wikievents").glob("*.jsonl")),
        *sorted((directory / "geneva").glob("*.json")),
    ]
    return [path for path in wanted if path.is_file()]


def read_training(directory: Path) -> list[Example]:
    """All public sets under ``directory`` (plover/, wikievents/, geneva/), those present."""
    examples: list[Example] = []
    for path in training_files(directory):
        if path.parent.name == "plover":
            examples += read_plover(path)
        elif path.parent.name == "wikievents":
            examples += read_wikievents(path)
        else:
            examples += read_geneva(path)
    return examples


# --- our corpus ------------------------------------------------------------------------------


def read_gold(gold_path: Path, texts: Path, *, source: str | None = None) -> list[Example]:
    """Sentences of a gold file's documents: evidence sentences typed, the others "none".

    A sentence that holds most of an event's evidence (or all of it) is a positive example of
    that event's type. The first line (the title) is left out when it is not evidence, since
    the gold does not annotate facts found only in a headline; so is a sentence that touches
    evidence only in part. Documents with an event lacking evidence are skipped whole: their
    other sentences cannot be trusted as "none".
    """
    name = source or gold_path.name.removesuffix(".gold.jsonl")
    examples: list[Example] = []
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        events = entry.get("events", [])
        if any(not event.get("evidence") for event in events):
            continue
        text = (texts / entry["doc"]).read_text(encoding="utf-8")
        spans = [
            (piece["start"], piece["end"], event["type"])
            for event in events
            for piece in event["evidence"]
        ]
        examples += _document_examples(text, spans, name, f"{name}:{entry['doc']}")
    return examples


def read_negatives(directory: Path, *, source: str = "negatives") -> list[Example]:
    """Every sentence of the texts in ``directory`` (documents without events) as "none"."""
    examples: list[Example] = []
    for path in sorted(directory.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for start, end in split_sentences(text):
            examples.append(Example(text[start:end], (), source, f"{source}:{path.name}"))
    return examples


def gold_files(corpus: Path) -> list[tuple[Path, Path]]:
    """(gold file, texts folder) pairs of a corpus folder: ``X.gold.jsonl`` beside ``X/``."""
    pairs = []
    for gold in sorted(corpus.glob("*.gold.jsonl")):
        texts = corpus / gold.name.removesuffix(".gold.jsonl")
        if texts.is_dir():
            pairs.append((gold, texts))
    return pairs


def read_corpus(corpus: Path) -> list[Example]:
    """Our labelled sentences: every gold file with evidence, then the negatives folder."""
    examples: list[Example] = []
    for gold, texts in gold_files(corpus):
        examples += read_gold(gold, texts)
    if (corpus / "negatives").is_dir():
        examples += read_negatives(corpus / "negatives")
    return examples


# --- helpers ---------------------------------------------------------------------------------


def _document_examples(
    text: str, evidence: list[tuple[int, int, str]], source: str, group: str
) -> Iterator[Example]:
    """The labelled sentences of one gold document (see read_gold)."""
    for index, (start, end) in enumerate(split_sentences(text)):
        types: list[str] = []
        touched = False
        for ev_start, ev_end, event_type in evidence:
            overlap = min(end, ev_end) - max(start, ev_start)
            if overlap <= 0:
                continue
            touched = True
            if overlap >= 0.5 * min(end - start, ev_end - ev_start):
                types.append(event_type)
        labels = combine(types)
        if labels:
            yield Example(text[start:end], labels, source, group)
        elif not touched and index > 0:
            yield Example(text[start:end], (), source, group)


def _examples(labels: dict[str, list[str]], groups: dict[str, str], source: str) -> list[Example]:
    """Examples from sentence -> labels, dropping the sentences that are left out."""
    examples = []
    for text, found in labels.items():
        combined = combine(found)
        if combined is not None and len(text) >= _MIN_CHARS:
            examples.append(Example(text, combined, source, groups[text]))
    return examples


def _field(value: Any) -> Any:
    """A WikiEvents field, stored either as JSON or as a Python literal string."""
    return ast.literal_eval(value) if isinstance(value, str) else value


_SPACE_BEFORE = re.compile(r" ([.,;:!?%)\]}'](?:\s|$)|n't|'s|'re|'ve|'ll|'d)")


def _detokenize(sentence: str) -> str:
    """GENEVA's space-separated tokens back to plain prose ("police , he said ." -> ...)."""
    text = sentence.replace("`` ", '"').replace(" ''", '"').replace("``", '"').replace("''", '"')
    text = _SPACE_BEFORE.sub(r"\1", text)
    return re.sub(r"([(\[{]) ", r"\1", text).strip()
