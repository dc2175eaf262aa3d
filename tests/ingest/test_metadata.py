"""load_metadata: JSON Lines describing documents; bad lines are reported, not fatal."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from khronika.errors import MetadataError
from khronika.ingest import DocMeta, load_metadata
from khronika.ingest.metadata import parse_line


def _write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_load_metadata_reads_every_field_and_ignores_unknown_keys(tmp_path: Path) -> None:
    line = {
        "doc": "rally.html",
        "published": "2024-03-05",
        "title": "Rally in the square",
        "language": "EN",
        "address": "https://example.org/rally",
        "outlet": "Example Daily",
        "reviewer": "someone",
    }
    path = _write_lines(tmp_path / "meta.jsonl", [json.dumps(line)])

    metas, errors = load_metadata(path)

    assert errors == []
    assert metas == {
        "rally.html": DocMeta(
            doc="rally.html",
            published=date(2024, 3, 5),
            title="Rally in the square",
            language="en",
            address="https://example.org/rally",
            outlet="Example Daily",
        )
    }


def test_load_metadata_reports_malformed_lines_and_keeps_reading(tmp_path: Path) -> None:
    path = _write_lines(
        tmp_path / "meta.jsonl",
        [
            '{"doc": "one.txt", "published": null}',
            "{not json",
            "",
            '["a list", "not an object"]',
            '{"title": "no doc key"}',
            '{"doc": "bad-date.txt", "published": "05/03/2024"}',
            '{"doc": "no-such-day.txt", "published": "2024-02-30"}',
            '{"doc": "two.txt", "title": "Second"}',
        ],
    )

    metas, errors = load_metadata(path)

    assert sorted(metas) == ["one.txt", "two.txt"]
    assert metas["two.txt"].title == "Second"
    assert [e.line for e in errors] == [2, 4, 5, 6, 7]
    assert all(e.source == str(path) for e in errors)
    assert "not valid JSON" in errors[0].reason
    assert "expected a JSON object" in errors[1].reason
    assert '"doc"' in errors[2].reason
    assert "YYYY-MM-DD" in errors[3].reason


def test_load_metadata_flags_a_second_line_for_the_same_doc(tmp_path: Path) -> None:
    path = _write_lines(
        tmp_path / "meta.jsonl",
        ['{"doc": "a.txt", "title": "First"}', '{"doc": "a.txt", "title": "Again"}'],
    )

    metas, errors = load_metadata(path)

    assert metas["a.txt"].title == "First"
    assert [(e.line, "duplicate" in e.reason) for e in errors] == [(2, True)]


def test_load_metadata_turns_empty_strings_into_none(tmp_path: Path) -> None:
    path = _write_lines(tmp_path / "m.jsonl", ['{"doc": "a.txt", "title": "", "published": ""}'])

    metas, _ = load_metadata(path)

    assert metas["a.txt"] == DocMeta(doc="a.txt")


def test_load_metadata_raises_line_zero_for_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(MetadataError) as caught:
        load_metadata(tmp_path / "absent.jsonl")

    assert caught.value.line == 0
    assert caught.value.reason == "no such file"


@pytest.mark.parametrize(
    "address",
    ["javascript:alert(document.cookie)", "data:text/html,<b>x</b>", "ftp://a.example/x", "www.a"],
)
def test_an_address_that_is_not_http_is_refused_with_one_line(address: str) -> None:
    line = json.dumps({"doc": "a.txt", "address": address})
    with pytest.raises(
        ValueError, match=r'^bad "address" .*\(expected an http:// or https:// URL\)$'
    ):
        parse_line(line)


def test_http_and_https_addresses_are_kept() -> None:
    for address in ("http://a.example/x", "HTTPS://b.example/y?z=1"):
        assert parse_line(json.dumps({"doc": "a.txt", "address": address})).address == address
