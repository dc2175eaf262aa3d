"""Names and metadata from the browser: the client names a file, never its place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from khronika.ingest import load_metadata
from khronika.web.errors import Invalid
from khronika.web.uploads import meta_values, pasted_name, safe_name, write_meta


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("report.txt", "report.txt"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\dana\\Отчёт о пикете.PDF", "Отчёт-о-пикете.pdf"),
        (".bashrc", "bashrc"),
        ("...", "upload"),
        ("", "upload"),
        ("line\nbreak\x00.md", "linebreak.md"),
        ("a" * 300 + ".html", "a" * 95 + ".html"),
    ],
)
def test_a_name_is_cut_to_a_safe_last_part(given: str, expected: str) -> None:
    assert safe_name(given, set()) == expected


def test_names_in_one_batch_are_made_unique() -> None:
    taken: set[str] = set()
    assert [safe_name("a.txt", taken) for _ in range(3)] == ["a.txt", "a-2.txt", "a-3.txt"]


def test_pasted_text_is_named_by_its_title_and_hash() -> None:
    name = pasted_name("Police detained Dana Ospan.", "Teacher detained: Pavlodar", set())
    assert name.startswith("teacher-detained-pavlodar-") and name.endswith(".txt")
    assert pasted_name("Police detained Dana Ospan.", None, set()).startswith("pasted-")
    assert name == pasted_name("Police detained Dana Ospan.", "Teacher detained: Pavlodar", set())


def test_the_metadata_file_is_read_by_the_clis_own_reader(tmp_path: Path) -> None:
    values = meta_values(
        {"published": "2025-05-12", "title": " Picket ", "language": "EN", "outlet": "", "x": "y"}
    )
    assert values == {"published": "2025-05-12", "title": "Picket", "language": "en"}
    write_meta(tmp_path / "meta.jsonl", {"a.txt": values})
    meta, problems = load_metadata(tmp_path / "meta.jsonl")
    assert problems == []
    assert meta["a.txt"].title == "Picket" and meta["a.txt"].published is not None
    assert json.loads((tmp_path / "meta.jsonl").read_text())["doc"] == "a.txt"


def test_only_a_web_address_is_a_source_address() -> None:
    assert meta_values({"address": "https://birch.example/a?b=1"})["address"].startswith("https")
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "https://", "http://a b.example/"):
        with pytest.raises(Invalid):
            meta_values({"address": bad})
