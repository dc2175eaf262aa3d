"""A second ``khronika batch`` over the same folder extracts only what the store lacks.

Three invented reports are batched into a store and ingested into another. Then a fourth report
joins the folder and a metadata line gives one of the first three a publication date; both
commands run again. The workers must not extract the two texts the store holds unchanged (their
rows say ``unchanged`` and carry no reports); the new text is extracted on the cluster, and the
re-dated one in the driver, since its dates are anchored on the new date. The batch's store and
its summary must still be ingest's, line for line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from khronika.batch.shards import UNCHANGED, read_rows
from khronika.cli import main

pytestmark = pytest.mark.model

FIRST = {
    "karaganda.txt": "Police detained four teachers in Karaganda on 14 March during a strike "
    "over unpaid wages. Aigerim Tulegenova, their union's lawyer, said they were beaten.\n",
    "aktobe-court.txt": "A court in Aktobe fined the activist Dana Ospan on 16 March 2025 for an "
    "unsanctioned picket outside the regional akimat.\n",
    "temirtau.txt": "About 200 miners went on strike in Temirtau on 15 March 2025; police "
    "detained three of their leaders, among them Marat Seitkali.\n",
}
LATER = {
    "taraz.txt": "Police detained the journalist Irina Volkova in Taraz on 2 April 2025 after "
    "she filmed a protest outside the akimat.\n",
}


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _exports(db: Path) -> tuple[str, str]:
    happenings = run("export", "--db", str(db))
    reports = run("export", "--reports", "--db", str(db))
    assert happenings.exit_code == 0 and reports.exit_code == 0
    return happenings.stdout, reports.stdout


def test_a_second_batch_extracts_only_what_the_store_lacks(tmp_path: Path) -> None:
    folder, shards = tmp_path / "archive", tmp_path / "shards"
    folder.mkdir()
    for name, text in FIRST.items():
        (folder / name).write_text(text, encoding="utf-8")
    batch_db, ingest_db = str(tmp_path / "batch.db"), str(tmp_path / "ingest.db")
    assert run("batch", str(folder), "--workers", "1", "--db", batch_db).exit_code == 0
    assert run("ingest", str(folder), "--workers", "1", "--db", ingest_db).exit_code == 0

    for name, text in LATER.items():
        (folder / name).write_text(text, encoding="utf-8")
    meta = tmp_path / "meta.jsonl"
    meta.write_text(json.dumps({"doc": "karaganda.txt", "published": "2025-03-20"}) + "\n")
    again = ["--meta", str(meta), "--workers", "1"]
    batched = run("batch", str(folder), *again, "--shards", str(shards), "--db", batch_db)
    ingested = run("ingest", str(folder), *again, "--db", ingest_db)

    rows = {row["name"]: row for row in read_rows(shards)}
    assert rows["aktobe-court.txt"]["outcome"] == rows["temirtau.txt"]["outcome"] == UNCHANGED
    assert not rows["aktobe-court.txt"]["events"] and not rows["temirtau.txt"]["events"]
    assert rows["karaganda.txt"]["outcome"] == UNCHANGED  # re-dated: read again by the driver
    assert rows["taraz.txt"]["outcome"] == "ok" and rows["taraz.txt"]["events"]
    assert batched.exit_code == ingested.exit_code == 0
    assert "2 document(s) ingested, 2 unchanged" in batched.stderr
    assert batched.stderr.splitlines()[1:] == ingested.stderr.splitlines()
    assert "(3 extracted before, not again)" in batched.stderr.splitlines()[0]
    happenings, reports = _exports(Path(batch_db))
    assert (happenings, reports) == _exports(Path(ingest_db))
    assert "2025-03-14" in reports and "taraz.txt" in reports  # the new date anchors 14 March
