"""What the rest of khronika may ask of a store, as small protocols, one per kind of record.

Code that reads or writes one kind of record (the web desk's accounts, the exports' clusters,
publishing's reviews) depends on the protocol of that kind, not on :class:`~.store.Store`; a
second backend (PostgreSQL) is a set of classes that satisfy these, and :class:`Backend` is all
of them at once. The SQLite store satisfies each through one repository (``.documents``,
``.consolidation``, ``.registry``, ``.accounts``, ``.tokens``, ``.logins``, ``.audit``, ``.reviews``); the
contract of each method is written on that repository's method.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self, runtime_checkable

from khronika.model import (
    CandidatePair,
    Cluster,
    Decision,
    Document,
    Entity,
    EntityMention,
    Event,
    Review,
)
from khronika.store.desk import (
    UNSET,
    Account,
    ApiToken,
    AuditEntry,
    LoginClaim,
    LoginLimits,
    PersonAttribute,
    Session,
    Unset,
)
from khronika.store.documents import StoredDocumentStatus
from khronika.store.facets import FacetCounts
from khronika.store.queries import EventFilter


@runtime_checkable
class DocumentStore(Protocol):
    """Source documents, stored once by their bytes, never replaced under their name."""

    def has_document(self, sha256: str) -> bool:
        """Whether a document with these bytes is stored."""
        ...

    def name_of(self, sha256: str) -> str | None:
        """The name the document with these bytes is stored under."""
        ...

    def extracted_hashes(self) -> set[str]:
        """The SHA-256 of every document whose latest extraction ended well."""
        ...

    def add_alias(self, doc: str, alias: str) -> bool:
        """Record another name of a stored document."""
        ...

    def aliases(self) -> dict[str, str]:
        """Every alias and the document it names."""
        ...

    def update_metadata(self, document: Document) -> list[tuple[str, str | None, str | None]]:
        """Give a stored document new metadata (never a new text), recorded."""
        ...

    def integrity_problems(self) -> list[str]:
        """Logical checks (schema, keys, search, half-written rows) and the engine's own."""
        ...

    def misquoted_documents(self) -> dict[str, int]:
        """Documents with quotes that are not their text at the offsets."""
        ...

    def state(self, key: str) -> int:
        """A bookkeeping counter of the store."""
        ...

    def add_document(self, document: Document) -> bool:
        """Store a document; ``False`` if its bytes are already stored."""
        ...

    def document(self, name: str) -> Document | None:
        """The document stored under ``name``."""
        ...

    def documents(self) -> Iterator[Document]:
        """Every document, by name."""
        ...


@runtime_checkable
class ReportStore(Protocol):
    """Events extracted per document (the reports of consolidation) and extraction outcomes."""

    def unclustered_reports(self) -> list[str]:
        """Ids of the reports that are in no happening."""
        ...

    def save_extraction(
        self,
        document: Document,
        events: Sequence[Event],
        *,
        extractor: str,
        outcome: str = "ok",
        message: str | None = None,
    ) -> None:
        """Replace a document's events and record the run, all or nothing."""
        ...

    def events(self, filt: EventFilter | None = None) -> list[Event]:
        """Events matching ``filt``, in its order."""
        ...

    def reports(self) -> list[Event]:
        """Every event, as consolidation reads them."""
        ...

    def event(self, event_id: str) -> Event | None:
        """The event with this id or unique id prefix."""
        ...

    def statuses(self) -> list[StoredDocumentStatus]:
        """The latest extraction outcome of every document."""
        ...

    def counts(self) -> dict[str, int]:
        """How many documents, events, clusters and entities are stored."""
        ...


@runtime_checkable
class ClusterStore(Protocol):
    """Happenings (clusters of reports), saved whole with the entity registry."""

    def save_consolidation(
        self,
        clusters: Sequence[Cluster],
        entities: Sequence[Entity],
        mentions: Sequence[EntityMention],
        *,
        generation: int | None = None,
        candidates: Sequence[CandidatePair] = (),
        keys: Sequence[tuple[str, str]] | None = None,
    ) -> None:
        """Replace the whole consolidation, all or nothing."""
        ...

    def candidate_pairs(self, cluster_id: str | None = None) -> list[CandidatePair]:
        """Possible duplicates, best first; only those involving ``cluster_id`` if given."""
        ...

    def report_generation(self) -> int:
        """How many extractions have been saved."""
        ...

    def consolidation_stale(self) -> bool:
        """Whether reports were saved since the last completed consolidation."""
        ...

    def clusters(self, filt: EventFilter | None = None) -> list[Cluster]:
        """Clusters matching ``filt``, in its order."""
        ...

    def count_clusters(self, filt: EventFilter | None = None) -> int:
        """How many clusters match ``filt``, ignoring its limit and offset."""
        ...

    def cluster(self, cluster_id: str) -> Cluster | None:
        """The cluster with this id or unique id prefix."""
        ...

    def cluster_redirect(self, cluster_id: str) -> str | None:
        """Where a happening id a merge retired went."""
        ...

    def cluster_of(self, report_id: str) -> str | None:
        """The id of the cluster holding this report."""
        ...

    def assignment(self) -> dict[str, str]:
        """Report id to cluster id, for every clustered report."""
        ...

    def founders(self) -> dict[str, str]:
        """Cluster id to its founding report (earliest stored), retired ids included."""
        ...


@runtime_checkable
class DecisionStore(Protocol):
    """Reviewers' merge and split decisions, as consolidation must obey them."""

    def decisions(self, *, include_reverted: bool = False) -> list[Decision]:
        """Decisions in the order they were made."""
        ...


@runtime_checkable
class RegistryStore(Protocol):
    """The entities consolidation linked, and their mentions in reports."""

    def entities(self, kind: str | None = None) -> list[Entity]:
        """Every entity (of ``kind``), by name."""
        ...

    def entity(self, entity_id: str) -> Entity | None:
        """The entity with this id or unique id prefix."""
        ...

    def find_entities(self, name: str) -> list[Entity]:
        """Entities with a spelling containing ``name``, exact ones first."""
        ...

    def happening_counts(self) -> dict[str, int]:
        """How many happenings each entity appears in."""
        ...

    def mentions_of(self, entity_id: str) -> list[EntityMention]:
        """Every mention of this entity."""
        ...


@runtime_checkable
class AccountStore(Protocol):
    """The desk's accounts, kept with a password hash, disabled rather than deleted."""

    def add_account(self, name: str, role: str, password_hash: str) -> Account:
        """Create an account under a name not yet taken."""
        ...

    def account(self, name: str) -> Account | None:
        """The account of this name."""
        ...

    def accounts(self) -> list[Account]:
        """Every account, by name."""
        ...

    def update_account(
        self,
        name: str,
        *,
        password_hash: str | Unset = UNSET,
        role: str | Unset = UNSET,
        totp_secret: str | Unset | None = UNSET,
        failed_logins: int | Unset = UNSET,
        locked_until: datetime | Unset | None = UNSET,
        disabled: bool | Unset = UNSET,
    ) -> Account:
        """Change the fields given, leave the rest."""
        ...

    def note_failed_login(self, name: str) -> Account:
        """Count one more failed login, atomically."""
        ...


@runtime_checkable
class SessionStore(Protocol):
    """Signed-in browsers, known by the hash of their cookie's token."""

    def add_session(
        self,
        token_hash: str,
        account: str,
        csrf_token: str,
        expires_at: datetime,
        *,
        pending: bool = False,
    ) -> Session:
        """Record a session, ``pending`` while its second factor is owed."""
        ...

    def session(self, token_hash: str) -> Session | None:
        """The live session under this hash, of an enabled account."""
        ...

    def delete_session(self, token_hash: str) -> None:
        """End one session."""
        ...

    def delete_sessions_of(self, account: str) -> int:
        """End every session of an account; returns how many."""
        ...

    def delete_expired_sessions(self) -> int:
        """Forget expired sessions; returns how many."""
        ...


@runtime_checkable
class TokenStore(Protocol):
    """API tokens of scripts, kept as hashes, revoked rather than deleted."""

    def add_api_token(
        self, token_hash: str, account: str, label: str, *, expires_at: datetime | None = None
    ) -> int:
        """Record a token of an account, dead after ``expires_at``; returns its id."""
        ...

    def account_for_token(self, token_hash: str) -> Account | None:
        """The account a live token signs in, noting the use."""
        ...

    def revoke_api_token(self, token_id: int, *, account: str | None = None) -> None:
        """Revoke a token for good."""
        ...

    def api_tokens(self, account: str) -> list[ApiToken]:
        """Every token of an account, oldest first."""
        ...


@runtime_checkable
class LoginStore(Protocol):
    """The login guard: attempts counted before they are checked, TOTP steps, recovery codes."""

    def claim_login_attempt(
        self, name: str, address: str | None, limits: LoginLimits
    ) -> LoginClaim:
        """Count earlier attempts and record this one as pending, in one transaction."""
        ...

    def settle_login_attempt(self, attempt_id: int, outcome: str) -> None:
        """Mark a pending attempt failed, or passed its first factor."""
        ...

    def note_login(self, name: str, address: str | None) -> None:
        """A whole login passed from ``address``: known from now on, its failures forgiven."""
        ...

    def login_failures(self, name: str, since: datetime) -> int:
        """Counted attempts on a name since a moment."""
        ...

    def clear_login_failures(self, name: str) -> int:
        """Forgive every counted attempt on a name; returns how many."""
        ...

    def use_totp_step(self, name: str, step: int) -> bool:
        """Accept a TOTP time step once, and only after the last one accepted."""
        ...

    def reset_totp_steps(self, name: str) -> None:
        """Forget the last TOTP step used."""
        ...

    def replace_recovery_codes(self, name: str, code_hashes: list[str]) -> None:
        """Replace every recovery code of an account."""
        ...

    def use_recovery_code(self, name: str, code_hash: str) -> bool:
        """Spend one unused recovery code; False if unknown or spent."""
        ...

    def recovery_codes_left(self, name: str) -> int:
        """How many unused recovery codes an account has."""
        ...


@runtime_checkable
class AuditLog(Protocol):
    """An append-only log of who did what on the desk."""

    def audit(
        self,
        action: str,
        *,
        account: str | None = None,
        detail: str = "",
        address: str | None = None,
    ) -> AuditEntry:
        """Append a line."""
        ...

    def audit_log(self, *, limit: int | None = 100, account: str | None = None) -> list[AuditEntry]:
        """The latest lines, newest first."""
        ...


@runtime_checkable
class ReviewStore(Protocol):
    """Reviews of happenings, with the decisions a merge or split review records."""

    def add_review(self, review: Review, decisions: Sequence[Decision] = ()) -> Review:
        """Record a review and its decisions, all or nothing."""
        ...

    def reviews(self, cluster_id: str | None = None) -> list[Review]:
        """Every review (of one cluster), oldest first."""
        ...

    def reviews_of(self, cluster_ids: Sequence[str]) -> dict[str, list[Review]]:
        """The reviews of each of these clusters, oldest first, read all at once."""
        ...

    def review(self, review_id: int) -> Review | None:
        """The review with this id."""
        ...

    def revert_review(self, review_id: int, author: str) -> Review:
        """Revert a review and the decisions it recorded, all or nothing."""
        ...


@runtime_checkable
class PersonAttributeStore(Protocol):
    """What monitors record of a person, as analysts' records never overwritten."""

    def record_person_attribute(
        self, entity_id: str, field: str, value: str | None, *, author: str, reason: str
    ) -> PersonAttribute:
        """Record one attribute of a person (``None`` clears it)."""
        ...

    def person_attribute_history(self, entity_id: str) -> list[PersonAttribute]:
        """Every record of a person's attributes, oldest first."""
        ...

    def person_attributes(self, entity_id: str) -> dict[str, PersonAttribute]:
        """A person's attributes in force, by field."""
        ...


@runtime_checkable
class FacetStore(Protocol):
    """Facet counts of the happenings a filter matches, counted by the database."""

    def facet_counts(self, filt: EventFilter | None = None) -> FacetCounts:
        """Per type, country, status, year and source, and those with no country or date."""
        ...


@runtime_checkable
class Backend(
    DocumentStore,
    ReportStore,
    ClusterStore,
    DecisionStore,
    RegistryStore,
    AccountStore,
    SessionStore,
    TokenStore,
    LoginStore,
    AuditLog,
    ReviewStore,
    PersonAttributeStore,
    FacetStore,
    Protocol,
):
    """A whole store: every kind of record, over one database, closed when done."""

    def close(self) -> None:
        """Release the database; closing twice is harmless."""
        ...

    def __enter__(self) -> Self:
        """The store itself, closed when the block ends."""
        ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close the store."""
        ...
