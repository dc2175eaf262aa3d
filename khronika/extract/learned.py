"""The learned event-type layer applied to a document's rule events (``khronika.learn``).

The rules find an event and its arguments; the typer reads the event's evidence sentence(s) in
the context of the whole document and gives each of our types (and "none") a calibrated
probability. Three things may follow, each switched by a threshold in ``ExtractionSettings``:

- *drop*: the typer is sure the sentence reports none of our events;
- *retype*: the typer is sure of another type and the event's parties fit it (a speaker only
  ever belongs to a statement); a subtype that does not belong to the new type is dropped, and an
  event whose new type the rules already found in the same sentence is left as it is (a sentence
  may report two happenings: a march and the arrests at it);
- *blend*: the event's confidence moves towards the typer's P(event), and an event that falls
  below ``min_confidence`` is dropped.

The rules' dates, places, parties, counts and evidence are never touched. Only the sentences
that hold an event's evidence are encoded, each distinct text once, and only when the rules
found an event in the document.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
from spacy.tokens import Doc

from khronika.extract.spacy_runner import DocRules
from khronika.learn import EventTyper, encoder
from khronika.learn.data import split_sentences
from khronika.learn.labels import NONE, TYPES
from khronika.learn.scorer import unit_mean
from khronika.model import EVENT_TYPES, Document, Event

# Roles only a statement has: who spoke or signed. An event with them is a statement, and a
# statement may become another type only when nobody in it speaks.
SPEECH_ROLES: Final = frozenset({"speaker", "signatory"})
# Roles a statement never has: who acted, took part or organised the act reported.
ACT_ROLES: Final = frozenset({"perpetrator", "participant", "organiser"})
NEVER: Final = 1.01  # a threshold no probability reaches: the step is off


@dataclass(frozen=True)
class Policy:
    """What the layer may do, with the probabilities it needs for each (NEVER = off)."""

    drop_none: float = NEVER  # drop an event when P(none) of its sentence reaches this
    retype: float = NEVER  # retype when P(another type) reaches this
    blend: float = 0.0  # weight of the typer's P(event) in the event's confidence
    min_confidence: float = 0.5  # events below are dropped (as the rules drop theirs)
    ceiling: float = 0.99  # no event is certain


@dataclass(frozen=True)
class EventScore:
    """The typer's reading of one event: its evidence sentences and their mean probabilities."""

    sentences: frozenset[int]
    probabilities: dict[str, float]

    @property
    def event_probability(self) -> float:
        """P(the sentences report one of our events)."""
        return 1.0 - self.probabilities[NONE]

    @property
    def top_type(self) -> str:
        """The most probable of our types."""
        return max(TYPES, key=lambda name: self.probabilities[name])


def evidence_sentences(text: str, event: Event, spans: Sequence[tuple[int, int]]) -> list[int]:
    """Indices of the sentences (``spans`` of ``text``) that hold each piece of evidence."""
    found: list[int] = []
    for piece in event.evidence:
        if text[piece.start : piece.end] != piece.text:
            continue  # evidence from another text: not this document's sentence
        overlaps = [min(end, piece.end) - max(start, piece.start) for start, end in spans]
        if overlaps and max(overlaps) > 0:
            found.append(int(np.argmax(overlaps)))
    return found


def score_events(
    typer: EventTyper, text: str, events: Sequence[Event], *, whole_document: bool = True
) -> list[EventScore | None]:
    """The typer's reading of each event (None when its evidence is in no sentence of ``text``).

    The document's gist (the context beside each sentence) is the mean of all its sentences, as
    in training, or with ``whole_document=False`` of the candidate sentences only: faster, since
    only they are encoded.
    """
    spans = split_sentences(text)
    rows = [evidence_sentences(text, event, spans) for event in events]
    needed = sorted({row for found in rows for row in found})
    if not needed:
        return [None] * len(events)
    if whole_document:
        every = encoder.encode([text[start:end] for start, end in spans])
        vectors, gist = every[needed], unit_mean(every)
    else:
        vectors = encode_once([text[slice(*spans[row])] for row in needed])
        gist = unit_mean(vectors)
    decisions = typer.type_vectors(vectors, np.broadcast_to(gist, vectors.shape))
    by_row = {row: d.probabilities for row, d in zip(needed, decisions, strict=True)}
    scores: list[EventScore | None] = []
    for found in rows:
        if not found:
            scores.append(None)
            continue
        mean = {name: float(np.mean([by_row[r][name] for r in found])) for name in by_row[found[0]]}
        scores.append(EventScore(frozenset(found), mean))
    return scores


def encode_once(sentences: Sequence[str]) -> np.ndarray:
    """The sentences' embeddings, each distinct text encoded once (a headline repeated as the
    body's first line, a quote given twice): one row per sentence, as ``encoder.encode``.
    """
    distinct = list(dict.fromkeys(sentences))
    if len(distinct) == len(sentences):
        return encoder.encode(sentences)
    row = {sentence: index for index, sentence in enumerate(distinct)}
    vectors: np.ndarray = encoder.encode(distinct)[[row[s] for s in sentences]]
    return vectors


def roles_fit(event: Event, new_type: str) -> bool:
    """Whether the event's parties can stand in an event of ``new_type``."""
    roles = {actor.role for actor in event.actors}
    if new_type == "statement":
        return not roles & ACT_ROLES
    return not roles & SPEECH_ROLES


def retyped(event: Event, new_type: str) -> Event:
    """The event as ``new_type``: its subtype kept only if it belongs there; a new id."""
    subtype = event.subtype if event.subtype in EVENT_TYPES[new_type] else None
    return dataclasses.replace(event, type=new_type, subtype=subtype, id="")


def revise(
    events: Sequence[Event], scores: Sequence[EventScore | None], policy: Policy
) -> list[Event]:
    """The events after the layer: some dropped, some retyped, confidences blended."""
    found = {(e.type, row) for e, s in zip(events, scores, strict=True) if s for row in s.sentences}
    kept: list[Event] = []
    for event, score in zip(events, scores, strict=True):
        if score is None:
            kept.append(event)
            continue
        if score.probabilities[NONE] >= policy.drop_none:
            continue
        new_type = score.top_type
        if (
            new_type != event.type
            and score.probabilities[new_type] >= policy.retype
            and roles_fit(event, new_type)
            and not any((new_type, row) in found for row in score.sentences)
        ):
            event = retyped(event, new_type)
        if policy.blend > 0.0:
            blended = (
                1.0 - policy.blend
            ) * event.confidence + policy.blend * score.event_probability
            if blended < policy.min_confidence:
                continue
            event = dataclasses.replace(event, confidence=round(min(blended, policy.ceiling), 4))
        kept.append(event)
    return kept


class LearnedTyping:
    """A language's rules with the learned layer applied to each document's events."""

    def __init__(
        self, rules: DocRules, typer: EventTyper, policy: Policy, *, whole_document: bool = True
    ) -> None:
        self.rules = rules
        self.typer = typer
        self.policy = policy
        self.whole_document = whole_document
        self._one_at_a_time = threading.Lock()

    @property
    def name(self) -> str:
        """The rules' name with the typer's artefact name."""
        return f"{self.rules.name}+{self.typer.manifest.get('name', 'learned')}"

    def events(self, doc: Doc, document: Document) -> list[Event]:
        """The rules' events of one parsed document, revised by the typer."""
        return self.revise(document, self.parsed_events(doc, document))

    def parsed_events(self, doc: Doc, document: Document) -> list[Event]:
        """The rules' events, before the typer reads them."""
        return self.rules.events(doc, document)

    def revise(self, document: Document, events: list[Event]) -> list[Event]:
        """The events as the typer revises them from the document's text.

        It needs no parse, so the runner calls it on its helper thread while the next document
        is parsed; one call at a time, as the encoder keeps a cache of its own.
        """
        if not events:
            return events
        with self._one_at_a_time:
            scores = score_events(
                self.typer, document.text, events, whole_document=self.whole_document
            )
        return revise(events, scores, self.policy)
