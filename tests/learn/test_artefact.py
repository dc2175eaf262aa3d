"""The shipped artefact: its manifest matches its file, and it types plain cases."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from khronika.learn import EventTyper, shipped
from khronika.learn.artefact import ARTEFACT_NAME, ARTEFACTS, sha256_file, sha256_folder
from khronika.learn.encoder import DIMENSIONS, encoder_version
from khronika.learn.labels import CLASSES, LABEL_MAPPING_VERSION


def _manifest() -> dict:
    return json.loads((ARTEFACTS / f"{ARTEFACT_NAME}.json").read_text(encoding="utf-8"))


def test_the_manifest_describes_the_shipped_file() -> None:
    manifest = _manifest()
    assert manifest["artefact"]["sha256"] == sha256_file(ARTEFACTS / f"{ARTEFACT_NAME}.npz")
    assert manifest["label_mapping"] == LABEL_MAPPING_VERSION
    assert manifest["classes"] == list(CLASSES)
    assert manifest["encoder"]["version"] == encoder_version()
    paths = [entry["path"] for entry in manifest["data"]]
    assert "training/plover/PLOVER_GSR_CAMEO.txt" in paths
    assert "corpus/dev-en.gold.jsonl" in paths
    assert all(len(entry["sha256"]) == 64 for entry in manifest["data"])


def test_the_manifest_reports_cross_validated_figures() -> None:
    report = _manifest()["cross_validation"]
    assert 0.0 < report["sets"]["dev-en"]["top_type_accuracy"] <= 1.0
    assert report["negatives_false_event_rate"] < 0.2
    assert set(report["per_type"]) == set(CLASSES[:-1])


def test_the_shipped_artefact_loads_with_its_threshold() -> None:
    typer = EventTyper.load()
    assert typer.scorer.threshold == _manifest()["threshold"]
    assert typer.scorer.weights.shape == (2 * DIMENSIONS, len(CLASSES))


def test_a_changed_artefact_is_refused(tmp_path: Path) -> None:
    for suffix in (".npz", ".json"):
        shutil.copy(ARTEFACTS / f"{ARTEFACT_NAME}{suffix}", tmp_path / f"{ARTEFACT_NAME}{suffix}")
    with (tmp_path / f"{ARTEFACT_NAME}.npz").open("ab") as handle:
        handle.write(b"\0")
    with pytest.raises(ValueError, match="digest"):
        EventTyper.load(tmp_path)


def test_a_folder_digest_changes_with_any_text(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("one", encoding="utf-8")
    before = sha256_folder(tmp_path)
    (tmp_path / "a.txt").write_text("two", encoding="utf-8")
    assert sha256_folder(tmp_path) != before


@pytest.mark.model
def test_the_shipped_typer_types_plain_cases() -> None:
    decisions = shipped().type_sentences(
        [
            "Police detained dozens of protesters, including Marat Seitkali, on Saturday.",
            "Hundreds of people rallied in the city centre on Sunday.",
            "A court in Oral sentenced Dana Ospan to five years in prison.",
            "Полиция задержала десятки участников акции.",
            "The central bank kept its interest rate unchanged at 9 per cent.",
        ]
    )
    assert [d.type for d in decisions] == [
        "detention",
        "protest",
        "legal_action",
        "detention",
        "none",
    ]
    assert all(0.0 <= d.confidence <= 1.0 for d in decisions)
    assert decisions[-1].event_probability < 0.1


_SHARED = Path(__file__).resolve().parents[3] / "shared"


@pytest.mark.skipif(not (_SHARED / "training").is_dir(), reason="no ../shared beside the clone")
def test_the_shipped_artefact_was_trained_on_the_current_data() -> None:
    for entry in _manifest()["data"]:
        path = _SHARED / entry["path"]
        digest = sha256_folder(path) if entry["path"].endswith("/") else sha256_file(path)
        assert digest == entry["sha256"], f"{entry['path']} changed: rerun khronika.learn.train"


@pytest.mark.model
def test_a_sentence_is_typed_in_the_light_of_its_document() -> None:
    report = (
        "Protest in Oral\n"
        "Hundreds of people rallied against the new land law on Saturday. "
        "Police detained Aigerim Tulegenova and four other protesters. "
        "The weather was cold."
    )
    sentence = "Police detained Aigerim Tulegenova and four other protesters."
    typed = shipped().type_sentences([sentence], document=report)
    assert [d.type for d in typed] == ["detention"]
    assert shipped().type_sentences([], document=report) == []
