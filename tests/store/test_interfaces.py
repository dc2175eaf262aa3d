"""The store's interfaces: each repository offers exactly the protocol of its records, the
store offers them all, and code written against one protocol runs on the store unchanged.
"""

from __future__ import annotations

import inspect

import pytest

from khronika.store import (
    AccountStore,
    AuditLog,
    Backend,
    ClusterStore,
    DecisionStore,
    DocumentStore,
    RegistryStore,
    ReportStore,
    ReviewStore,
    SessionStore,
    Store,
    TokenStore,
)
from khronika.store.accounts import AccountRepository
from khronika.store.audit import AuditRepository
from khronika.store.base import Database
from khronika.store.consolidation import ClusterRepository
from khronika.store.documents import DocumentRepository
from khronika.store.registry import RegistryRepository
from khronika.store.reviews import ReviewRepository
from khronika.store.tokens import TokenRepository

from .happenings import EN, REPORT_EN

# Each repository and the protocols it implements, together covering its public methods.
REPOSITORIES: list[tuple[type[Database], tuple[type, ...]]] = [
    (DocumentRepository, (DocumentStore, ReportStore)),
    (ClusterRepository, (ClusterStore, DecisionStore)),
    (RegistryRepository, (RegistryStore,)),
    (AccountRepository, (AccountStore, SessionStore)),
    (TokenRepository, (TokenStore,)),
    (AuditRepository, (AuditLog,)),
    (ReviewRepository, (ReviewStore,)),
]
PROTOCOLS = [protocol for _, protocols in REPOSITORIES for protocol in protocols]


def public_methods(cls: type) -> set[str]:
    """The public methods ``cls`` itself defines (not those it inherits)."""
    return {
        name
        for name, member in vars(cls).items()
        if not name.startswith("_") and inspect.isfunction(member)
    }


@pytest.mark.parametrize(
    ("repository", "protocols"), REPOSITORIES, ids=[r.__name__ for r, _ in REPOSITORIES]
)
def test_a_repository_offers_exactly_its_protocols(
    repository: type[Database], protocols: tuple[type, ...]
) -> None:
    # No method escapes the interface a second backend has to implement, and none is missing.
    promised = set().union(*(public_methods(protocol) for protocol in protocols))
    assert public_methods(repository) == promised


@pytest.mark.parametrize(
    ("repository", "protocols"), REPOSITORIES, ids=[r.__name__ for r, _ in REPOSITORIES]
)
def test_a_repository_opened_alone_is_its_protocols_and_no_other(
    repository: type[Database], protocols: tuple[type, ...]
) -> None:
    with repository.open("sqlite://") as opened:
        assert isinstance(opened, repository)
        for protocol in PROTOCOLS:
            assert isinstance(opened, protocol) == (protocol in protocols), protocol.__name__
        assert not isinstance(opened, Backend)


def test_the_store_is_every_protocol_at_once() -> None:
    with Store.open("sqlite://") as store:
        assert isinstance(store, Backend)
        assert all(isinstance(store, protocol) for protocol in PROTOCOLS)
    assert set(PROTOCOLS) <= set(Backend.__mro__)
    assert public_methods(Backend) == {"close"}  # and the context manager's methods


def test_the_protocols_share_no_method() -> None:
    seen: dict[str, str] = {}
    for protocol in PROTOCOLS:
        for name in public_methods(protocol):
            assert name not in seen, f"{name} is in {seen.get(name)} and {protocol.__name__}"
            seen[name] = protocol.__name__


def test_repositories_opened_alone_share_one_database(db_url: str) -> None:
    url = db_url
    with DocumentRepository.open(url) as documents:
        documents.save_extraction(EN, [REPORT_EN], extractor="rules/1")
    with AuditRepository.open(url) as audit:
        audit.audit("extraction.saved", account="dana", detail=EN.name)
    with Store.open(url) as store:
        assert store.event(REPORT_EN.id) == REPORT_EN
        assert [entry.detail for entry in store.audit_log()] == [EN.name]


def test_code_written_against_a_protocol_runs_on_the_store() -> None:
    def names_of_documents(documents: DocumentStore) -> list[str]:
        return [document.name for document in documents.documents()]

    def log_in(audit: AuditLog, account: str) -> str:
        return audit.audit("login", account=account).action

    with Store.open("sqlite://") as store:
        store.add_document(EN)
        assert names_of_documents(store) == [EN.name]
        assert log_in(store, "dana") == "login"
