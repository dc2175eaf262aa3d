"""``khronika batch`` on a LocalCluster of two processes leaves the store ``khronika ingest`` leaves.

A folder of invented reports (the examples, three more, a PDF, a second copy of one under another
name, a text whose base name another text holds, an empty file) is read once by ``khronika ingest``
and once by ``khronika batch --workers 2``; the exports of reports and of happenings must be the
same, line for line, and so must the run's errors and its summary. Each worker loads its own
models, so the story takes half a minute or so. SQLite only: the workers never touch the store,
and the driver's loading, the one part that writes it, runs on each backend in test_load.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from khronika.batch.shards import read_rows, shard_paths
from khronika.cli import main
from tests.conftest import build_pdf

pytestmark = pytest.mark.model

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

INVENTED = {
    "karaganda.txt": "Police detained four teachers in Karaganda on 14 March 2025 during a "
    "strike over unpaid wages. Aigerim Tulegenova, their union's lawyer, said they were beaten.\n",
    "aktobe-court.txt": "A court in Aktobe fined the activist Dana Ospan on 16 March 2025 for an "
    "unsanctioned picket outside the regional akimat.\n",
    "temirtau.txt": "About 200 miners went on strike in Temirtau on 15 March 2025; police "
    "detained three of their leaders, among them Marat Seitkali.\n",
    # The same base name as the Karaganda report, another text: stored under its relative path.
    "later/karaganda.txt": "Irina Volkova was detained in Karaganda on 20 March 2025 after she "
    "held a single-person picket outside the city court.\n",
    # The same bytes as the Aktobe report under a second name: an alias.
    "copies/aktobe-court-copy.txt": "A court in Aktobe fined the activist Dana Ospan on 16 March "
    "2025 for an unsanctioned picket outside the regional akimat.\n",
    "empty.txt": "",
}


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("archive")
    shutil.copytree(EXAMPLES / "reports", root, dirs_exist_ok=True)
    for name, text in INVENTED.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    # A PDF is parsed in a child of the worker process, which a daemonic worker could not start.
    lines = ["Police detained the journalist Irina Volkova in Taraz on 2 April 2025."]
    (root / "statement.pdf").write_bytes(build_pdf([lines]))
    return root


def _exports(db: Path) -> tuple[str, str]:
    happenings = run("export", "--db", str(db))
    reports = run("export", "--reports", "--db", str(db))
    assert happenings.exit_code == 0 and reports.exit_code == 0
    return happenings.stdout, reports.stdout


@pytest.fixture(scope="module")
def ingested(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    db = tmp_path_factory.mktemp("ingest") / "k.db"
    meta = str(EXAMPLES / "meta.jsonl")
    return run("ingest", str(folder), "--meta", meta, "--workers", "1", "--db", str(db)), db


@pytest.fixture(scope="module")
def batched(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path, Path]:
    where = tmp_path_factory.mktemp("batch")
    db, shards = where / "k.db", where / "shards"
    meta = str(EXAMPLES / "meta.jsonl")
    args = ["batch", str(folder), "--meta", meta, "--workers", "2", "--shards", str(shards)]
    return run(*args, "--db", str(db)), db, shards


def test_batch_stores_the_reports_and_happenings_ingest_stores(
    ingested: tuple[Result, Path], batched: tuple[Result, Path, Path]
) -> None:
    (_, alone_db), (_, cluster_db, _) = ingested, batched
    happenings, reports = _exports(cluster_db)

    assert (happenings, reports) == _exports(alone_db)
    assert len(reports.splitlines()) >= 12 and len(happenings.splitlines()) >= 10
    assert "later/karaganda.txt" in reports  # the renamed text's quotes cite its stored name
    assert '"statement.pdf"' in reports


def test_batch_reports_the_run_as_ingest_does(
    ingested: tuple[Result, Path], batched: tuple[Result, Path, Path]
) -> None:
    (alone, _), (cluster, _, _) = ingested, batched

    assert cluster.exit_code == alone.exit_code == 1  # the empty file
    assert cluster.stderr.splitlines()[1:] == alone.stderr.splitlines()
    assert "empty.txt: empty file" in cluster.stderr
    assert "11 document(s) ingested, 0 unchanged, 1 alias(es), 1 failed" in cluster.stderr
    assert cluster.stderr.startswith("cluster: 13 input(s) read by 2 worker thread(s)")


def test_batch_keeps_its_shards_one_row_per_input_in_order(
    batched: tuple[Result, Path, Path],
) -> None:
    _, _, shards = batched
    rows = list(read_rows(shards))

    assert shard_paths(shards) == [shards / "part-00000.parquet"]
    assert [row["index"] for row in rows] == list(range(13))
    assert sum(len(row["events"] or ()) for row in rows) >= 12
    (failed,) = [row for row in rows if row["error"]]
    assert failed["error"] == f"{failed['path']}: empty file" and failed["text"] is None
