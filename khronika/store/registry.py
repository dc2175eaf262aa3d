"""The registry of entities (people, organisations) consolidation linked, and their mentions in
reports, as the last consolidation saved them (see :mod:`.consolidation`).
"""

from __future__ import annotations

from sqlalchemy import func, select

from khronika.model import Entity, EntityMention
from khronika.store import rows, schema
from khronika.store.base import Database
from khronika.store.queries import payload_by_id


class RegistryRepository(Database):
    """Entities and their mentions (see :class:`RegistryStore` in :mod:`.interfaces`)."""

    def entities(self, kind: str | None = None) -> list[Entity]:
        """Every entity (of ``kind``, if given), by name ignoring case, then id."""
        table = schema.entities
        query = select(table.c.payload)
        if kind is not None:
            query = query.where(table.c.kind == kind)
        with self._read("reading entities") as connection:
            found = [rows.entity_from_payload(payload) for payload in connection.scalars(query)]
        # Sorted here: SQLite's collation would not fold Cyrillic case.
        return sorted(found, key=lambda entity: (entity.name.casefold(), entity.id))

    def entity(self, entity_id: str) -> Entity | None:
        """The entity with this id, or with this unique id prefix of at least 6 characters."""
        with self._read(f"{entity_id}: reading the entity") as connection:
            payload = payload_by_id(connection, schema.entities, entity_id, "entity")
        return rows.entity_from_payload(payload) if payload is not None else None

    def find_entities(self, name: str) -> list[Entity]:
        """Entities with a spelling containing ``name``, ignoring case; exact spellings first."""
        folded = name.strip().casefold()
        if not folded:
            return []
        table = schema.entities
        query = select(table.c.payload).where(table.c.name_search.contains(folded, autoescape=True))
        with self._read(f"{name}: finding entities") as connection:
            found = [rows.entity_from_payload(payload) for payload in connection.scalars(query)]

        def rank(entity: Entity) -> tuple[bool, str, str]:
            spellings = {s.casefold() for s in (entity.name, *entity.spellings)}
            return (folded not in spellings, entity.name.casefold(), entity.id)

        return sorted(found, key=rank)

    def happening_counts(self) -> dict[str, int]:
        """For every entity with a clustered mention: how many happenings it appears in."""
        table = schema.entity_mentions
        query = (
            select(table.c.entity_id, func.count(table.c.cluster_id.distinct()))
            .where(table.c.cluster_id.is_not(None))
            .group_by(table.c.entity_id)
        )
        with self._read("counting happenings per entity") as connection:
            return {entity: count for entity, count in connection.execute(query).all()}

    def mentions_of(self, entity_id: str) -> list[EntityMention]:
        """Every mention of this entity (exact id), by document, report, then as saved."""
        table = schema.entity_mentions
        query = (
            select(
                table.c.entity_id,
                table.c.report_id,
                table.c.doc,
                table.c.name,
                table.c.role,
                table.c.cluster_id,
            )
            .where(table.c.entity_id == entity_id)
            .order_by(table.c.doc, table.c.report_id, table.c.id)
        )
        with self._read(f"{entity_id}: reading mentions") as connection:
            found = connection.execute(query).all()
        return [EntityMention(*row) for row in found]
