"""The whole-process benchmark: the folder it builds, the memory it samples, the table it reports.

Speed is never asserted; the stories check what the bench measures and says.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from khronika.bench.process import _rss_kb, _tree, build_set, compile_bytecode, run_whole_process

REPORT = """Police detain students in Tashkent

Police detained 12 students outside the university in Tashkent on 3 March 2025, their lawyer \
Dana Ospan said.
"""


def test_a_set_larger_than_the_corpus_repeats_it_as_new_documents(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Police detained Marat Seitkali.", encoding="utf-8")
    (corpus / "b.txt").write_text("Students marched in Almaty.", encoding="utf-8")
    (corpus / "notes.md").write_text("not a text of the set", encoding="utf-8")

    words = build_set([corpus], 5, tmp_path / "set")

    names = sorted(p.name for p in (tmp_path / "set").iterdir())
    assert names == ["a.copy2.txt", "a.copy3.txt", "a.txt", "b.copy2.txt", "b.txt"]
    texts = {(tmp_path / "set" / name).read_text(encoding="utf-8") for name in names}
    assert len(texts) == 5, "every copy has bytes of its own, so none is an alias"
    assert words == sum(len(text.split()) for text in texts)


def test_an_empty_corpus_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"no \.txt files"):
        build_set([tmp_path], 3, tmp_path / "set")


def test_memory_is_read_for_the_process_and_its_children() -> None:
    assert os.getpid() in _tree(os.getpid())
    assert _rss_kb(os.getpid()) > 10_000  # this interpreter holds more than 10 MB
    assert _rss_kb(2**22 + 12345) == 0  # a process that is gone counts nothing


@pytest.mark.model
def test_the_bench_times_bare_spacy_and_ingest_as_whole_processes(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")

    found = run_whole_process([tmp_path], docs=2, workers=(1,), repeats=1)

    assert (found.docs, found.words) == (2, 2 * len(REPORT.split()) + 5)
    assert found.bare.seconds > 0 and found.ingest[1].seconds > 0
    assert found.ratio(1) == pytest.approx(found.bare.seconds / found.ingest[1].seconds)
    assert found.bare.cpu_seconds > 0 and found.ingest[1].cpu_seconds > 0
    assert found.cpu_ratio(1) == pytest.approx(found.bare.cpu_seconds / found.ingest[1].cpu_seconds)
    # spaCy's model alone is over 100 MB resident; a whole tree is at least its largest process.
    assert found.bare.peak_mb > 100 and found.ingest[1].peak_mb > 100
    assert found.ingest[1].peak_total_mb >= found.ingest[1].peak_mb
    assert "cores" in found.machine


def test_khronikas_modules_are_compiled_before_the_clock_starts() -> None:
    # As a first run or pip's install leaves them, even where PYTHONDONTWRITEBYTECODE is set.
    import importlib.util

    import khronika.pipeline

    assert compile_bytecode()
    source = khronika.pipeline.__file__
    assert source is not None
    assert Path(importlib.util.cache_from_source(source)).is_file()
