"""One metadata line at a time (parse_line), and the file-level cases load_metadata adds:
a byte-order mark, text that is not UTF-8, and the one-line message naming file and line."""

from __future__ import annotations

import codecs
import json
from datetime import date
from pathlib import Path

import pytest

from khronika.errors import MetadataError
from khronika.ingest.metadata import DocMeta, load_metadata, parse_line


def test_a_full_line_fills_every_field() -> None:
    line = json.dumps(
        {
            "doc": "volkova-appeal.txt",
            "published": "2024-04-30",
            "title": "Appeal of Irina Volkova",
            "language": "RU",
            "address": "https://example.org/appeal",
            "outlet": "Example Rights Watch",
        },
        ensure_ascii=False,
    )
    assert parse_line(line) == DocMeta(
        doc="volkova-appeal.txt",
        published=date(2024, 4, 30),
        title="Appeal of Irina Volkova",
        language="ru",
        address="https://example.org/appeal",
        outlet="Example Rights Watch",
    )


def test_only_doc_is_required_and_unknown_keys_are_ignored() -> None:
    line = '{"doc": "ospan.html", "tags": ["labour"], "reviewed_by": "Dana Ospan", "n": 3}'
    assert parse_line(line) == DocMeta(doc="ospan.html")


def test_text_values_are_trimmed_and_blank_ones_become_none() -> None:
    meta = parse_line('{"doc": "  a.txt ", "title": "  Strike  ", "outlet": "   "}')
    assert (meta.doc, meta.title, meta.outlet) == ("a.txt", "Strike", None)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"doc": "a.txt",}', "not valid JSON"),
        ('"a.txt"', "expected a JSON object, got str"),
        ("[]", "expected a JSON object, got list"),
        ("null", "expected a JSON object, got NoneType"),
        ('{"doc": "   "}', 'missing "doc"'),
        ('{"doc": 7}', 'missing "doc"'),
        ('{"doc": "a.txt", "title": 12}', '"title" must be a string or null'),
        ('{"doc": "a.txt", "language": ["en"]}', '"language" must be a string or null'),
        ('{"doc": "a.txt", "published": "20240305"}', "expected YYYY-MM-DD or null"),
        ('{"doc": "a.txt", "published": "2024-W10-2"}', "expected YYYY-MM-DD or null"),
        ('{"doc": "a.txt", "published": 20240305}', "expected YYYY-MM-DD or null"),
        ('{"doc": "a.txt", "published": "2023-02-29"}', "no such day"),
    ],
)
def test_a_malformed_line_says_why_in_one_line(line: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason) as caught:
        parse_line(line)
    assert "\n" not in str(caught.value)


def test_invalid_json_names_the_column() -> None:
    # Columns count from 1, as editors show them: "oops" starts at the 18th character.
    with pytest.raises(ValueError, match=r"\(column 18\)$"):
        parse_line('{"doc": "a.txt", oops}')


def test_the_error_message_names_the_file_and_the_line(tmp_path: Path) -> None:
    path = tmp_path / "meta.jsonl"
    path.write_text('{"doc": "a.txt"}\n\n{"doc": "b.txt", "published": "yesterday"}\n')
    metas, errors = load_metadata(path)
    assert list(metas) == ["a.txt"]
    [error] = errors
    assert str(error) == f"{path}:3: bad \"published\" 'yesterday' (expected YYYY-MM-DD or null)"


def test_a_byte_order_mark_does_not_spoil_the_first_line(tmp_path: Path) -> None:
    path = tmp_path / "meta.jsonl"
    path.write_bytes(codecs.BOM_UTF8 + '{"doc": "тулегенова.txt"}\n'.encode())
    metas, errors = load_metadata(path)
    assert errors == []
    assert list(metas) == ["тулегенова.txt"]


def test_a_file_that_is_not_utf8_is_refused_at_line_zero(tmp_path: Path) -> None:
    path = tmp_path / "meta.jsonl"
    path.write_bytes('{"doc": "a.txt", "title": "Задержание"}\n'.encode("cp1251"))
    with pytest.raises(MetadataError) as caught:
        load_metadata(path)
    assert (caught.value.line, caught.value.reason) == (0, "not UTF-8 text")
    assert str(caught.value) == f"{path}:0: not UTF-8 text"


def test_a_folder_given_as_metadata_file_is_refused_at_line_zero(tmp_path: Path) -> None:
    with pytest.raises(MetadataError) as caught:
        load_metadata(tmp_path)
    assert caught.value.line == 0
    assert caught.value.reason.startswith("cannot read file")


def test_an_empty_file_describes_nothing_and_is_no_error(tmp_path: Path) -> None:
    path = tmp_path / "meta.jsonl"
    path.write_text("\n\n")
    assert load_metadata(path) == ({}, [])
