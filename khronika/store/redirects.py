"""Retired happening ids and where they went: kept by each consolidation, followed by reviews.

When a consolidation retires a cluster id (a merge folds two happenings into one), the id is
redirected to the new cluster holding most of its reports (on a tie, the one holding its
earliest report), and its founding report (its earliest stored) is kept with the redirect: a
later consolidation gives the id back to the happening that holds that report again (a split,
a merge undone; see :func:`khronika.consolidate.clusters.assign_ids`). Reviews keep naming the id they were made under; the store reads them as the
survivor's (see :func:`survivor_of`), so a verified happening merged into another keeps its
verdict and its edits, and an old link finds the happening. A split that gives the id back
drops its redirect; a chain (A into B, then B into C) is kept short: A points at C.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from sqlalchemy import ColumnElement, Connection, delete, func, select, update

from khronika.store import schema


def record_redirects(
    connection: Connection,
    owner: Mapping[str, str],
    now: str,
    *,
    among: Sequence[str] | None = None,
    old: Mapping[str, Sequence[str]] | None = None,
) -> None:
    """Before a consolidation replaces the clusters: redirect every id it retires (``owner``
    is each report's new cluster id), re-point redirects to retired ids, drop those given back.
    ``among`` limits it to the clusters a partial save replaces. ``old`` (each replaced
    cluster's reports) is read from the stored members unless given (a streamed save has
    deleted them by then).
    """
    members, redirects = schema.cluster_members, schema.cluster_redirects
    kept = set(owner.values())
    if old is None:
        stored: dict[str, list[str]] = {}
        query = select(members.c.cluster_id, members.c.report_id)
        if among is not None:
            query = query.where(members.c.cluster_id.in_(among))
        for cluster_id, report in connection.execute(query):
            stored.setdefault(cluster_id, []).append(report)
        old = stored
    moved: dict[str, str] = {}
    retiring = {cid: reports for cid, reports in old.items() if cid not in kept}
    founders = founding_reports(connection, retiring)
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
        connection.execute(
            redirects.insert().values(
                old_id=old_id, new_id=new_id, recorded_at=now, founder=founders.get(old_id)
            )
        )


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


def founding_reports(
    connection: Connection, clusters: Mapping[str, Sequence[str]]
) -> dict[str, str]:
    """Each cluster's founding report: of its reports (ids), the earliest stored (its
    document's time of ingest, then its place in the document, then its id). A report no
    longer stored comes after every stored one.
    """
    events, documents = schema.events, schema.documents
    wanted = {report for reports in clusters.values() for report in reports}
    if not wanted:
        return {}
    order: dict[str, tuple[str, str, int, str]] = {}
    query = select(events.c.id, documents.c.ingested_at, events.c.doc, events.c.first_start).join(
        documents, documents.c.name == events.c.doc
    )
    for row in connection.execute(query):
        if row.id in wanted:
            order[row.id] = (row.ingested_at, row.doc, row.first_start, row.id)
    unknown = ("\uffff", "", 0, "")
    return {
        cluster_id: min(reports, key=lambda r: (order.get(r, unknown), r))
        for cluster_id, reports in clusters.items()
        if reports
    }


def founders(connection: Connection) -> dict[str, str]:
    """Every cluster id's founding report: those in use (from their members now) and those a
    merge retired (recorded when retired; unknown for ids retired before migration 0009).
    """
    members, redirects = schema.cluster_members, schema.cluster_redirects
    current: dict[str, list[str]] = {}
    for cluster_id, report in connection.execute(select(members.c.cluster_id, members.c.report_id)):
        current.setdefault(cluster_id, []).append(report)
    found = founding_reports(connection, current)
    retired = select(redirects.c.old_id, redirects.c.founder).where(
        redirects.c.founder.is_not(None)
    )
    for old_id, founder in connection.execute(retired):
        found.setdefault(old_id, founder)
    return found
