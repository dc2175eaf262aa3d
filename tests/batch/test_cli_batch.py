"""``khronika batch`` from the command line: asked wrongly, it says so; the CLI starts without Dask."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from khronika.cli import main

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
