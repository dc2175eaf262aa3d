"""The pinned quality gate: extraction on the seeds, dev-en, dev-ru and negatives must not get worse.

Pins sit just under the figures measured when they were last raised (see docs/quality.md);
raise them when extraction improves. Each pin is tied to the SHA-256 of the gold and metadata
files it was measured on: when a gold set grows or changes, the digest test fails and says to
re-measure and re-pin, instead of the figures failing (or passing) for a reason nobody sees.
The corpus lives beside the checkout in ../shared, as on every developer's machine and in CI;
its absence is a failure, not a skip.

The learned typing layer's typer learned from dev-en, dev-ru and the negatives, so there the gate
measures the rules alone (the layer is scored by cross-validation: docs/learned-typing.md); the
seeds, which it never saw, are measured as a user runs khronika, with the layer on.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import NamedTuple

import pytest

from khronika.evaluate.runner import evaluate, extract_corpus
from khronika.settings import ExtractionSettings, Settings


class Gate(NamedTuple):
    gold: str
    folder: str
    meta: str | None
    event_pin: float
    strict_pin: float
    digests: dict[str, str]  # file name -> SHA-256 of the file the pins were measured on
    rules_only: bool = False  # the learned typer trained on this set: measure the rules alone


GATES = {
    # measured 2026-12-04 with the learned layer (which never saw them): 0.842 / 0.737
    "seeds": Gate(
        "seeds.gold.jsonl",
        "seeds",
        None,
        0.83,
        0.72,
        {"seeds.gold.jsonl": "207ffbf8f99e545ffbcc5ac437f742658471a94eff2b978f3df4160c75b947fd"},
    ),
    # measured 2026-12-04, rules alone (32 texts, 190 events), triggers-en-v4: 0.804 / 0.601,
    # in one run of several 0.801 / 0.597 (issue 9's targets are 0.80 / 0.55: the event pin is
    # the target itself).
    "dev-en": Gate(
        "dev-en.gold.jsonl",
        "dev-en",
        "dev-en.meta.jsonl",
        0.80,
        0.59,
        {
            "dev-en.gold.jsonl": "3eb77b75bd016aab59d93d0fedfb16d9f830362f9437fd9cd82023b649a28df1",
            "dev-en.meta.jsonl": "407682ecc087487c4ac41c10c1332587c187f15ffaef267d568deead737a6647",
        },
        rules_only=True,
    ),
    # measured 2026-12-04, the Russian extractor (21 texts, 88 events): 0.848 / 0.679.
    "dev-ru": Gate(
        "dev-ru.gold.jsonl",
        "dev-ru",
        "dev-ru.meta.jsonl",
        0.835,
        0.665,
        {
            "dev-ru.gold.jsonl": "8483961f8839d4f900303b7abc9f396be622424091b756e69336c3f982340e1c",
            "dev-ru.meta.jsonl": "18f63c2d2ad10a454e682e721ed8cb935a2b0247beb435900d39c098e013381b",
        },
        rules_only=True,
    ),
}

# The 90 texts without events of our types (business, sport, weather, culture, tricky words):
# measured 2026-12-04, rules alone and with the learned layer: 0 events.
NEGATIVES_PIN = 0
NEGATIVES_DIGESTS = {
    "negatives.meta.jsonl": "c7599b43b15450044f6fd103368a4ccaf89b5c39bc85dcc94132031ceba69972",
    "negatives/": "3a2369346c9b9ef6c85c1a514a846dcfc1d607fe10e4e5bd2a9a565de8f67acf",
}


def _settings(rules_only: bool) -> Settings:
    if rules_only:
        return Settings(extraction=ExtractionSettings(learned_typing=False))
    return Settings()


def _sha256(path: Path) -> str:
    """The file's SHA-256; for a folder, that of its files' names and digests in name order."""
    if path.is_dir():
        listing = "".join(f"{f.name} {_sha256(f)}\n" for f in sorted(path.iterdir()))
        return hashlib.sha256(listing.encode()).hexdigest()
    if not path.is_file():
        pytest.fail(
            f"the gate's corpus file is missing: {path} (shared/corpus beside the checkout)"
        )
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", sorted(GATES))
def test_pins_were_measured_on_these_gold_files(name: str, shared_corpus: Path) -> None:
    for file_name, digest in GATES[name].digests.items():
        assert _sha256(shared_corpus / file_name) == digest, (
            f"{file_name} changed since the {name} pins were measured: "
            "re-measure with `khronika eval` and re-pin (docs/quality.md)"
        )


@pytest.mark.model
@pytest.mark.parametrize("name", sorted(GATES))
def test_gate_figures_do_not_drop(name: str, shared_corpus: Path) -> None:
    gate = GATES[name]
    run = evaluate(
        shared_corpus / gate.gold,
        shared_corpus / gate.folder,
        meta=shared_corpus / gate.meta if gate.meta else None,
        settings=_settings(gate.rules_only),
    )

    assert not run.report.errors
    assert run.scores.events.f1 >= gate.event_pin, (
        f"{name}: event F1 {run.scores.events.f1:.3f} < {gate.event_pin}"
    )
    assert run.scores.strict.f1 >= gate.strict_pin, (
        f"{name}: strict F1 {run.scores.strict.f1:.3f} < {gate.strict_pin}"
    )
    assert run.scores.evidence is not None
    assert run.scores.evidence.value == 1.0, "every evidence quote equals the text at its offsets"


def test_negatives_pins_were_measured_on_these_texts(shared_corpus: Path) -> None:
    for name, digest in NEGATIVES_DIGESTS.items():
        assert _sha256(shared_corpus / name) == digest, (
            f"{name} changed since the negatives pin was measured: re-measure with "
            "`khronika eval --negatives --rules-only` and re-pin (docs/quality.md)"
        )


@pytest.mark.model
def test_texts_without_events_stay_without_events(shared_corpus: Path) -> None:
    run = extract_corpus(
        shared_corpus / "negatives",
        meta=shared_corpus / "negatives.meta.jsonl",
        settings=_settings(rules_only=True),
    )

    assert not run.report.errors
    found = {doc: len(events) for doc, events in run.predicted.items() if events}
    assert sum(found.values()) <= NEGATIVES_PIN, f"events on texts without events: {found}"
