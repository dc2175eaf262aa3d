"""Reports into groups of one happening: blocking, greedy joining, reviewers' rulings, stable ids.

Blocking (:mod:`.blocking`) keeps the cost linear. Reports are taken most precise first (exact
days before months, months before yearless month-days, those before unknown dates) so a vague
report joins a group that precise ones have already formed. A report joins the group it scores
best with; a tie between two groups is ambiguity, and the report stays on its own rather than be
guessed into one of them. Every member of a group must be compatible with the newcomer, so a
chain of near-matches cannot drag two different happenings together.

Every join is explained (:class:`~khronika.model.Join`: the member it scored best with, the
points by name), and the pairs that nearly joined are kept as
:class:`~khronika.model.CandidatePair`: below the threshold, a tie, a soft veto (a neighbouring
day without corroboration), or an undated report that matched a group only on type and city.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from khronika.consolidate.blocking import Blocks
from khronika.consolidate.compare import Report, Score, judge
from khronika.model import CandidatePair, Decision, Join
from khronika.settings import ConsolidationSettings

_PRECISION_ORDER = {"day": 0, "month": 1, "year": 2, "month_day": 3, "unknown": 4}
# Vetoes a reviewer may well overrule: the pair is shown as a possible duplicate.
SOFT_VETOES = frozenset({"near_day_uncorroborated"})


@dataclass
class Grouping:
    """Groups of reports, why each report joined its group, and the pairs left for review."""

    groups: list[list[Report]]
    joins: dict[str, Join] = field(default_factory=dict)  # report id -> its join
    candidates: list[CandidatePair] = field(default_factory=list)


@dataclass
class _Best:
    """The best pair of a report with one group's members."""

    score: Score
    member: str
    vetoed: bool


def group_reports(
    reports: Sequence[Report],
    settings: ConsolidationSettings,
    decisions: Sequence[Decision] = (),
) -> list[list[Report]]:
    """Partition ``reports`` into happenings, obeying the reviewers' ``decisions``."""
    return group_explained(reports, settings, decisions).groups


def group_explained(
    reports: Sequence[Report],
    settings: ConsolidationSettings,
    decisions: Sequence[Decision] = (),
) -> Grouping:
    """Partition ``reports`` into happenings, with every join explained and near-misses kept."""
    decisions = [d for d in decisions if d.reverted_at is None]
    apart = _split_partners(decisions)
    groups: list[list[Report]] = []
    blocks = Blocks(slack=settings.day_slack, undated_limit=settings.undated_block_limit)
    joins: dict[str, Join] = {}
    near: list[CandidatePair] = []
    for report in sorted(reports, key=_processing_order):
        forbidden = apart.get(report.id, set())
        scored = _scored_groups(report, blocks.candidates(report), groups, forbidden, settings)
        mine: list[CandidatePair] = []
        chosen = _choose(report, scored, settings, mine)
        for index in blocks.undated_candidates(report):
            if index != chosen and index not in scored:
                _undated_candidate(report, groups[index], forbidden, settings, mine)
        # Only the best few are kept: an undated report in a busy city nearly matches hundreds.
        mine.sort(key=lambda pair: (-pair.score, pair.report_b))
        near.extend(mine[: settings.candidates_per_report])
        if chosen is None:
            chosen = len(groups)
            groups.append([])
        else:
            best = scored[chosen]
            joins[report.id] = Join(report.id, best.member, best.score.total, best.score.points)
        groups[chosen].append(report)
        blocks.file(report, chosen)
    merged = _apply_merges(groups, decisions, apart)
    for decision in decisions:
        if decision.action == "merge" and decision.report_b not in joins:
            joins[decision.report_b] = Join(
                decision.report_b, decision.report_a, 0.0, (), by="reviewer"
            )
    return Grouping(merged, joins, near)


def _scored_groups(
    report: Report,
    candidates: Iterable[int],
    groups: list[list[Report]],
    forbidden: set[str],
    settings: ConsolidationSettings,
) -> dict[int, _Best]:
    scored: dict[int, _Best] = {}
    for index in sorted(candidates):
        best = _group_score(report, groups[index], forbidden, settings)
        if best is not None:
            scored[index] = best
    return scored


def _choose(
    report: Report,
    scored: Mapping[int, _Best],
    settings: ConsolidationSettings,
    near: list[CandidatePair],
) -> int | None:
    """The group the report joins, or None; near-misses go to ``near``."""
    joinable: list[tuple[float, int]] = []
    for index, best in scored.items():
        if best.vetoed:
            soft = set(best.score.vetoes) <= SOFT_VETOES
            if soft and best.score.total >= settings.candidate_score:
                near.append(_pair(report, best, best.score.vetoes[0]))
        elif best.score.total >= settings.join_score:
            joinable.append((best.score.total, index))
        elif best.score.total >= settings.candidate_score:
            near.append(_pair(report, best, "below_threshold"))
    if not joinable:
        return None
    joinable.sort(key=lambda item: (-item[0], item[1]))
    if len(joinable) > 1 and joinable[0][0] == joinable[1][0]:
        top = joinable[0][0]
        near.extend(_pair(report, scored[i], "tie") for total, i in joinable if total == top)
        return None  # two equally good homes: the report does not say which
    return joinable[0][1]


def _undated_candidate(
    report: Report,
    members: list[Report],
    forbidden: set[str],
    settings: ConsolidationSettings,
    near: list[CandidatePair],
) -> None:
    best = _group_score(report, members, forbidden, settings)
    if best is not None and not best.vetoed and best.score.total >= settings.candidate_score:
        near.append(_pair(report, best, "undated"))


def _pair(report: Report, best: _Best, reason: str) -> CandidatePair:
    return CandidatePair(report.id, best.member, best.score.total, reason, best.score.points)


def _group_score(
    report: Report, members: list[Report], forbidden: set[str], settings: ConsolidationSettings
) -> _Best | None:
    """The best pair with the group's members; ``vetoed`` when any member contradicts it.

    None when a reviewer split the report from a member, or a hard veto leaves nothing to show.
    """
    best: _Best | None = None
    veto: _Best | None = None
    for member in members:
        if member.id in forbidden:
            return None
        score = judge(report, member, settings)
        if not score.joinable:
            if not set(score.vetoes) <= SOFT_VETOES:
                return _Best(score, member.id, vetoed=True)
            veto = veto or _Best(score, member.id, vetoed=True)
            continue
        if best is None or score.total > best.score.total:
            best = _Best(score, member.id, vetoed=False)
    return veto if veto is not None else best


def _processing_order(report: Report) -> tuple[int, str, str]:
    start = report.start.isoformat() if report.start else ""
    return _PRECISION_ORDER.get(report.precision, 4), start, report.id


# --- reviewers' rulings ------------------------------------------------------------------------


def _split_partners(decisions: Sequence[Decision]) -> dict[str, set[str]]:
    apart: dict[str, set[str]] = {}
    for decision in decisions:
        if decision.action == "split":
            apart.setdefault(decision.report_a, set()).add(decision.report_b)
            apart.setdefault(decision.report_b, set()).add(decision.report_a)
    return apart


def _apply_merges(
    groups: list[list[Report]], decisions: Sequence[Decision], apart: Mapping[str, set[str]]
) -> list[list[Report]]:
    """Join the groups a reviewer ruled to be one, unless that would undo a ruled split."""
    group_of = {report.id: index for index, members in enumerate(groups) for report in members}
    parent = list(range(len(groups)))
    ids: dict[int, set[str]] = {}

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    def members_of(index: int) -> set[str]:
        return ids.setdefault(index, {report.id for report in groups[index]})

    for decision in decisions:
        if decision.action != "merge":
            continue
        if decision.report_a not in group_of or decision.report_b not in group_of:
            continue  # a report no longer extracted: the ruling waits for it to come back
        a, b = root(group_of[decision.report_a]), root(group_of[decision.report_b])
        if a == b:
            continue
        ids_a, ids_b = members_of(a), members_of(b)
        if any(apart.get(report, set()) & ids_b for report in ids_a):
            continue
        keep, gone = min(a, b), max(a, b)
        parent[gone] = keep
        ids[keep] = ids_a | ids_b
    merged: dict[int, list[Report]] = {}
    for index, members in enumerate(groups):
        merged.setdefault(root(index), []).extend(members)
    return list(merged.values())


# --- stable identifiers ------------------------------------------------------------------------


def assign_ids(
    groups: Sequence[Sequence[Report]],
    previous: Mapping[str, str],
    founders: Mapping[str, str] | None = None,
) -> list[str]:
    """An id per group: the id its reports had before where possible, else one made from them.

    On a first run the id is a hash of the group's smallest report id, so the same input gives
    the same ids. On later runs an id follows its founding report (``founders``: each id, in
    use or retired by a merge, and its earliest-stored report): a happening split apart keeps
    its id where its founding report goes, and a retired id comes back to the group that holds
    its founding report again (a merge undone). When two ids' founders meet in one group (a
    merge), the id most of its reports had wins. A group whose founders are gone keeps the id
    most of its reports already had, so new documents joining a cluster do not rename it; each
    id goes to one group only.
    """
    founders = founders or {}
    ids: list[str | None] = [None] * len(groups)
    taken: set[str] = set()
    where = {r.id: index for index, members in enumerate(groups) for r in members}
    votes = [Counter(previous[r.id] for r in members if r.id in previous) for members in groups]
    in_use = set(previous.values())

    def give(claims: list[tuple[int, str, int]]) -> None:
        for _count, old, index in sorted(claims):
            if ids[index] is None and old not in taken:
                ids[index] = old
                taken.add(old)

    # 1. An id in use goes where its founding report is; 2. else where most of its reports
    # are; 3. a retired id comes back where its founding report is, to a group still without.
    found = [(old, where[f]) for old, f in founders.items() if f in where]
    give([(-votes[i][old], old, i) for old, i in found if old in in_use])
    give([(-count, old, i) for i, counted in enumerate(votes) for old, count in counted.items()])
    give([(0, old, i) for old, i in found if old not in in_use])
    result: list[str] = []
    for index, members in enumerate(groups):
        assigned = ids[index]
        if assigned is None:
            assigned = _fresh_id(min(r.id for r in members), taken)
            taken.add(assigned)
        result.append(assigned)
    return result


def _fresh_id(seed: str, taken: set[str]) -> str:
    salt = 0
    while True:
        digest = hashlib.sha256(f"{seed}#{salt}".encode()).hexdigest()[:16]
        candidate = f"cl_{digest}"
        if candidate not in taken:
            return candidate
        salt += 1
