"""The ``metadata.json`` Datasette reads beside the published file."""

from __future__ import annotations

import json
from pathlib import Path

from khronika.publish import PublishReport
from khronika.publish.metadata import metadata, write_metadata


def test_metadata_json_describes_the_tables(published: tuple[Path, PublishReport]) -> None:
    out, report = published
    found = json.loads((out.parent / "metadata.json").read_text(encoding="utf-8"))
    assert report.metadata == out.parent / "metadata.json"
    assert found["license"] == "CC BY 4.0"
    assert found["source"] == "khronika"
    tables = found["databases"]["record"]["tables"]
    assert set(tables) == {"events", "actors", "counts", "evidence", "claims", "sources"}
    assert "offsets" in tables["evidence"]["description"]


def test_the_database_is_named_by_the_file_stem_and_the_title_kept() -> None:
    found = metadata(Path("/srv/kz-2022.db"), "Kazakhstan, January 2022")
    assert found["title"] == "Kazakhstan, January 2022"
    assert list(found["databases"]) == ["kz-2022"]
    assert "[withheld]" in found["description"]
    assert found["databases"]["kz-2022"]["tables"]["events"]["facets"] == [
        "type",
        "country",
        "review_status",
    ]


def test_write_metadata_writes_utf8_json(tmp_path: Path) -> None:
    path = tmp_path / "metadata.json"
    write_metadata(path, tmp_path / "record.db", "Хроника")
    text = path.read_text(encoding="utf-8")
    assert '"title": "Хроника"' in text  # not escaped
    assert text.endswith("}\n")
