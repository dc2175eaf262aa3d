"""The consolidation benchmark and its command: what they report, never how fast."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from khronika.bench.scale import reviewed_assignment, run_consolidation_bench
from khronika.cli import main
from khronika.model import CandidatePair


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
    assert result.consolidate_cpu_seconds > 0
    assert result.peak_rss_mb >= result.generated_rss_mb > 0
    assert "cores" in result.machine


def test_consolidation_bench_finds_most_duplicates_without_merging_strangers() -> None:
    # Not a speed figure: the clustering's quality on a small stream, far from any pin.
    result = run_consolidation_bench(600, seed=4)

    assert result.precision > 0.9
    assert result.recall > 0.6
    assert result.clusters >= result.happenings * 0.9


# Measured on the news-like stream of 5,000 reports, seed 0 (P 0.950, R 0.657, recall once the
# possible duplicates are reviewed 0.854). The stream is seeded, so a drop is a change of
# consolidation or of the generator, never chance; the margin lets a deliberate small trade pass.
PINNED_PRECISION = 0.950
PINNED_RECALL = 0.657
PINNED_REVIEWED_RECALL = 0.854
PIN_MARGIN = 0.01


def test_pairwise_precision_and_recall_on_the_news_like_stream_stay_at_the_measured_values() -> (
    None
):
    result = run_consolidation_bench(5000, seed=0)

    assert result.precision >= PINNED_PRECISION - PIN_MARGIN, result.precision
    assert result.recall >= PINNED_RECALL - PIN_MARGIN, result.recall
    assert result.reviewed_recall >= PINNED_REVIEWED_RECALL - PIN_MARGIN, result.reviewed_recall


def test_bench_command_consolidates_synthetic_reports() -> None:
    result = CliRunner().invoke(main, ["bench", "--consolidate", "200", "--seed", "3"])

    assert result.exit_code == 0, result.output
    for label in ("machine", "reports / happenings", "reports/s", "precision / recall", "RSS"):
        assert label in result.output


def test_bench_command_without_a_corpus_says_so_in_one_line() -> None:
    result = CliRunner().invoke(main, ["bench", "--docs", "1"])

    assert result.exit_code == 2
    assert "bench needs --corpus DIR" in result.output


def test_bench_command_refuses_a_corpus_that_does_not_exist(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["bench", "--corpus", str(tmp_path / "nowhere")])

    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_review_of_the_possible_duplicates_recovers_recall() -> None:
    result = run_consolidation_bench(600, seed=4)

    assert result.possible_duplicates > 0
    assert result.reviewed_recall > result.recall


def test_a_reviewer_merges_only_the_possible_duplicates_that_are_one_happening() -> None:
    assignment = {"a": "c1", "b": "c2", "c": "c3"}
    pairs = [
        CandidatePair("a", "b", 2.0, "below_threshold", cluster_a="c1", cluster_b="c2"),
        CandidatePair("a", "c", 2.0, "undated", cluster_a="c1", cluster_b="c3"),
    ]

    reviewed = reviewed_assignment(assignment, pairs, {"a": 1, "b": 1, "c": 2})

    assert reviewed["a"] == reviewed["b"] != reviewed["c"]
