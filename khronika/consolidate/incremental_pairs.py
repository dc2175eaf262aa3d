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

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from typing import Any

from khronika.model import CandidatePair

Signature = tuple[str, str, float, str, tuple[Any, ...]]


def settle(
    made: Sequence[CandidatePair],
    stored: Sequence[CandidatePair],
    inside: Collection[str],
    complete: Collection[str],
    changed: Collection[str],
    assignment: Mapping[str, str],
) -> tuple[list[CandidatePair], set[str]]:
    """The possible duplicates to save, and the reports whose blocks must be brought in.

    ``made`` are the run's pairs; ``stored`` the stored pairs whose first report is one of
    ``inside`` (the reports re-consolidated); ``complete`` the reports whose blocks are all in
    view; ``changed`` the reports of happenings the run changed (new ones included);
    ``assignment`` each report's happening in the run (a stored pair kept is named by it).

    A report not complete whose list as saved (the run's pairs, with its stored pairs to
    reports outside kept) differs from its stored one only in pairs between unchanged
    happenings keeps its stored list: nothing a full run sees changed for it, and the
    difference is the smaller view's. Where a changed happening is in the difference, the
    report's blocks must be in view: it is returned, and its list is the run's meanwhile.
    """
    saved: dict[str, set[Signature]] = {}
    before: dict[str, set[Signature]] = {}
    for pair in made:
        saved.setdefault(pair.report_a, set()).add(_signature(pair))
    for pair in stored:
        before.setdefault(pair.report_a, set()).add(_signature(pair))
        if pair.report_b not in inside:  # kept by the save: the other report is not here
            saved.setdefault(pair.report_a, set()).add(_signature(pair))
    kept: set[str] = set()
    loose: set[str] = set()
    for report in saved.keys() | before.keys():
        if report not in inside or report in complete:
            continue
        differ = saved.get(report, set()) ^ before.get(report, set())
        if not differ:
            continue
        if any(_touches(signature, changed) for signature in differ):
            loose.add(report)
        else:
            kept.add(report)
    pairs = [pair for pair in made if pair.report_a not in kept]
    pairs.extend(
        replace(p, cluster_a=assignment[p.report_a], cluster_b=assignment[p.report_b])
        for p in stored
        if p.report_a in kept and p.report_b in inside
    )
    return pairs, loose


def _touches(signature: Signature, changed: Collection[str]) -> bool:
    return signature[0] in changed or signature[1] in changed


def _signature(pair: CandidatePair) -> Signature:
    """The pair without its clusters' ids (a run may rename a happening, not the pair)."""
    return pair.report_a, pair.report_b, pair.score, pair.reason, tuple(pair.points)


__all__ = ["settle"]
