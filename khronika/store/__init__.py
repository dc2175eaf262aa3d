"""Persistence of documents, events and extraction outcomes (SQLite now, PostgreSQL later).

Everything outside this package goes through :class:`Store`; tables and migrations are details.
"""

from __future__ import annotations

from khronika.store.store import EventFilter, Store, StoredDocumentStatus

__all__ = ["EventFilter", "Store", "StoredDocumentStatus"]
