"""The audit log: who did what on the desk, when, from where. Lines are appended, never changed
or removed, and name an account by its name (accounts are disabled, never deleted).
"""

from __future__ import annotations

from sqlalchemy import select

from khronika.errors import StoreError
from khronika.store import schema
from khronika.store.base import Database, insert_returning_id
from khronika.store.desk import AuditEntry, audit_entry_from_row, now_stamp


class AuditRepository(Database):
    """The audit log (see :class:`AuditLog` in :mod:`.interfaces`)."""

    def audit(
        self,
        action: str,
        *,
        account: str | None = None,
        detail: str = "",
        address: str | None = None,
    ) -> AuditEntry:
        """Append a line to the audit log; returns it. Lines are never changed or removed."""
        row = {
            "at": now_stamp(),
            "account": account,
            "action": action,
            "detail": detail,
            "address": address,
        }
        with self._write(f"auditing {action}") as connection:
            entry_id = insert_returning_id(connection, schema.audit_log, row)
        return audit_entry_from_row({**row, "id": entry_id})

    def audit_log(self, *, limit: int | None = 100, account: str | None = None) -> list[AuditEntry]:
        """The latest ``limit`` lines (all if ``None``), of ``account`` if given, newest first."""
        if limit is not None and limit < 0:
            raise StoreError(f"audit log: limit must not be negative: {limit}")
        table = schema.audit_log
        query = select(table).order_by(table.c.id.desc())
        if account is not None:
            query = query.where(table.c.account == account)
        if limit is not None:
            query = query.limit(limit)
        with self._read("reading the audit log") as connection:
            found = connection.execute(query).mappings().all()
        return [audit_entry_from_row(row) for row in found]
