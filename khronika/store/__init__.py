"""Persistence of documents, events and extraction outcomes (SQLite now, PostgreSQL later),
of their consolidation, and of the analyst's desk (accounts, sessions, API tokens, audit log,
reviews, full-text search).

Everything outside this package goes through :class:`Store`; tables and migrations are details.
"""

from __future__ import annotations

from khronika.store.desk import Account, ApiToken, AuditEntry, Session
from khronika.store.schema import ACCOUNT_ROLES
from khronika.store.store import (
    EVENT_ORDERS,
    REVIEW_STATES,
    EventFilter,
    Store,
    StoredDocumentStatus,
)

__all__ = [
    "ACCOUNT_ROLES",
    "EVENT_ORDERS",
    "REVIEW_STATES",
    "Account",
    "ApiToken",
    "AuditEntry",
    "EventFilter",
    "Session",
    "Store",
    "StoredDocumentStatus",
]
