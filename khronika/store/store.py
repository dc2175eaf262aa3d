"""The :class:`Store`: the SQLite (and SQLAlchemy) implementation of every store interface,
composed of one repository per kind of record over one shared engine.

Each repository (:mod:`.documents`, :mod:`.consolidation`, :mod:`.registry`, :mod:`.accounts`,
:mod:`.tokens`, :mod:`.logins`, :mod:`.audit`, :mod:`.reviews`, :mod:`.people`, :mod:`.facets`) can be opened on its own; the store inherits
them all, so ``Store.open(url)`` gives one object with every method. Callers see
:mod:`khronika.model` objects and :class:`~khronika.errors.StoreError` only, and each public
write is one transaction.
"""

from __future__ import annotations

from khronika.store.accounts import AccountRepository
from khronika.store.audit import AuditRepository
from khronika.store.consolidation import ClusterRepository
from khronika.store.documents import DocumentRepository
from khronika.store.facets import FacetRepository
from khronika.store.interfaces import Backend
from khronika.store.logins import LoginRepository
from khronika.store.people import PersonAttributeRepository
from khronika.store.registry import RegistryRepository
from khronika.store.reviews import ReviewRepository
from khronika.store.tokens import TokenRepository


class Store(
    DocumentRepository,
    ClusterRepository,
    RegistryRepository,
    AccountRepository,
    TokenRepository,
    LoginRepository,
    AuditRepository,
    ReviewRepository,
    PersonAttributeRepository,
    FacetRepository,
):
    """A database of documents and events; open with :meth:`open`, use as a context manager."""


# Checked by mypy: the SQLite store offers every interface a caller may depend on.
SQLITE_BACKEND: type[Backend] = Store
