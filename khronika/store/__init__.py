"""Persistence of documents, events and extraction outcomes (SQLite now, PostgreSQL later),
of their consolidation, and of the analyst's desk (accounts, sessions, API tokens, audit log,
reviews, full-text search).

Everything outside this package goes through :class:`Store`, or through the protocol of the
records it needs (:mod:`.interfaces`); tables, migrations and the repositories the store is
composed of are details.
"""

from __future__ import annotations

from khronika.store.desk import (
    PERSON_ATTRIBUTES,
    Account,
    ApiToken,
    AuditEntry,
    LoginClaim,
    LoginLimits,
    PersonAttribute,
    Session,
)
from khronika.store.documents import StoredDocumentStatus
from khronika.store.facets import FacetCounts
from khronika.store.interfaces import (
    AccountStore,
    AuditLog,
    Backend,
    ClusterStore,
    DecisionStore,
    DocumentStore,
    FacetStore,
    LoginStore,
    PersonAttributeStore,
    RegistryStore,
    ReportStore,
    ReviewStore,
    SessionStore,
    TokenStore,
)
from khronika.store.queries import EVENT_ORDERS, EventFilter
from khronika.store.schema import ACCOUNT_ROLES
from khronika.store.store import Store
from khronika.store.verdicts import REVIEW_STATES

__all__ = [
    "ACCOUNT_ROLES",
    "EVENT_ORDERS",
    "PERSON_ATTRIBUTES",
    "REVIEW_STATES",
    "Account",
    "AccountStore",
    "ApiToken",
    "AuditEntry",
    "AuditLog",
    "Backend",
    "ClusterStore",
    "DecisionStore",
    "DocumentStore",
    "EventFilter",
    "FacetCounts",
    "FacetStore",
    "LoginClaim",
    "LoginLimits",
    "LoginStore",
    "PersonAttribute",
    "PersonAttributeStore",
    "RegistryStore",
    "ReportStore",
    "ReviewStore",
    "Session",
    "SessionStore",
    "Store",
    "StoredDocumentStatus",
    "TokenStore",
]
