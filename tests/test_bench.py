"""The benchmark runs end to end and reports what it promises; speed itself is never asserted."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from khronika.bench import run_bench, run_consolidation_bench
from khronika.cli import main
from khronika.settings import Settings

REPORT = """Police detain students in Tashkent

Police detained 12 students outside the university in Tashkent on Monday, their lawyer said.
"""


@pytest.mark.model
def test_bench_reports_both_speeds_their_ratio_and_memory(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")

    result = run_bench(tmp_path, docs=3, processes=1, settings=Settings(), repeats=1)

    assert result.docs == 3
    assert result.words == 3 * len(REPORT.split())
    assert result.bare_wps > 0 and result.full_wps > 0
    assert result.ratio == pytest.approx(result.full_wps / result.bare_wps)
    assert result.events == 3, "the same detention found in each copy"
    assert result.peak_rss_mb > 0
    assert "cores" in result.machine


def test_bench_refuses_a_corpus_without_english(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("Короткая заметка о погоде в городе.", encoding="utf-8")

    with pytest.raises(ValueError, match="no English documents"):
        run_bench(tmp_path, docs=1, processes=1, settings=Settings(), repeats=1)


def test_consolidation_bench_reports_time_memory_and_pairwise_scores() -> None:
    result = run_consolidation_bench(300, seed=1)

    assert result.reports == 300
    assert 0 < result.happenings <= result.reports
    assert 0 < result.clusters <= 300
    assert result.entities > 0, "the synthetic reports name people"
    assert 0.0 <= result.precision <= 1.0 and 0.0 <= result.recall <= 1.0
    assert 0.0 <= result.f1 <= 1.0
    assert result.generate_seconds > 0 and result.consolidate_seconds > 0
    assert result.reports_per_second > 0
    assert result.peak_rss_mb >= result.generated_rss_mb > 0
    assert "cores" in result.machine


def test_bench_command_consolidates_synthetic_reports() -> None:
    result = CliRunner().invoke(main, ["bench", "--consolidate", "200", "--seed", "3"])

    assert result.exit_code == 0, result.output
    for label in ("machine", "reports / happenings", "reports/s", "precision / recall", "RSS"):
        assert label in result.output
