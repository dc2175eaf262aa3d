"""Facet counts of the happenings a filter matches, counted by the database: one GROUP BY per
facet over the clusters' filter columns, which hold the reviewed view (an analyst's correction
of a type, a place or a date moves the happening to its corrected value), so no happening is
read to count it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Connection, distinct, func, select

from khronika.store import schema
from khronika.store.base import Database
from khronika.store.queries import EventFilter, conditions


@dataclass(frozen=True)
class FacetCounts:
    """How many matching happenings have each value of each facet, and how many have none."""

    type: dict[str, int] = field(default_factory=dict)
    country: dict[str, int] = field(default_factory=dict)
    status: dict[str, int] = field(default_factory=dict)
    year: dict[str, int] = field(default_factory=dict)
    source: dict[str, int] = field(default_factory=dict)
    no_country: int = 0
    undated: int = 0


class FacetRepository(Database):
    """Facet counts by GROUP BY (see :class:`FacetStore` in :mod:`.interfaces`)."""

    def facet_counts(self, filt: EventFilter | None = None) -> FacetCounts:
        """Per type, country, status, year and source document, the happenings matching
        ``filt`` (its order, offset and limit ignored), and those with no country or date.
        """
        table = schema.clusters
        where = conditions(table, filt or EventFilter(), fts=self._fts)
        with self._read("counting facets") as connection:

            def grouped(column: ColumnElement[str | None]) -> dict[str, int]:
                query = select(column, func.count()).where(*where).group_by(column)
                return {value: count for value, count in connection.execute(query) if value}

            return FacetCounts(
                type=grouped(table.c.type),
                country=grouped(table.c.country),
                status=grouped(table.c.status),
                # The ISO date's first four characters: substr is the same on SQLite and
                # PostgreSQL, and reads the year off the index-backed column.
                year=grouped(func.substr(table.c.date_start, 1, 4)),
                source=_sources(connection, where),
                no_country=_count(connection, [*where, table.c.country.is_(None)]),
                undated=_count(connection, [*where, table.c.date_start.is_(None)]),
            )


def _count(connection: Connection, where: list[ColumnElement[bool]]) -> int:
    table = schema.clusters
    return connection.scalar(select(func.count()).select_from(table).where(*where)) or 0


def _sources(connection: Connection, where: list[ColumnElement[bool]]) -> dict[str, int]:
    # A happening's sources are the documents its reports quote: counted once per happening.
    members, quotes = schema.cluster_members, schema.evidence
    matching = select(schema.clusters.c.id).where(*where)
    query = (
        select(quotes.c.doc, func.count(distinct(members.c.cluster_id)))
        .join(quotes, quotes.c.event_id == members.c.report_id)
        .where(members.c.cluster_id.in_(matching))
        .group_by(quotes.c.doc)
    )
    return {doc: count for doc, count in connection.execute(query)}
