"""People's attributes that monitors record (gender, age, occupation, affiliation, detention
status): analysts' records, appended and never changed, so the history says who set what and
why. The latest record of an entity's field is its value; one with no value clears it.
"""

from __future__ import annotations

from sqlalchemy import select

from khronika.errors import StoreError
from khronika.store import schema
from khronika.store.base import Database, insert_returning_id
from khronika.store.desk import (
    PERSON_ATTRIBUTES,
    PersonAttribute,
    now_stamp,
    person_attribute_from_row,
)


class PersonAttributeRepository(Database):
    """People's recorded attributes (see :class:`PersonAttributeStore` in :mod:`.interfaces`)."""

    def record_person_attribute(
        self, entity_id: str, field: str, value: str | None, *, author: str, reason: str
    ) -> PersonAttribute:
        """Record ``field`` of ``entity_id`` as ``value`` (``None`` or blank clears it)."""
        if field not in PERSON_ATTRIBUTES:
            raise StoreError(
                f"{field!r} is not a person's attribute; one of {', '.join(PERSON_ATTRIBUTES)}"
            )
        if not reason.strip():
            raise StoreError(f"{entity_id} {field}: a record needs a reason")
        kept = value.strip() if value is not None and value.strip() else None
        row = {
            "entity_id": entity_id,
            "field": field,
            "value": kept,
            "author": author,
            "reason": reason.strip(),
            "created_at": now_stamp(),
        }
        with self._write(f"{entity_id}: recording {field}") as connection:
            record_id = insert_returning_id(connection, schema.person_attributes, row)
        return person_attribute_from_row({**row, "id": record_id})

    def person_attribute_history(self, entity_id: str) -> list[PersonAttribute]:
        """Every record of ``entity_id``'s attributes, oldest first."""
        table = schema.person_attributes
        query = select(table).where(table.c.entity_id == entity_id).order_by(table.c.id)
        with self._read(f"{entity_id}: reading attributes") as connection:
            found = connection.execute(query).mappings().all()
        return [person_attribute_from_row(row) for row in found]

    def person_attributes(self, entity_id: str) -> dict[str, PersonAttribute]:
        """The attributes of ``entity_id`` in force (the latest record of each field that has a
        value), in the order of :data:`PERSON_ATTRIBUTES`.
        """
        latest = {record.field: record for record in self.person_attribute_history(entity_id)}
        return {f: latest[f] for f in PERSON_ATTRIBUTES if f in latest and latest[f].value}
