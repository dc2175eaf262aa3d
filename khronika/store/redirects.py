"""Retired happening ids and where they went: kept by each consolidation, followed by reviews.

When a consolidation retires a cluster id (a merge folds two happenings into one), the id is
redirected to the new cluster holding most of its reports (on a tie, the one holding its
earliest report). Reviews keep naming the id they were made under; the store reads them as the
survivor's (see :func:`survivor_of`), so a verified happening merged into another keeps its
verdict and its edits, and an old link finds the happening. A split that gives the id back
drops its redirect; a chain (A into B, then B into C) is kept short: A points at C.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from sqlalchemy import ColumnElement, Connection, delete, func, select, update

from khronika.store import schema


def record_redirects(connection: Connection, owner: Mapping[str, str], now: str) -> None:
    """Before a consolidation replaces the clusters: redirect every id it retires (``owner``
    is each report's new cluster id), re-point redirects to retired ids, drop those given back.
    """
    members, redirects = schema.cluster_members, schema.cluster_redirects
    kept = set(owner.values())
    old: dict[str, list[str]] = {}
    for cluster_id, report in connection.execute(select(members.c.cluster_id, members.c.report_id)):
        old.setdefault(cluster_id, []).append(report)
    moved: dict[str, str] = {}
    for cluster_id, reports in old.items():
        if cluster_id in kept:
            continue
        votes = Counter(owner[r] for r in reports if r in owner)
        if votes:
            first = {owner[r] for r in sorted(reports)[:1] if r in owner}
            moved[cluster_id] = max(votes, key=lambda new: (votes[new], new in first, new))
    if kept:
        connection.execute(delete(redirects).where(redirects.c.old_id.in_(kept)))
    for old_id, new_id in moved.items():
        connection.execute(
            update(redirects).where(redirects.c.new_id == old_id).values(new_id=new_id)
        )
        connection.execute(delete(redirects).where(redirects.c.old_id == old_id))
        connection.execute(redirects.insert().values(old_id=old_id, new_id=new_id, recorded_at=now))


def survivor_of(column: ColumnElement[str]) -> ColumnElement[str]:
    """The cluster a review's ``column`` (a cluster id) counts for: its redirect, or itself."""
    redirects = schema.cluster_redirects
    target = select(redirects.c.new_id).where(redirects.c.old_id == column).scalar_subquery()
    return func.coalesce(target, column)


def redirected(connection: Connection, cluster_id: str) -> str | None:
    """Where a retired id went, if it was retired."""
    redirects = schema.cluster_redirects
    query = select(redirects.c.new_id).where(redirects.c.old_id == cluster_id)
    found: str | None = connection.scalar(query)
    return found


def ids_of(connection: Connection, cluster_id: str) -> list[str]:
    """``cluster_id`` and every retired id that redirects to it."""
    redirects = schema.cluster_redirects
    query = select(redirects.c.old_id).where(redirects.c.new_id == cluster_id)
    return [cluster_id, *connection.scalars(query)]
