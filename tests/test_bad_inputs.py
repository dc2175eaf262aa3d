"""Bad inputs through ``khronika ingest``: each is one line on stderr, never a lost document.

Every story runs a batch of one bad file and one good file against a store that already holds a
document from an earlier run, and checks the same four things: exit 1 (on purpose, no
traceback), one stderr line naming the bad file and why, the good file's events stored, and the
earlier document and its events exactly as they were. The stores are on each backend
(``module_db_url``, copied per test with ``copy_store``); a garbage store file is SQLite's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from khronika.cli import main
from khronika.store import EventFilter, Store

EARLIER = """Blogger detained in Shymkent

Police detained the blogger Daniyar Seitkali in Shymkent on 2 February after he filmed a \
picket outside the regional court.
"""

GOOD = """Teachers strike in Karaganda

Police detained four teachers in Karaganda on 14 March during a strike over unpaid wages.
"""

# Latin-1 bytes, not UTF-8: "é" and "è" are single bytes 0xE9 and 0xE8.
LATIN1 = (
    "Protesters gathered outside the Café Liège in Brussels on 3 March; "
    "police detained two of them.\n"
).encode("latin-1")

BAD_HTML = b"<html><head><script>var x = 1;</script></head><body><div> </div><p></p></body>"


def invoke(args: Sequence[str], env: dict[str, str | None] | None = None) -> Result:
    # A wide console: these stories check what the error line says; the wrapping of long lines
    # at the default width has its own story at the end, in a real process.
    base: dict[str, str | None] = {"COLUMNS": "400", "KHRONIKA_DB": None, "KHRONIKA_DB_URL": None}
    return CliRunner().invoke(main, list(args), env={**base, **(env or {})})


def events_of(db: str, doc: str) -> list[dict[str, Any]]:
    with Store.open(db) as store:
        return [event.to_dict() for event in store.events(EventFilter(doc=doc))]


def document_names(db: str) -> list[str]:
    with Store.open(db) as store:
        return [document.name for document in store.documents()]


@pytest.fixture(scope="module")
def earlier_store(
    tmp_path_factory: pytest.TempPathFactory, module_db_url: str
) -> tuple[str, list[dict[str, Any]]]:
    """A store holding earlier.txt from an earlier run, and earlier.txt's events."""
    folder = tmp_path_factory.mktemp("earlier")
    (folder / "earlier.txt").write_text(EARLIER, encoding="utf-8")
    db = module_db_url
    result = invoke(["ingest", str(folder / "earlier.txt"), "--db", db])
    assert result.exit_code == 0, result.output
    events = events_of(db, "earlier.txt")
    assert events
    return db, events


@pytest.fixture
def store(earlier_store: tuple[str, list[dict[str, Any]]], copy_store: Callable[[str], str]) -> str:
    """This test's own copy of the earlier store."""
    return copy_store(earlier_store[0])


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """A folder with good.txt in it; each story adds its bad file."""
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    return folder


def assert_one_bad_file(
    result: Result,
    bad: Path,
    reason: str,
    db: str,
    earlier_store: tuple[str, list[dict[str, Any]]],
) -> None:
    """The four promises of a batch with one bad file in it."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    assert bad.name in errors[0]
    assert reason in errors[0]
    assert events_of(db, "good.txt"), "the good file's events were not stored"
    assert events_of(db, "earlier.txt") == earlier_store[1]
    assert bad.name not in document_names(db)


# --- one story per bad input ---------------------------------------------------------------------


@pytest.mark.model
def test_ingest_empty_file(batch: Path, store: str, earlier_store: Any) -> None:
    bad = batch / "empty.txt"
    bad.write_bytes(b"")

    result = invoke(["ingest", str(batch), "--db", store])

    assert_one_bad_file(result, bad, "empty file", store, earlier_store)


@pytest.mark.model
def test_ingest_binary_junk_named_txt(batch: Path, store: str, earlier_store: Any) -> None:
    bad = batch / "junk.txt"
    # Fixed "random" bytes: a PNG-like header, NULs and high bytes.
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)

    result = invoke(["ingest", str(batch), "--db", store])

    assert_one_bad_file(result, bad, "binary", store, earlier_store)


@pytest.mark.model
def test_ingest_file_over_the_size_limit(batch: Path, store: str, earlier_store: Any) -> None:
    bad = batch / "huge.txt"
    with bad.open("wb") as handle:
        # Sparse: 50 MB + 1 byte on paper, nothing on disk. The limit has no env override.
        handle.truncate(50 * 1024 * 1024 + 1)

    result = invoke(["ingest", str(batch), "--db", store])

    assert_one_bad_file(result, bad, "too large", store, earlier_store)


@pytest.mark.model
def test_ingest_html_without_text(batch: Path, store: str, earlier_store: Any) -> None:
    bad = batch / "page.html"
    bad.write_bytes(BAD_HTML)

    result = invoke(["ingest", str(batch), "--db", store])

    assert_one_bad_file(result, bad, "no readable text", store, earlier_store)


@pytest.mark.model
def test_ingest_corrupt_pdf(
    batch: Path, store: str, earlier_store: Any, make_pdf: Callable[..., bytes]
) -> None:
    bad = batch / "report.pdf"
    bad.write_bytes(make_pdf([["Police detained a man in Almaty."]])[:90])

    result = invoke(["ingest", str(batch), "--db", store])

    assert_one_bad_file(result, bad, "PDF", store, earlier_store)


@pytest.mark.model
def test_ingest_encrypted_pdf(
    batch: Path, store: str, earlier_store: Any, make_pdf: Callable[..., bytes]
) -> None:
    bad = batch / "locked.pdf"
    bad.write_bytes(make_pdf([["Police detained a man in Almaty."]], user_password="secret"))

    result = invoke(["ingest", str(batch), "--db", store])

    assert_one_bad_file(result, bad, "encrypted", store, earlier_store)


@pytest.mark.model
def test_ingest_unknown_extension(batch: Path, store: str, earlier_store: Any) -> None:
    bad = batch / "report.docx"
    bad.write_bytes(b"PK\x03\x04\x14\x00\x06\x00word/document.xml")

    result = invoke(["ingest", str(batch), "--db", store])

    assert_one_bad_file(result, bad, "unsupported file type '.docx'", store, earlier_store)


@pytest.mark.model
def test_ingest_latin1_text_is_decoded_and_stored(tmp_path: Path, store: str) -> None:
    path = tmp_path / "brussels.txt"
    path.write_bytes(LATIN1)

    result = invoke(["ingest", str(path), "--db", store])

    assert result.exit_code == 0, result.output
    assert "error:" not in result.stderr
    with Store.open(store) as opened:
        document = opened.document("brussels.txt")
    assert document is not None
    assert document.text == LATIN1.decode("latin-1")
    assert document.raw == LATIN1


@pytest.mark.model
def test_ingest_latin1_text_in_a_batch_is_no_error(batch: Path, store: str) -> None:
    (batch / "brussels.txt").write_bytes(LATIN1)

    result = invoke(["ingest", str(batch), "--db", store])

    assert result.exit_code == 0, result.output
    assert sorted(document_names(store)) == ["brussels.txt", "earlier.txt", "good.txt"]


@pytest.mark.model
def test_ingest_malformed_metadata_line(
    batch: Path, store: str, earlier_store: Any, tmp_path: Path
) -> None:
    (batch / "other.txt").write_text(EARLIER.replace("Shymkent", "Taraz"), encoding="utf-8")
    meta = tmp_path / "meta.jsonl"
    meta.write_text(
        json.dumps({"doc": "other.txt", "published": "2024-02-05"})
        + "\n"
        + '{"doc": "good.txt", "published": 2024-03-15\n'
        + json.dumps({"doc": "good.txt", "published": "2024-03-16"})
        + "\n",
        encoding="utf-8",
    )

    result = invoke(["ingest", str(batch), "--meta", str(meta), "--db", store])

    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    assert f"{meta.name}:2:" in errors[0]
    with Store.open(store) as opened:
        good, other = opened.document("good.txt"), opened.document("other.txt")
    # The lines before and after the bad one still apply.
    assert other is not None and str(other.published) == "2024-02-05"
    assert good is not None and str(good.published) == "2024-03-16"
    assert events_of(store, "good.txt")
    assert events_of(store, "earlier.txt") == earlier_store[1]


def test_ingest_into_a_garbage_store_file(batch: Path, tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.db"
    junk = bytes(range(256)) * 20
    garbage.write_bytes(junk)

    result = invoke(["ingest", str(batch), "--db", str(garbage)])

    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "garbage.db" in lines[0]
    assert "not a khronika database" in lines[0]
    assert garbage.read_bytes() == junk


def test_events_from_a_garbage_store_file(tmp_path: Path) -> None:
    garbage = tmp_path / "notes.db"
    garbage.write_text("these are my notes, not a database\n", encoding="utf-8")

    result = invoke(["events", "--db", str(garbage)])

    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "notes.db" in lines[0]


# --- a failure inside extraction -----------------------------------------------------------------


@pytest.mark.model
def test_ingest_extraction_failure_is_one_line(
    batch: Path, store: str, earlier_store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from khronika.errors import KhronikaError
    from khronika.extract import extractor_for
    from khronika.settings import Settings

    bad = batch / "poison.txt"
    bad.write_text(GOOD.replace("Karaganda", "Temirtau"), encoding="utf-8")
    layer = extractor_for("en", Settings()).rules  # type: ignore[attr-defined]
    rules = getattr(layer, "rules", layer)  # the English rules, under the learned layer
    original = rules.events

    def events(doc: Any, document: Any) -> Any:
        if document.name == "poison.txt":
            raise KhronikaError("poison.txt: extraction failed")
        return original(doc, document)

    monkeypatch.setattr(rules, "events", events)

    result = invoke(["ingest", str(batch), "--db", store])

    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and bad.name in errors[0] and "extraction failed" in errors[0]
    assert events_of(store, "good.txt"), "the good file's events were not stored"
    assert events_of(store, "earlier.txt") == earlier_store[1]
    # The failed document is kept whole (its original bytes, no events) and marked for a retry.
    assert events_of(store, bad.name) == []
    with Store.open(store) as opened:
        outcomes = {status.name: status.outcome for status in opened.statuses()}
    assert outcomes[bad.name] == "error"


# --- a real process: what a log file sees --------------------------------------------------------


def test_ingest_error_stays_one_line_when_stderr_is_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder-with-a-rather-long-name-as-downloads-often-have"
    folder.mkdir()
    bad = folder / "an-empty-file-with-a-long-descriptive-name.txt"
    bad.write_bytes(b"")
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "KHRONIKA_DB_URL")}
    khronika = Path(sys.executable).parent / "khronika"

    done = subprocess.run(
        [str(khronika), "ingest", str(bad), "--db", str(tmp_path / "x.db")],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )

    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {bad}: empty file"]
