"""Which stored reports' possible duplicates an incremental run cannot vouch for.

A report keeps only its best few possible duplicates (``candidates_per_report``), picked among
every group its blocks hold. A stored report re-consolidated in a neighbourhood sees only the
groups there: a pair that a full run ranks below a group outside may then take a free place.
Its list as saved (the run's pairs, with its stored pairs to reports outside kept) is compared
with its list as stored; where they differ and the report's blocks are not all in view, the
neighbourhood must grow by those blocks (or the caller runs in full). Once they are in view,
the run ranks the report's groups as a full run does, and its list is taken.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from khronika.model import CandidatePair

Signature = tuple[str, str, float, str, tuple[Any, ...]]


def unsettled(
    made: Iterable[CandidatePair],
    stored: Iterable[CandidatePair],
    inside: Collection[str],
    complete: Collection[str],
) -> set[str]:
    """The reports of ``inside`` (those re-consolidated), none of ``complete`` (whose blocks are
    all in view), whose possible duplicates as saved would differ from those stored.

    ``made`` are the run's pairs; ``stored`` the stored pairs whose first report is inside.
    """
    saved: dict[str, set[Signature]] = {}
    before: dict[str, set[Signature]] = {}
    for pair in made:
        saved.setdefault(pair.report_a, set()).add(_signature(pair))
    for pair in stored:
        before.setdefault(pair.report_a, set()).add(_signature(pair))
        if pair.report_b not in inside:  # kept by the save: the other report is not here
            saved.setdefault(pair.report_a, set()).add(_signature(pair))
    return {
        report
        for report in saved.keys() | before.keys()
        if report in inside
        and report not in complete
        and saved.get(report, set()) != before.get(report, set())
    }


def _signature(pair: CandidatePair) -> Signature:
    """The pair without its clusters' ids (a run may rename a happening, not the pair)."""
    return pair.report_a, pair.report_b, pair.score, pair.reason, tuple(pair.points)


__all__ = ["unsettled"]
