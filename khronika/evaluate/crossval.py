"""The learned layer's effect on extraction, measured by cross-validation across documents.

    python -m khronika.evaluate.crossval --training ../shared/training --corpus ../shared/corpus

The shipped typer was trained on the dev gold and the negatives, so scoring extraction on them
with it would measure it on its own training data. Here every document of our corpus (dev-en,
dev-ru, negatives) falls into one of K folds; for each fold a typer is trained by the shipped
recipe (``khronika.learn.train.train_scorer``: public sets, type descriptions, our corpus)
WITHOUT that fold's documents, and it alone reads that fold's dev-en documents and negatives.
The rules run once with the layer off; the layer is a function of their events, so each policy
(drop / retype / blend thresholds) is applied to the same out-of-fold readings and scored with
the ordinary scorer (``evaluate.scoring.score``).

Choosing a policy by these figures would select on the test documents; so the report adds a
nested figure: for each fold, the policy that does best on the OTHER folds' documents is applied
to this fold's, and the results are summed.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from khronika.evaluate.runner import extract_corpus
from khronika.evaluate.scoring import GoldDocument, Scores, load_gold, score
from khronika.extract.learned import NEVER, EventScore, Policy, revise, score_events
from khronika.learn import EventTyper, encoder
from khronika.learn.crossval import PUBLIC_SOURCES
from khronika.learn.data import Example
from khronika.learn.train import read_examples, train_scorer
from khronika.model import Event
from khronika.settings import ExtractionSettings, Settings

FOLDS = 5
SEED = 1  # not the typer's inner seed (0): the outer folds cut the corpus differently
DROP_GRID = (NEVER, 0.9, 0.8, 0.7, 0.6, 0.5)
RETYPE_GRID = (NEVER, 0.8, 0.7, 0.6, 0.5)
BLEND_GRID = (0.0, 0.25, 0.5)


@dataclass
class Read:
    """One document: its text, the rules' events, the fold it is tested in, the typer's reading."""

    text: str
    events: list[Event]
    fold: int
    scores: list[EventScore | None]


def fold_of(group: str, folds: int, seed: int) -> int:
    """A document's fold: a stable hash of its name (dev-en:X, negatives:Y) and the seed."""
    return zlib.crc32(f"{seed}:{group}".encode()) % folds


def extract(
    corpus: Path, meta: Path | None, settings: Settings
) -> dict[str, tuple[str, list[Event]]]:
    """Each document's text and rule events, through the ordinary ingest path (layer off)."""
    found = extract_corpus(corpus, meta=meta, settings=settings)
    return {name: (found.texts[name], events) for name, events in found.events.items()}


def training_mask(examples: Sequence[Example], number: int, folds: int) -> np.ndarray:
    """The examples fold ``number``'s typer learns from: public ones, and ours of other folds."""
    return np.array(
        [e.source in PUBLIC_SOURCES or fold_of(e.group, folds, SEED) != number for e in examples]
    )


def read_folds(
    reads: Mapping[str, Read],
    training: Path | None,
    corpus: Path,
    folds: int,
    *,
    whole_document: bool = True,
) -> None:
    """Fill each document's out-of-fold reading: a typer trained without its fold reads it."""
    examples = read_examples(training, corpus)
    vectors = encoder.encode([e.text for e in examples]).astype(np.float64)
    for number in range(folds):
        train = training_mask(examples, number, folds)
        kept = [e for e, t in zip(examples, train, strict=True) if t]
        scorer, _ = train_scorer(kept, vectors[train])
        typer = EventTyper(scorer, {"name": f"fold-{number}"})
        for read in reads.values():
            if read.fold == number and read.events:
                read.scores = score_events(
                    typer, read.text, read.events, whole_document=whole_document
                )


def predicted(reads: Mapping[str, Read], policy: Policy) -> dict[str, list[Event]]:
    """Each document's events after the layer with ``policy``."""
    return {name: revise(r.events, r.scores, policy) for name, r in reads.items()}


@dataclass(frozen=True)
class Row:
    """One policy's figures: dev-en scores and events on the negatives."""

    label: str
    scores: Scores
    negatives: int


def measure(
    label: str,
    gold: Sequence[GoldDocument],
    dev: Mapping[str, list[Event]],
    negatives: Mapping[str, list[Event]],
    texts: Mapping[str, str],
) -> Row:
    """Score dev-en predictions with the ordinary scorer; count events on the negatives."""
    as_dicts = {name: [e.to_dict() for e in events] for name, events in dev.items()}
    found = sum(len(events) for events in negatives.values())
    return Row(label, score(gold, as_dicts, texts=texts), found)


def policies(min_confidence: float, ceiling: float) -> Iterable[Policy]:
    """Every policy of the grid."""
    for drop, retype, blend in itertools.product(DROP_GRID, RETYPE_GRID, BLEND_GRID):
        yield Policy(drop, retype, blend, min_confidence, ceiling)


def describe(policy: Policy) -> str:
    """A policy in a few words."""
    parts = []
    if policy.drop_none < NEVER:
        parts.append(f"drop P(none)>={policy.drop_none}")
    if policy.retype < NEVER:
        parts.append(f"retype P>={policy.retype}")
    if policy.blend > 0:
        parts.append(f"blend {policy.blend}")
    return ", ".join(parts) or "layer off"


def acceptable(row: Row, off: Row) -> bool:
    """The decision rule: strict F1 not lower and no more events on the negatives than off."""
    return row.scores.strict.f1 >= off.scores.strict.f1 and row.negatives <= off.negatives


def nested(ready: Prepared, grid: Sequence[Policy], folds: int) -> tuple[Row, list[str]]:
    """Per fold, the best acceptable policy on the other folds' documents, applied to this fold."""
    chosen: dict[int, Policy] = {}
    for number in range(folds):
        others = {n: r for n, r in ready.dev.items() if r.fold != number}
        other_negs = {n: r for n, r in ready.negatives.items() if r.fold != number}
        other_gold = [g for g in ready.gold if g.doc in others]
        rows = [ready.measure(p, None, others, other_negs, other_gold) for p in grid]
        best = max(
            range(len(grid)),
            key=lambda i: (
                acceptable(rows[i], rows[0]),
                rows[i].scores.events.f1,
                rows[i].scores.strict.f1,
            ),
        )
        chosen[number] = grid[best]
    dev = {n: revise(r.events, r.scores, chosen[r.fold]) for n, r in ready.dev.items()}
    negs = {n: revise(r.events, r.scores, chosen[r.fold]) for n, r in ready.negatives.items()}
    texts = {n: r.text for n, r in ready.dev.items()}
    row = measure("nested: best on the other folds", ready.gold, dev, negs, texts)
    return row, [f"fold {n}: {describe(p)}" for n, p in sorted(chosen.items())]


def render(rows: Sequence[Row]) -> str:
    """The figures as a plain-text table."""
    lines = [f"{'policy':<44}{'event P/R/F1':>20}{'strict P/R/F1':>20}{'negatives':>11}"]
    for row in rows:
        e, s = row.scores.events, row.scores.strict
        lines.append(
            f"{row.label:<44}{e.precision:>8.3f}{e.recall:>6.3f}{e.f1:>6.3f}"
            f"{s.precision:>8.3f}{s.recall:>6.3f}{s.f1:>6.3f}{row.negatives:>11}"
        )
    return "\n".join(lines)


@dataclass(frozen=True)
class Prepared:
    """dev-en's gold, and the dev-en documents and negatives with their out-of-fold readings."""

    gold: list[GoldDocument]
    dev: dict[str, Read]
    negatives: dict[str, Read]
    settings: Settings

    def measure(
        self,
        policy: Policy,
        label: str | None = None,
        dev: Mapping[str, Read] | None = None,
        negatives: Mapping[str, Read] | None = None,
        gold: Sequence[GoldDocument] | None = None,
    ) -> Row:
        """One policy's figures, on all documents or on the ones given."""
        dev = self.dev if dev is None else dev
        negatives = self.negatives if negatives is None else negatives
        texts = {n: r.text for n, r in dev.items()}
        return measure(
            label or describe(policy),
            self.gold if gold is None else gold,
            predicted(dev, policy),
            predicted(negatives, policy),
            texts,
        )


def prepare(
    training: Path | None, corpus: Path, folds: int = FOLDS, *, whole_document: bool = True
) -> Prepared:
    """Extract dev-en and the negatives with the rules alone, then read them fold by fold."""
    settings = Settings.from_env(extraction=ExtractionSettings(learned_typing=False))
    gold = load_gold(corpus / "dev-en.gold.jsonl")
    reads: dict[str, dict[str, Read]] = {}
    for folder in ("dev-en", "negatives"):
        meta = corpus / f"{folder}.meta.jsonl"
        found = extract(corpus / folder, meta if meta.exists() else None, settings)
        reads[folder] = {
            name: Read(text, events, fold_of(f"{folder}:{name}", folds, SEED), [None] * len(events))
            for name, (text, events) in found.items()
        }
    everything = {f"{f}:{n}": r for f, by_name in reads.items() for n, r in by_name.items()}
    with threadpool_limits(limits=1):
        read_folds(everything, training, corpus, folds, whole_document=whole_document)
    return Prepared(gold, reads["dev-en"], reads["negatives"], settings)


def run(
    training: Path | None, corpus: Path, folds: int = FOLDS, *, whole_document: bool = True
) -> str:
    """The whole evaluation: the report as text."""
    from khronika.extract.en import learned_policy

    ready = prepare(training, corpus, folds, whole_document=whole_document)
    settings = ready.settings
    grid = list(policies(settings.min_confidence, settings.extraction.ceiling))
    rows = [ready.measure(p) for p in grid]
    off = rows[0]
    singles = [
        r
        for r, p in zip(rows, grid, strict=True)
        if sum([p.drop_none < NEVER, p.retype < NEVER, p.blend > 0]) == 1
    ]
    good = sorted((r for r in rows if acceptable(r, off)), key=lambda r: -r.scores.events.f1)[:8]
    honest, chosen = nested(ready, grid, folds)
    default = ready.measure(learned_policy(Settings()), "the settings' defaults")
    parts = [
        f"dev-en ({len(ready.dev)} documents) and negatives ({len(ready.negatives)}), "
        f"{folds} folds by document, context: "
        f"{'the whole document' if whole_document else 'the candidate sentences'}",
        "",
        "each knob alone:",
        render([off, *singles]),
        "",
        "best policies that keep strict F1 and the negatives (selected on these figures):",
        render(good),
        "",
        "policy chosen on the other folds, applied to each fold (the honest figure):",
        render([off, honest]),
        *chosen,
        "",
        f"the settings' defaults ({describe(learned_policy(Settings()))}):",
        render([off, default]),
    ]
    return "\n".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: print the cross-validated figures of the learned layer."""
    parser = argparse.ArgumentParser(
        prog="python -m khronika.evaluate.crossval", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--training", type=Path, default=None, help="folder of the public sets")
    parser.add_argument("--corpus", type=Path, required=True, help="folder of dev-en, negatives")
    parser.add_argument("--folds", type=int, default=FOLDS, help="folds by document")
    parser.add_argument(
        "--candidates-context",
        action="store_true",
        help="the document's gist from the candidate sentences only (faster)",
    )
    args = parser.parse_args(argv)
    print(run(args.training, args.corpus, args.folds, whole_document=not args.candidates_context))
    return 0


if __name__ == "__main__":
    sys.exit(main())
