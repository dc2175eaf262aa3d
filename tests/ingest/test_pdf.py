"""The PDF worker: pages read in a child process that is stopped at its time and memory caps."""

from __future__ import annotations

import multiprocessing

import pytest

from khronika.ingest import limits, pdf
from tests.conftest import build_pdf

REPORT = build_pdf([["Police detained Dana Ospan in Taraz."], ["She was fined."]])
LONG_REPORT = build_pdf([["Police detained Dana Ospan in Taraz on Monday. " * 3] * 60] * 30)


def test_the_worker_gives_the_text_of_every_page() -> None:
    assert pdf.bounded_pages(REPORT) == ["Police detained Dana Ospan in Taraz.", "She was fined."]
    assert not multiprocessing.active_children(), "the worker is gone once it has answered"


def test_a_worker_past_its_time_is_stopped_with_one_line() -> None:
    with pytest.raises(limits.TooBig, match=r"^PDF took longer than 0 s to read \(stopped\)$"):
        pdf.bounded_pages(REPORT, seconds=0.0)
    assert not multiprocessing.active_children()


def test_a_worker_past_its_memory_is_refused_with_one_line() -> None:
    # A cap below what the parser needs: the allocation fails in the worker, never here. The
    # worker then answers that it ran out, or dies before it can; either is one line on memory.
    with pytest.raises(limits.TooBig, match=r"16 MB of memory") as refused:
        pdf.bounded_pages(LONG_REPORT, memory_mb=16)
    assert "\n" not in str(refused.value)


def test_a_damaged_file_is_unreadable_with_the_parser_s_reason() -> None:
    damaged = REPORT[: len(REPORT) // 2]

    with pytest.raises(pdf.Unreadable, match=r"^corrupt or unreadable PDF: "):
        pdf.bounded_pages(damaged)
