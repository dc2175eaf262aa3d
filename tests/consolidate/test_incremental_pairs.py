"""Which stored reports' possible duplicates an incremental run can vouch for."""

from __future__ import annotations

from khronika.consolidate.incremental_pairs import settle
from khronika.model import CandidatePair


def _pair(a: str, b: str, score: float = 2.0) -> CandidatePair:
    return CandidatePair(a, b, score, "undated", (("same_city", score),), f"c{a}", f"c{b}")


ASSIGNMENT = {report: f"c{report}" for report in ("r1", "r2", "r3", "r4", "new")}


def test_a_list_that_differs_only_between_unchanged_happenings_is_kept_as_stored() -> None:
    # r1 saw r2 and r3 before; in the smaller view r3's rival is gone, so r4 takes its place.
    stored = [_pair("r1", "r2"), _pair("r1", "r3")]
    made = [_pair("r1", "r2"), _pair("r1", "r4")]
    inside = {"r1", "r2", "r3", "r4"}

    pairs, loose = settle(made, stored, inside, set(), set(), ASSIGNMENT)

    assert loose == set()
    assert sorted((p.report_a, p.report_b) for p in pairs) == [("r1", "r2"), ("r1", "r3")]


def test_a_pair_with_a_changed_happening_asks_for_the_reports_blocks() -> None:
    stored = [_pair("r1", "r2")]
    made = [_pair("r1", "r2"), _pair("r1", "new", 2.5)]

    pairs, loose = settle(made, stored, {"r1", "r2", "new"}, {"new"}, {"new"}, ASSIGNMENT)

    assert loose == {"r1"}
    assert ("r1", "new") in {(p.report_a, p.report_b) for p in pairs}


def test_a_report_whose_blocks_are_in_view_takes_the_runs_list() -> None:
    stored = [_pair("r1", "r2")]
    made = [_pair("r1", "new")]

    pairs, loose = settle(made, stored, {"r1", "r2", "new"}, {"r1", "new"}, {"new"}, ASSIGNMENT)

    assert loose == set()
    assert [(p.report_a, p.report_b) for p in pairs] == [("r1", "new")]
