"""Reports into groups of one happening: blocking, greedy joining, reviewers' rulings, stable ids.

Blocking keeps the cost linear: a report is compared only with the groups filed under its type,
country and the weeks its date may fall in, or under its type and a named person it shares.
Reports are taken most precise first (exact days before months, months before unknown dates) so
a vague report joins a group that precise ones have already formed. A report joins the group it
scores best with; a tie between two groups is ambiguity, and the report stays on its own rather
than be guessed into one of them. Every member of a group must be compatible with the newcomer,
so a chain of near-matches cannot drag two different happenings together.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TypeVar

from khronika.consolidate.compare import Report, pair_score
from khronika.model import Decision
from khronika.settings import ConsolidationSettings

K = TypeVar("K")

_PRECISION_ORDER = {"day": 0, "month": 1, "year": 2, "unknown": 3}

BlockKey = tuple[str, str | None, int]


def group_reports(
    reports: Sequence[Report],
    settings: ConsolidationSettings,
    decisions: Sequence[Decision] = (),
) -> list[list[Report]]:
    """Partition ``reports`` into happenings, obeying the reviewers' ``decisions``."""
    decisions = [d for d in decisions if d.reverted_at is None]
    apart = _split_partners(decisions)
    groups: list[list[Report]] = []
    by_block: dict[BlockKey, list[int]] = {}
    by_entity: dict[tuple[str, str], list[int]] = {}
    for report in sorted(reports, key=_processing_order):
        candidates: set[int] = set()
        for key in _block_keys(report, settings.day_slack):
            candidates.update(by_block.get(key, ()))
        for entity in report.entities:
            candidates.update(by_entity.get((report.event.type, entity), ()))
        chosen = _best_group(report, candidates, groups, apart, settings)
        if chosen is None:
            chosen = len(groups)
            groups.append([])
        groups[chosen].append(report)
        for key in _block_keys(report, settings.day_slack):
            _file(by_block, key, chosen)
        for entity in report.entities:
            _file(by_entity, (report.event.type, entity), chosen)
    return _apply_merges(groups, decisions, apart)


def _best_group(
    report: Report,
    candidates: Iterable[int],
    groups: list[list[Report]],
    apart: Mapping[str, set[str]],
    settings: ConsolidationSettings,
) -> int | None:
    scored: list[tuple[float, int]] = []
    forbidden = apart.get(report.id, set())
    for index in sorted(candidates):
        score = _group_score(report, groups[index], forbidden, settings)
        if score is not None and score >= settings.join_score:
            scored.append((score, index))
    if not scored:
        return None
    scored.sort(key=lambda item: (-item[0], item[1]))
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        return None  # two equally good homes: the report does not say which
    return scored[0][1]


def _group_score(
    report: Report, members: list[Report], forbidden: set[str], settings: ConsolidationSettings
) -> float | None:
    best = 0.0
    for member in members:
        if member.id in forbidden:
            return None
        score = pair_score(report, member, settings)
        if score is None:
            return None
        best = max(best, score)
    return best


def _processing_order(report: Report) -> tuple[int, str, str]:
    start = report.start.isoformat() if report.start else ""
    return _PRECISION_ORDER.get(report.precision, 3), start, report.id


def _block_keys(report: Report, slack: int) -> Iterator[BlockKey]:
    """(type, country, week number) of every week the report's date may fall in."""
    days = report.date_range(slack)
    if days is None:
        return
    first, last = days
    week = first.toordinal() // 7
    while week <= last.toordinal() // 7:
        yield report.event.type, report.country, week
        week += 1


def _file(index: dict[K, list[int]], key: K, group: int) -> None:
    filed = index.setdefault(key, [])
    if not filed or filed[-1] != group:
        filed.append(group)


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


def assign_ids(groups: Sequence[Sequence[Report]], previous: Mapping[str, str]) -> list[str]:
    """An id per group: the id its reports had before where possible, else one made from them.

    On a first run the id is a hash of the group's smallest report id, so the same input gives
    the same ids. On later runs a group keeps the id most of its reports already had, so new
    documents joining a cluster do not rename it; each old id goes to one group only.
    """
    ids: list[str | None] = [None] * len(groups)
    taken: set[str] = set()
    claims: list[tuple[int, str, int]] = []
    for index, members in enumerate(groups):
        votes = Counter(previous[r.id] for r in members if r.id in previous)
        claims.extend((-count, old, index) for old, count in votes.items())
    for _count, old, index in sorted(claims):
        if ids[index] is None and old not in taken:
            ids[index] = old
            taken.add(old)
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
