"""The training command: a tiny invented corpus in, a reproducible artefact and figures out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from khronika.learn import EventTyper
from khronika.learn.artefact import ARTEFACT_NAME, sha256_file
from khronika.learn.train import build, main, render

pytestmark = pytest.mark.model

_PROTESTS = [
    "Hundreds of teachers rallied outside the ministry on Monday.",
    "Farmers marched through the town demanding fair prices.",
    "Nurses went on strike over unpaid wages.",
    "Students staged a sit-in at the university.",
    "Residents picketed the city hall against the new landfill.",
]
_DETENTIONS = [
    "Police detained Irina Volkova at the rally.",
    "Officers arrested twelve demonstrators near the square.",
    "Marat Seitkali was taken into custody on Friday.",
    "Security agents detained two journalists at the airport.",
    "Dana Ospan was arrested at her home.",
]
_CALM = [
    "The weather stayed sunny all week.",
    "The museum opened a new exhibition of paintings.",
    "The football club signed a new striker.",
]


def _training(root: Path) -> Path:
    """A PLOVER-shaped file of invented sentences."""
    folder = root / "training" / "plover"
    folder.mkdir(parents=True)
    records = [
        {
            "id": "P-1",
            "event": "PROTEST",
            "mode": "demo-org",
            "text": "Thousands protested in the capital.",
        },
        {
            "id": "P-2",
            "event": "COERCE",
            "mode": "arrest",
            "text": "Police arrested the opposition leader.",
        },
        {"id": "P-3", "event": "AGREE", "text": "The two countries agreed to expand trade."},
    ]
    (folder / "PLOVER_GSR_CAMEO.txt").write_text(json.dumps(records), encoding="utf-8")
    return root / "training"


def _corpus(root: Path) -> Path:
    """Five gold documents (a protest and a detention each) and two negatives."""
    corpus = root / "corpus"
    (corpus / "dev-xx").mkdir(parents=True)
    lines = []
    for number, (protest, detention) in enumerate(zip(_PROTESTS, _DETENTIONS, strict=True)):
        text = f"Title {number}\n{protest} {_CALM[number % 3]} {detention}"
        name = f"{number:03}.txt"
        (corpus / "dev-xx" / name).write_text(text, encoding="utf-8")
        events = [
            {"type": kind, "evidence": [{"start": text.index(s), "end": text.index(s) + len(s)}]}
            for kind, s in (("protest", protest), ("detention", detention))
        ]
        lines.append(json.dumps({"doc": name, "events": events}))
    (corpus / "dev-xx.gold.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (corpus / "negatives").mkdir()
    for number in range(2):
        (corpus / "negatives" / f"n{number}.txt").write_text(
            "Markets calm\nShares rose slightly. The harvest was good.", encoding="utf-8"
        )
    return corpus


def test_build_writes_a_reproducible_artefact_with_its_manifest(tmp_path: Path) -> None:
    training, corpus = _training(tmp_path), _corpus(tmp_path)
    manifest = build(training, corpus, tmp_path / "a")
    again = build(training, corpus, tmp_path / "b")
    first = tmp_path / "a" / f"{ARTEFACT_NAME}.npz"
    assert sha256_file(first) == sha256_file(tmp_path / "b" / f"{ARTEFACT_NAME}.npz")
    assert manifest == again
    assert manifest["artefact"]["sha256"] == sha256_file(first)
    paths = {entry["path"]: entry["sha256"] for entry in manifest["data"]}
    assert paths["training/plover/PLOVER_GSR_CAMEO.txt"] == sha256_file(
        training / "plover" / "PLOVER_GSR_CAMEO.txt"
    )
    assert {"corpus/dev-xx.gold.jsonl", "corpus/dev-xx/", "corpus/negatives/"} <= set(paths)
    assert manifest["examples"]["dev-xx"] == {"events": 10, "none": 5}
    assert manifest["cross_validation"]["sets"]["dev-xx"]["event_sentences"] == 10
    assert EventTyper.load(tmp_path / "a").manifest == manifest
    assert "dev-xx" in render(manifest)


def test_the_command_prints_the_cross_validated_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _corpus(tmp_path)
    assert main(["--corpus", str(corpus), "--out", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    assert "cross-validation by document" in printed
    assert "negatives" in printed
    assert (tmp_path / "out" / f"{ARTEFACT_NAME}.json").is_file()


def test_a_training_folder_without_any_set_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--training", str(tmp_path), "--corpus", str(_corpus(tmp_path))])
    assert stop.value.code == 2
