"""Where a long text is cut, which window owns an event, and offsets made whole again."""

from __future__ import annotations

import itertools
import random

from khronika.extract.windows import Window, needs_windows, whole_text_events, windows
from khronika.model import Event, Evidence

PARAGRAPH = "Dana Ospan read the minutes of the reading circle aloud.\n\n"


def test_a_short_text_is_read_in_one_piece() -> None:
    assert not needs_windows(PARAGRAPH * 10, size=1_000)
    assert needs_windows(PARAGRAPH * 100, size=1_000)


def test_cores_tile_the_text_and_cut_at_paragraph_breaks() -> None:
    text = PARAGRAPH * 100
    spans = windows(text, size=1_000, overlap=100)
    assert spans[0].own_start == 0 and spans[-1].own_end == len(text)
    for before, after in itertools.pairwise(spans):
        assert before.own_end == after.own_start
        assert text[: after.own_start].endswith("\n\n")
        # Each window reads some of its neighbours' text, so a straddling sentence is whole.
        assert after.start < after.own_start and before.end > before.own_end
    assert all(w.own_end - w.own_start <= 1_000 for w in spans)


def test_one_endless_line_is_still_cut_into_bounded_windows() -> None:
    text = "x" * 10_500
    spans = windows(text, size=1_000, overlap=100)
    assert len(spans) == 11
    assert all(w.end - w.start <= 1_200 for w in spans)


def test_a_window_keeps_only_the_events_it_owns_with_offsets_into_the_whole_text() -> None:
    text = "Intro.\n\n" + "Police detained Marat Seitkali.\n\n" * 3
    window = Window(start=8, end=len(text), own_start=41, own_end=len(text))
    local = text[8:]
    first = local.index("Police")  # starts in the overlap: the window before owns it
    second = local.index("Police", first + 1)
    events = [
        Event(type="detention", evidence=(Evidence.from_text("r.txt", local, s, s + 30),))
        for s in (first, second)
    ]
    kept = list(whole_text_events(events, window, text))
    assert len(kept) == 1
    quote = kept[0].evidence[0]
    assert (quote.start, quote.end) == (second + 8, second + 38)
    assert text[quote.start : quote.end] == quote.text == "Police detained Marat Seitkali"
    assert kept[0].id == kept[0].stable_id()


def test_windows_tile_any_text_within_their_bounds() -> None:
    # A fixed-seed sweep over texts of words, spaces, line and paragraph breaks, and long runs.
    rng = random.Random(7)
    pieces = ["word ", "Dana. ", "\n", "\n\n", "x" * 700, "  "]
    for _ in range(200):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 400)))
        spans = windows(text, size=500, overlap=60)
        if not text:
            continue
        assert spans[0].own_start == 0 and spans[-1].own_end == len(text)
        for window in spans:
            assert window.start <= window.own_start < window.own_end <= window.end
            assert window.end - window.start <= 500 + 2 * 60
        for before, after in itertools.pairwise(spans):
            assert before.own_end == after.own_start
