"""``khronika batch`` from the command line: asked wrongly, it says so; kept shards are loaded
without a cluster; the CLI starts without Dask."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from click.testing import CliRunner

from khronika.batch.shards import ShardWriter, document_fields, event_json
from khronika.cli import main
from khronika.model import Document, Event, Evidence, Place
from khronika.store import Store

PROBE = """
import sys
from khronika.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
print(" ".join(m for m in ("dask", "distributed", "khronika.batch") if m in sys.modules) or "none",
      file=sys.stderr)
"""


def _loaded(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.stderr.strip().splitlines()[-1]


def test_the_cli_and_the_batch_help_start_without_dask() -> None:
    assert _loaded("--help") == "none"
    assert _loaded("batch", "--help") == "none"


def test_batch_without_inputs_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["batch", "--db", str(tmp_path / "k.db")])

    assert result.exit_code == 2
    assert "batch needs PATH..., --list FILE or --texts FILE" in result.output


def test_workers_and_a_scheduler_together_are_a_usage_error(tmp_path: Path) -> None:
    args = ["batch", str(tmp_path), "--workers", "2", "--scheduler", "tcp://127.0.0.1:8786"]
    result = CliRunner().invoke(main, args)

    assert result.exit_code == 2
    assert "--workers sizes the local cluster" in result.output


def test_a_text_file_of_another_kind_is_refused_before_any_work(tmp_path: Path) -> None:
    texts = tmp_path / "texts.csv"
    texts.write_text("name,text\n", encoding="utf-8")

    result = CliRunner().invoke(
        main, ["batch", "--texts", str(texts), "--db", str(tmp_path / "k.db")]
    )

    assert result.exit_code == 1
    assert f"{texts}:0: texts come as .parquet or .jsonl" in result.stderr
    assert "cluster:" not in result.stderr  # refused before a cluster started


def _kept_shards(folder: Path) -> None:
    """Shards as a batch keeps them: one document with one report, written by hand."""
    text = "Police detained Aigerim Tulegenova in Shymkent on 4 June 2025."
    raw = text.encode("utf-8")
    document = Document("tulegenova.txt", text, Document.hash_bytes(raw), raw, language="en")
    event = Event(
        type="detention",
        evidence=(Evidence.from_text(document.name, text, 7, 15),),
        location=Place("Shymkent", "KZ", precision="city", text="Shymkent"),
    )
    writer = ShardWriter(folder)
    row = {"index": 0, "path": "in/tulegenova.txt", "relative": "tulegenova.txt"}
    writer.write(
        [
            row
            | document_fields(document)
            | {"extractor": "en-test", "outcome": "ok", "events": [event_json(event)]}
        ]
    )
    writer.close()


def test_kept_shards_are_stored_and_consolidated_without_a_cluster(
    tmp_path: Path, db_url: str
) -> None:
    _kept_shards(tmp_path / "shards")
    db = db_url  # on each backend

    result = CliRunner().invoke(
        main, ["batch", "--load-shards", str(tmp_path / "shards"), "--db", db]
    )

    assert result.exit_code == 0, result.output
    assert "1 document(s) ingested, 0 unchanged, 1 event(s) stored, 1 happening(s)" in result.stderr
    with Store.open(db) as store:
        (report,) = store.events()
    assert report.evidence[0].doc == "tulegenova.txt"


def test_a_folder_without_shards_is_refused_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["batch", "--load-shards", str(tmp_path), "--db", str(tmp_path / "k.db")]
    )

    assert result.exit_code == 1
    assert f"{tmp_path}:0: no shards (part-*.parquet) in this folder" in result.stderr


def test_a_parquet_file_that_is_not_a_shard_is_refused(tmp_path: Path) -> None:
    pq.write_table(pa.table({"name": ["a.txt"]}), tmp_path / "part-00000.parquet")

    result = CliRunner().invoke(
        main, ["batch", "--load-shards", str(tmp_path), "--db", str(tmp_path / "k.db")]
    )

    assert result.exit_code == 1
    assert "part-00000.parquet:0: not a batch shard: no column index" in result.stderr


def test_kept_shards_and_inputs_together_are_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["batch", str(tmp_path), "--load-shards", str(tmp_path)])

    assert result.exit_code == 2
    assert "--load-shards reads kept shards" in result.output
