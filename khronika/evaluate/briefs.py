"""The briefs measure: the rules' top event type on short public news sentences they never saw.

    khronika eval --briefs ../shared/training
    python -m khronika.evaluate.briefs --training ../shared/training [--misses tune]

The rules were tuned on dev-en; held-out articles and short ACLED-style briefs read worse. This
measure takes the sentences of the public annotated sets (PLOVER's gold news sentences,
WikiEvents' documents, GENEVA's non-events), their labels mapped onto our 12 types by
``khronika.learn.labels``, runs the RULES ALONE on each sentence as a document of its own (the
learned layer trained on these sentences, so it is left off) and compares the type of the most
confident event, or "none" when there is no event, with the sentence's types. A sentence with
several types is right when the top type is one of them.

A fixed hash of the sentence's text cuts the sentences into a **tune** half and a **report**
half: rules are tuned by reading the tune half's misses only, and the report half says whether
what was learned there holds on sentences nobody read.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from khronika.extract import extractor_for
from khronika.learn.data import Example, read_training
from khronika.learn.labels import NONE
from khronika.model import Document, Event
from khronika.settings import ExtractionSettings, Settings

HALVES: Final = ("tune", "report")


def half_of(text: str) -> str:
    """The half a sentence belongs to: a stable hash of its text, the same on every machine."""
    return HALVES[zlib.crc32(text.encode("utf-8")) % 2]


@dataclass(frozen=True)
class Reading:
    """One sentence: its gold types (() for none), the rules' top type, and its source and half."""

    text: str
    gold: tuple[str, ...]
    predicted: str
    source: str
    half: str

    @property
    def right(self) -> bool:
        """The top type is one of the sentence's types, or both say "none"."""
        if not self.gold:
            return self.predicted == NONE
        return self.predicted in self.gold


def top_type(events: Sequence[Event]) -> str:
    """The most confident event's type (the first in the text on a tie), or "none"."""
    if not events:
        return NONE
    best = max(events, key=lambda e: (e.confidence, -e.evidence[0].start if e.evidence else 0))
    return best.type


def rules_only() -> Settings:
    """The settings from the environment with the learned layer off."""
    settings = Settings.from_env()
    extraction: ExtractionSettings = settings.extraction.model_copy(
        update={"learned_typing": False}
    )
    return settings.model_copy(update={"extraction": extraction})


def read(examples: Sequence[Example], settings: Settings | None = None) -> list[Reading]:
    """Each example's reading by the English rules, one sentence per document."""
    extractor = extractor_for("en", settings or rules_only())
    documents = [_document(index, example.text) for index, example in enumerate(examples)]
    readings: list[Reading] = []
    for document, found in extractor.extract(documents):
        example = examples[int(document.name)]
        predicted = "error" if isinstance(found, Exception) else top_type(found)
        readings.append(
            Reading(example.text, example.labels, predicted, example.source, half_of(example.text))
        )
    return readings


def _document(index: int, text: str) -> Document:
    raw = text.encode("utf-8")
    return Document(
        name=str(index), text=text, sha256=hashlib.sha256(raw).hexdigest(), language="en"
    )


@dataclass
class Tally:
    """Right and total sentences, overall and by gold type ("none" included)."""

    right: int = 0
    total: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    by_type_right: Counter[str] = field(default_factory=Counter)

    @property
    def accuracy(self) -> float:
        """The share of sentences whose top type is right."""
        return self.right / self.total if self.total else 0.0

    def add(self, reading: Reading) -> None:
        """Count one reading under each of its gold types."""
        self.total += 1
        self.right += reading.right
        for name in reading.gold or (NONE,):
            self.by_type[name] += 1
            self.by_type_right[name] += reading.right


EVENTS: Final = "events"  # the sentences with one of our types
NONES: Final = "no events"  # the sentences with none: a top type there is a false event


def tally(readings: Iterable[Reading]) -> dict[tuple[str, str], Tally]:
    """Tallies keyed by (half, source), with "all" for either; EVENTS and NONES as sources too."""
    out: dict[tuple[str, str], Tally] = {}
    for reading in readings:
        kind = EVENTS if reading.gold else NONES
        for half in (reading.half, "all"):
            for source in (reading.source, kind, "all"):
                out.setdefault((half, source), Tally()).add(reading)
    return out


def render(readings: Sequence[Reading]) -> str:
    """The figures as text: top-type accuracy by half and source, then by gold type."""
    tallies = tally(readings)
    named = sorted({key[1] for key in tallies} - {"all", EVENTS, NONES})
    sources = [*named, EVENTS, NONES, "all"]
    halves = [*HALVES, "all"]
    lines = ["top-type accuracy, rules only (right / sentences)", f"{'source':<12}"]
    lines[-1] += "".join(f"{half:>20}" for half in halves)
    for source in sources:
        cells = []
        for half in halves:
            t = tallies.get((half, source), Tally())
            cells.append(f"{t.accuracy:>7.3f} ({t.right:>4}/{t.total:>4})")
        lines.append(f"{source:<12}" + "".join(f"{c:>20}" for c in cells))
    lines += ["", "by gold type (right / sentences)", f"{'type':<14}"]
    lines[-1] += "".join(f"{half:>14}" for half in halves)
    everything = tallies.get(("all", "all"), Tally())
    for name in sorted(everything.by_type, key=lambda n: -everything.by_type[n]):
        cells = []
        for half in halves:
            t = tallies.get((half, "all"), Tally())
            cells.append(f"{t.by_type_right[name]:>5} / {t.by_type[name]:<5}")
        lines.append(f"{name:<14}" + "".join(f"{c:>14}" for c in cells))
    return "\n".join(lines)


def misses(readings: Iterable[Reading], half: str) -> str:
    """Every wrong reading of one half, one per line: gold types, predicted type, text."""
    return "\n".join(
        f"{'/'.join(r.gold) or NONE:<22} got {r.predicted:<13} [{r.source}] {r.text}"
        for r in readings
        if r.half == half and not r.right
    )


def run(training: Path) -> list[Reading]:
    """Read every sentence of the public sets under ``training`` with the rules alone."""
    examples = read_training(training)
    if not examples:
        raise FileNotFoundError(f"{training}: no plover/, wikievents/ or geneva/ files found")
    return read(examples)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: print the briefs figures (and one half's misses when asked)."""
    parser = argparse.ArgumentParser(
        prog="python -m khronika.evaluate.briefs", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--training", type=Path, required=True, help="folder of the public sets")
    parser.add_argument("--misses", choices=HALVES, help="also list this half's wrong readings")
    args = parser.parse_args(argv)
    try:
        readings = run(args.training)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(render(readings))
    if args.misses:
        print()
        print(misses(readings, args.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
