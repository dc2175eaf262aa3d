"""The speed benchmark runs end to end and reports what it promises; speed is never asserted."""

from __future__ import annotations

from pathlib import Path

import pytest

from khronika.bench.speed import load_corpus, run_bench
from khronika.settings import Settings

REPORT = """Police detain students in Tashkent

Police detained 12 students outside the university in Tashkent on Monday, their lawyer said.
"""


@pytest.mark.model
def test_bench_reports_both_speeds_their_ratio_and_memory(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")

    result = run_bench(tmp_path, docs=3, settings=Settings(), repeats=1)

    assert result.docs == 3
    assert result.words == 3 * len(REPORT.split())
    assert result.bare_wps > 0 and result.full_wps > 0
    assert result.ratio == pytest.approx(result.full_wps / result.bare_wps)
    assert result.bare_cpu_seconds > 0 and result.full_cpu_seconds > 0
    assert result.cpu_ratio == pytest.approx(result.bare_cpu_seconds / result.full_cpu_seconds)
    assert result.events == 3, "the same detention found in each copy"
    assert result.peak_rss_mb > 0
    assert "cores" in result.machine


def test_bench_refuses_a_corpus_without_english(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("Короткая заметка о погоде в городе.", encoding="utf-8")

    with pytest.raises(ValueError, match="no English documents"):
        run_bench(tmp_path, docs=1, settings=Settings(), repeats=1)


def test_load_corpus_keeps_english_documents_and_skips_what_cannot_be_read(
    tmp_path: Path,
) -> None:
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("Короткая заметка о погоде в городе.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")

    documents = load_corpus(tmp_path, Settings())

    assert [d.name for d in documents] == ["report.txt"]


RUSSIAN_REPORT = """В Уральске задержали студентов

В понедельник полиция задержала 12 студентов у здания университета в Уральске, сообщил их адвокат.
"""


@pytest.mark.model
def test_russian_bench_times_the_russian_extractor_against_bare_natasha(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "zametka.txt").write_text(RUSSIAN_REPORT, encoding="utf-8")

    result = run_bench(tmp_path, docs=2, settings=Settings(), repeats=1, language="ru")

    assert result.words == 2 * len(RUSSIAN_REPORT.split()), "only the Russian text is timed"
    assert result.bare_wps > 0 and result.full_wps > 0
    assert result.events == 2, "the same detention found in each copy"


def test_load_corpus_keeps_the_language_asked_for(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "zametka.txt").write_text(RUSSIAN_REPORT, encoding="utf-8")

    documents = load_corpus(tmp_path, Settings(), "ru")

    assert [d.name for d in documents] == ["zametka.txt"]
