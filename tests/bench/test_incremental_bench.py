"""The incremental bench: a small store, new documents one at a time, each consolidated in part."""

from __future__ import annotations

from click.testing import CliRunner

from khronika.bench.incremental import run_incremental_bench
from khronika.cli import main


def test_incremental_bench_times_each_new_document_without_a_full_run() -> None:
    result = run_incremental_bench(400, new_documents=4, seed=2)

    assert result.reports > 350  # the generator's reports, less the new documents'
    assert len(result.per_document) == 4
    assert result.full_fallbacks == 0 and result.fallback_reasons == ()
    assert len(result.cpu_per_document) == 4
    assert result.median_seconds > 0
    assert "cores" in result.machine


def test_bench_command_times_incremental_consolidation() -> None:
    found = CliRunner().invoke(
        main, ["bench", "--incremental", "--reports", "300", "--docs", "2", "--seed", "1"]
    )

    assert found.exit_code == 0, found.output
    for label in ("machine", "stored reports", "per new document", "median", "RSS"):
        assert label in found.output
