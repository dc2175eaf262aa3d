"""The :class:`Store`: documents, their events, extraction outcomes, the consolidation of those
events (clusters, entities, reviewers' decisions), and the analyst's desk (accounts, sessions,
API tokens, the audit log, reviews of happenings, full-text search) behind one small API.

Callers see :mod:`khronika.model` objects and :class:`~khronika.errors.StoreError` only; no
SQLAlchemy type or exception leaves this module. Each public write is one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from enum import Enum
from types import TracebackType
from typing import Any, Final, Self

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    RowMapping,
    Select,
    Table,
    delete,
    distinct,
    false,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from khronika.errors import StoreError
from khronika.model import (
    STATUSES,
    Cluster,
    Decision,
    Document,
    Entity,
    EntityMention,
    Event,
    Review,
)
from khronika.store import schema
from khronika.store.desk import (
    Account,
    ApiToken,
    AuditEntry,
    Session,
    account_from_row,
    api_token_from_row,
    audit_entry_from_row,
    join_ids,
    now_stamp,
    review_from_row,
    review_row,
    session_from_row,
    split_ids,
    stamp,
)
from khronika.store.engine import create_store_engine, describe, parse_url, reading, writing
from khronika.store.migrations import migrate
from khronika.store.search import match_expression, search_body, search_terms

# Shorter prefixes match too many ids to be worth a lookup ("ev_" alone matches all of them).
MIN_ID_PREFIX = 6

# Documents fetched per query by Store.documents: bounds memory, since each row carries raw bytes.
_DOCUMENT_BATCH = 64

_NOT_A_DATABASE = ("file is not a database", "file is encrypted")

# How EventFilter.order may list: by date, sources or confidence, "-" for descending. Unknown
# dates come last either way; ties fall back to the date order.
EVENT_ORDERS = ("date", "-date", "sources", "-sources", "confidence", "-confidence")
# A happening's review status: the latest verify or reject in force, else "unreviewed".
REVIEW_STATES = ("verified", "rejected", "unreviewed")
_VERDICTS = {"verify": "verified", "reject": "rejected"}

# Cluster ids per query of Store.review_statuses: well under every backend's parameter limit.
_IDS_PER_QUERY = 500


class _Unset(Enum):
    UNSET = "unset"


# The default of Store.update_account's fields: "leave as it is" (None is a value there).
_UNSET: Final = _Unset.UNSET


@dataclass(frozen=True)
class EventFilter:
    """Which events :meth:`Store.events` (or clusters :meth:`Store.clusters`) returns; every
    field left ``None`` matches all.

    ``date_from``/``date_to`` keep events whose [start, end] overlaps the range; an event with
    no known date is left out whenever a bound is given. ``place`` matches the country code
    exactly, or a substring of the place name or of the place as written in the text; ``actor``
    is a substring of any actor's name; both ignore case. ``doc`` matches events extracted from
    that document or quoting it. ``person`` is an entity id: events that mention it, or
    clusters one of whose reports does. For clusters the fields are those of the canonical
    event, except that ``actor`` also matches any name the reports gave a linked entity,
    ``place`` any wording of the canonical place in the reports, and ``doc`` any source.

    ``text`` is a full-text search (see :mod:`khronika.store.search`): for clusters on SQLite
    every term must start a word of the summary, a quote, an actor, the place, a charge or a
    demand; elsewhere, and for events, every term must be a substring of the record's JSON
    (ignoring ASCII case only). A text with no letter or digit in it matches nothing.
    ``status`` is the event's (``occurred`` or ``announced``). ``review`` is the reviewers'
    verdict in force (:data:`REVIEW_STATES`); for events, their cluster's. ``order`` is one of
    :data:`EVENT_ORDERS`; ``offset`` skips that many of the ordered results, ``limit`` keeps at
    most that many of the rest.
    """

    type: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    place: str | None = None
    actor: str | None = None
    doc: str | None = None
    person: str | None = None
    limit: int | None = None
    text: str | None = None
    status: str | None = None
    review: str | None = None
    offset: int | None = None
    order: str = "date"

    def __post_init__(self) -> None:
        if self.limit is not None and self.limit < 0:
            raise ValueError(f"limit must not be negative: {self.limit}")
        if self.offset is not None and self.offset < 0:
            raise ValueError(f"offset must not be negative: {self.offset}")
        if self.order not in EVENT_ORDERS:
            raise ValueError(f"unknown order {self.order!r}; one of {', '.join(EVENT_ORDERS)}")
        if self.status is not None and self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}; one of {', '.join(STATUSES)}")
        if self.review is not None and self.review not in REVIEW_STATES:
            raise ValueError(
                f"unknown review status {self.review!r}; one of {', '.join(REVIEW_STATES)}"
            )


@dataclass(frozen=True)
class StoredDocumentStatus:
    """What the latest extraction run made of one document."""

    name: str
    extractor: str | None
    outcome: str
    message: str | None


class Store:
    """A database of documents and events; open with :meth:`open`, use as a context manager."""

    def __init__(self, engine: Engine, where: str) -> None:
        self._engine_or_none: Engine | None = engine
        self._where = where

    # --- lifecycle -----------------------------------------------------------------------------

    @classmethod
    def open(cls, url: str) -> Store:
        """Open (creating if needed) the store at ``url`` and bring its schema up to date."""
        try:
            parsed = parse_url(url)
            engine = create_store_engine(parsed)
        except (SQLAlchemyError, ImportError) as error:
            raise StoreError(f"{url}: cannot open store ({_reason(error)})") from error
        where = describe(parsed)
        try:
            migrate(engine)
        except StoreError as error:
            engine.dispose()
            raise StoreError(f"{where}: {error}") from error
        except SQLAlchemyError as error:
            engine.dispose()
            raise StoreError(f"{where}: {_open_failure(error)}") from error
        return cls(engine, where)

    def close(self) -> None:
        if self._engine_or_none is not None:
            self._engine_or_none.dispose()
            self._engine_or_none = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # --- documents -----------------------------------------------------------------------------

    def has_document(self, sha256: str) -> bool:
        query = select(schema.documents.c.name).where(schema.documents.c.sha256 == sha256)
        with self._read("looking up a document") as connection:
            return connection.scalar(query.limit(1)) is not None

    def add_document(self, document: Document) -> bool:
        """Store ``document``; ``False`` if these bytes are already stored (nothing changes)."""
        with self._write(f"{document.name}: storing the document") as connection:
            return _ensure_document(connection, document)

    def document(self, name: str) -> Document | None:
        query = select(schema.documents).where(schema.documents.c.name == name)
        with self._read(f"{name}: reading the document") as connection:
            row = connection.execute(query).mappings().first()
        return _document_from_row(row) if row is not None else None

    def documents(self) -> Iterator[Document]:
        """Every document, ordered by name, fetched a batch at a time."""
        after: str | None = None
        while True:
            batch = self._document_batch(after)
            yield from batch
            if len(batch) < _DOCUMENT_BATCH:
                return
            after = batch[-1].name

    def _document_batch(self, after: str | None) -> list[Document]:
        # Keyset paging, one short read per batch: no connection stays open while the caller
        # works on a document, so the caller is free to write to the store in between.
        query = select(schema.documents).order_by(schema.documents.c.name).limit(_DOCUMENT_BATCH)
        if after is not None:
            query = query.where(schema.documents.c.name > after)
        with self._read("reading documents") as connection:
            return [_document_from_row(row) for row in connection.execute(query).mappings()]

    # --- extraction results --------------------------------------------------------------------

    def save_extraction(
        self,
        document: Document,
        events: Sequence[Event],
        *,
        extractor: str,
        outcome: str = "ok",
        message: str | None = None,
    ) -> None:
        """Replace ``document``'s events with ``events`` and record the run, all or nothing."""
        if outcome not in schema.OUTCOMES:
            raise StoreError(f"{document.name}: unknown extraction outcome {outcome!r}")
        now = _now()
        # Rows are built before the transaction: a bad event fails without touching the DB.
        event_rows = [_event_row(document.name, event, now) for event in events]
        evidence_rows = [row for event in events for row in _evidence_rows(event)]
        status_row = {
            "doc": document.name,
            "extractor": extractor,
            "outcome": outcome,
            "message": message,
            "updated_at": now,
        }
        with self._write(f"{document.name}: saving extracted events") as connection:
            _ensure_document(connection, document)
            # The evidence of these events goes with them (ON DELETE CASCADE).
            connection.execute(delete(schema.events).where(schema.events.c.doc == document.name))
            if event_rows:
                connection.execute(schema.events.insert(), event_rows)
                connection.execute(schema.evidence.insert(), evidence_rows)
            _replace_status(connection, status_row)

    def events(self, filt: EventFilter | None = None) -> list[Event]:
        """Events matching ``filt``, by date (unknown last), document, position in the text.

        That is the default order; another ``filt.order`` sorts by its key first.
        """
        table = schema.events
        query = _filtered(select(table.c.payload), table, filt or EventFilter(), fts=False)
        with self._read("reading events") as connection:
            return [_event_from_payload(payload) for payload in connection.scalars(query)]

    def reports(self) -> list[Event]:
        """Every per-document event (a "report" to consolidation), in the order of :meth:`events`."""
        return self.events()

    def event(self, event_id: str) -> Event | None:
        """The event with this id, or with this unique id prefix of at least 6 characters."""
        with self._read(f"{event_id}: reading the event") as connection:
            payload = _payload_by_id(connection, schema.events, event_id, "event")
        return _event_from_payload(payload) if payload is not None else None

    def statuses(self) -> list[StoredDocumentStatus]:
        """The latest extraction outcome of every document that has one, by document name."""
        table = schema.document_status
        query = select(table.c.doc, table.c.extractor, table.c.outcome, table.c.message)
        with self._read("reading extraction statuses") as connection:
            rows = connection.execute(query.order_by(table.c.doc)).all()
        return [StoredDocumentStatus(*row) for row in rows]

    def counts(self) -> dict[str, int]:
        with self._read("counting") as connection:
            return {
                "documents": _count(connection, schema.documents.c.name),
                "events": _count(connection, schema.events.c.id),
                "clusters": _count(connection, schema.clusters.c.id),
                "entities": _count(connection, schema.entities.c.id),
            }

    # --- consolidation -------------------------------------------------------------------------

    def save_consolidation(
        self,
        clusters: Sequence[Cluster],
        entities: Sequence[Entity],
        mentions: Sequence[EntityMention],
    ) -> None:
        """Replace every cluster, cluster member, entity and mention with these, and the clusters'
        full-text index (on SQLite) with theirs, all or nothing.

        Decisions and reviews are left as they are. Two clusters or two entities with one id, a
        report in two clusters, or a mention of an entity or cluster not given is refused before
        anything is written, and so is a mention placed in another cluster than its report's. Exact
        duplicate mentions are stored once.
        """
        owner = _check_consolidation(clusters, entities, mentions)
        now = _now()
        unique_mentions = list(dict.fromkeys(mentions))
        # What each cluster's reports called its linked entities, for the actor filter.
        names: dict[str, list[str]] = {}
        for mention in unique_mentions:
            cluster_id = mention.cluster or owner.get(mention.report)
            if cluster_id is not None:
                names.setdefault(cluster_id, []).append(mention.name)
        # Rows are built before the transaction: a bad cluster fails without touching the DB.
        cluster_rows = [_cluster_row(c, names.get(c.id, ()), now) for c in clusters]
        member_rows = [
            {"cluster_id": cluster.id, "report_id": report}
            for cluster in clusters
            for report in dict.fromkeys(cluster.reports)
        ]
        entity_rows = [_entity_row(entity) for entity in entities]
        mention_rows = [_mention_row(mention) for mention in unique_mentions]
        fts = self._fts
        search_rows = [{"cluster_id": c.id, "body": search_body(c)} for c in clusters if fts]
        with self._write("saving the consolidation") as connection:
            if fts:
                connection.execute(delete(schema.cluster_search))
                if search_rows:
                    connection.execute(schema.cluster_search.insert(), search_rows)
            # Children first: the foreign keys would refuse the other order.
            for table in (
                schema.entity_mentions,
                schema.cluster_members,
                schema.entities,
                schema.clusters,
            ):
                connection.execute(delete(table))
            for table, rows in (
                (schema.clusters, cluster_rows),
                (schema.cluster_members, member_rows),
                (schema.entities, entity_rows),
                (schema.entity_mentions, mention_rows),
            ):
                if rows:
                    connection.execute(table.insert(), rows)

    def clusters(self, filt: EventFilter | None = None) -> list[Cluster]:
        """Clusters matching ``filt`` (see :class:`EventFilter`), by date (unknown last), id.

        That is the default order; another ``filt.order`` sorts by its key first.
        """
        table = schema.clusters
        query = _filtered(select(table.c.payload), table, filt or EventFilter(), fts=self._fts)
        with self._read("reading clusters") as connection:
            return [_cluster_from_payload(payload) for payload in connection.scalars(query)]

    def count_clusters(self, filt: EventFilter | None = None) -> int:
        """How many clusters match ``filt``, whatever its ``limit`` and ``offset``: for paging."""
        table = schema.clusters
        conditions = _conditions(table, filt or EventFilter(), fts=self._fts)
        query = select(func.count()).select_from(table).where(*conditions)
        with self._read("counting clusters") as connection:
            return connection.scalar(query) or 0

    def cluster(self, cluster_id: str) -> Cluster | None:
        """The cluster with this id, or with this unique id prefix of at least 6 characters."""
        with self._read(f"{cluster_id}: reading the cluster") as connection:
            payload = _payload_by_id(connection, schema.clusters, cluster_id, "cluster")
        return _cluster_from_payload(payload) if payload is not None else None

    def cluster_of(self, report_id: str) -> str | None:
        """The id of the cluster holding this report (an exact event id), if any."""
        table = schema.cluster_members
        query = select(table.c.cluster_id).where(table.c.report_id == report_id)
        with self._read(f"{report_id}: reading its cluster") as connection:
            return connection.scalar(query)

    def assignment(self) -> dict[str, str]:
        """Report id to cluster id, for every report of the last consolidation."""
        table = schema.cluster_members
        query = select(table.c.report_id, table.c.cluster_id).order_by(table.c.report_id)
        with self._read("reading cluster members") as connection:
            return {row.report_id: row.cluster_id for row in connection.execute(query)}

    def entities(self, kind: str | None = None) -> list[Entity]:
        """Every entity (of ``kind``, if given), by name ignoring case, then id."""
        table = schema.entities
        query = select(table.c.payload)
        if kind is not None:
            query = query.where(table.c.kind == kind)
        with self._read("reading entities") as connection:
            found = [_entity_from_payload(payload) for payload in connection.scalars(query)]
        # Sorted here: SQLite's collation would not fold Cyrillic case.
        return sorted(found, key=lambda entity: (entity.name.casefold(), entity.id))

    def entity(self, entity_id: str) -> Entity | None:
        """The entity with this id, or with this unique id prefix of at least 6 characters."""
        with self._read(f"{entity_id}: reading the entity") as connection:
            payload = _payload_by_id(connection, schema.entities, entity_id, "entity")
        return _entity_from_payload(payload) if payload is not None else None

    def find_entities(self, name: str) -> list[Entity]:
        """Entities with a spelling containing ``name``, ignoring case; exact spellings first."""
        folded = name.strip().casefold()
        if not folded:
            return []
        table = schema.entities
        query = select(table.c.payload).where(table.c.name_search.contains(folded, autoescape=True))
        with self._read(f"{name}: finding entities") as connection:
            found = [_entity_from_payload(payload) for payload in connection.scalars(query)]

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
            rows = connection.execute(query).all()
        return [EntityMention(*row) for row in rows]

    # --- review decisions ----------------------------------------------------------------------

    def add_decision(self, decision: Decision) -> Decision:
        """Record ``decision``; returns it with its new ``id`` and ``created_at`` (kept if set)."""
        if decision.id is not None:
            raise StoreError(f"decision {decision.id} is already recorded")
        created = decision.created_at or datetime.now(UTC).replace(microsecond=0)
        row = _decision_row(decision, created)
        with self._write("recording a decision") as connection:
            decision_id = _insert_returning_id(connection, schema.decisions, row)
        return replace(decision, id=decision_id, created_at=created)

    def decisions(self, *, include_reverted: bool = False) -> list[Decision]:
        """Decisions in the order they were made; reverted ones only if asked for."""
        table = schema.decisions
        query = select(table).order_by(table.c.id)
        if not include_reverted:
            query = query.where(table.c.reverted_at.is_(None))
        with self._read("reading decisions") as connection:
            rows = connection.execute(query).mappings().all()
        return [_decision_from_row(row) for row in rows]

    def revert_decision(self, decision_id: int, author: str) -> None:
        """Mark a decision reverted by ``author``; the record itself is kept."""
        table = schema.decisions
        with self._write(f"decision {decision_id}: reverting") as connection:
            row = connection.execute(
                select(table.c.reverted_at, table.c.reverted_by).where(table.c.id == decision_id)
            ).first()
            if row is None:
                raise StoreError(f"decision {decision_id}: no such decision")
            if row.reverted_at is not None:
                raise StoreError(
                    f"decision {decision_id}: already reverted by {row.reverted_by}"
                    f" at {row.reverted_at}"
                )
            connection.execute(
                update(table)
                .where(table.c.id == decision_id)
                .values(reverted_at=_now(), reverted_by=author)
            )

    # --- accounts ------------------------------------------------------------------------------

    def add_account(self, name: str, role: str, password_hash: str) -> Account:
        """Create an account; a name already taken (even by a disabled account) is refused."""
        if not name or name != name.strip():
            raise StoreError(f"{name!r}: an account name must be non-empty, without outer spaces")
        _check_role(role)
        account = Account(
            name=name,
            role=role,
            password_hash=password_hash,
            created_at=datetime.fromisoformat(now_stamp()),
        )
        row = {
            "name": name,
            "role": role,
            "password_hash": password_hash,
            "totp_secret": None,
            "failed_logins": 0,
            "locked_until": None,
            "created_at": stamp(account.created_at),
            "disabled": False,
        }
        table = schema.accounts
        with self._write(f"account {name}: creating") as connection:
            if connection.scalar(select(table.c.name).where(table.c.name == name)) is not None:
                raise StoreError(f"account {name}: already exists")
            connection.execute(table.insert().values(row))
        return account

    def account(self, name: str) -> Account | None:
        table = schema.accounts
        with self._read(f"account {name}: reading") as connection:
            row = connection.execute(select(table).where(table.c.name == name)).mappings().first()
        return account_from_row(row) if row is not None else None

    def accounts(self) -> list[Account]:
        """Every account, disabled ones included, by name."""
        table = schema.accounts
        with self._read("reading accounts") as connection:
            rows = connection.execute(select(table).order_by(table.c.name)).mappings().all()
        return [account_from_row(row) for row in rows]

    def update_account(
        self,
        name: str,
        *,
        password_hash: str | _Unset = _UNSET,
        role: str | _Unset = _UNSET,
        totp_secret: str | _Unset | None = _UNSET,
        failed_logins: int | _Unset = _UNSET,
        locked_until: datetime | _Unset | None = _UNSET,
        disabled: bool | _Unset = _UNSET,
    ) -> Account:
        """Change the fields given (``None`` clears ``totp_secret`` or ``locked_until``), leave
        the rest; returns the account as it now is. An unknown name is a StoreError."""
        values: dict[str, Any] = {}
        if password_hash is not _UNSET:
            values["password_hash"] = password_hash
        if role is not _UNSET:
            _check_role(role)
            values["role"] = role
        if totp_secret is not _UNSET:
            values["totp_secret"] = totp_secret
        if failed_logins is not _UNSET:
            values["failed_logins"] = failed_logins
        if locked_until is not _UNSET:
            values["locked_until"] = stamp(locked_until) if locked_until is not None else None
        if disabled is not _UNSET:
            values["disabled"] = disabled
        table = schema.accounts
        with self._write(f"account {name}: updating") as connection:
            if values:
                connection.execute(update(table).where(table.c.name == name).values(values))
            row = connection.execute(select(table).where(table.c.name == name)).mappings().first()
            if row is None:
                raise StoreError(f"account {name}: no such account")
        return account_from_row(row)

    def note_failed_login(self, name: str) -> Account:
        """Add one to the account's failed logins, atomically; returns the account after it.

        Concurrent attempts each see their own count, so a lockout decided on the returned
        ``failed_logins`` cannot be raced past. An unknown name is a StoreError.
        """
        table = schema.accounts
        with self._write(f"account {name}: counting a failed login") as connection:
            connection.execute(
                update(table)
                .where(table.c.name == name)
                .values(failed_logins=table.c.failed_logins + 1)
            )
            row = connection.execute(select(table).where(table.c.name == name)).mappings().first()
            if row is None:
                raise StoreError(f"account {name}: no such account")
        return account_from_row(row)

    # --- sessions ------------------------------------------------------------------------------

    def add_session(
        self,
        token_hash: str,
        account: str,
        csrf_token: str,
        expires_at: datetime,
        *,
        pending: bool = False,
    ) -> Session:
        """Record a signed-in session; ``pending`` while its second factor is still owed."""
        created = now_stamp()
        row = {
            "token_hash": token_hash,
            "account": account,
            "csrf_token": csrf_token,
            "created_at": created,
            "expires_at": stamp(expires_at),
            "second_factor_pending": pending,
        }
        with self._write(f"account {account}: starting a session") as connection:
            _require_account(connection, account)
            connection.execute(schema.sessions.insert().values(row))
        return session_from_row(row)

    def session(self, token_hash: str) -> Session | None:
        """The session under this token hash; ``None`` if unknown, expired, or its account is
        disabled."""
        sessions, accounts = schema.sessions, schema.accounts
        query = (
            select(sessions)
            .join(accounts, accounts.c.name == sessions.c.account)
            .where(
                sessions.c.token_hash == token_hash,
                sessions.c.expires_at > now_stamp(),
                accounts.c.disabled.is_(False),
            )
        )
        with self._read("reading a session") as connection:
            row = connection.execute(query).mappings().first()
        return session_from_row(row) if row is not None else None

    def confirm_session(self, token_hash: str) -> None:
        """The second factor is given: the session is no longer pending. Unknown: StoreError."""
        table = schema.sessions
        with self._write("confirming a session") as connection:
            done = connection.execute(
                update(table)
                .where(table.c.token_hash == token_hash)
                .values(second_factor_pending=False)
            )
            if done.rowcount == 0:
                raise StoreError("no such session")

    def delete_session(self, token_hash: str) -> None:
        """End a session (signing out); an unknown one is already gone."""
        table = schema.sessions
        with self._write("ending a session") as connection:
            connection.execute(delete(table).where(table.c.token_hash == token_hash))

    def delete_sessions_of(self, account: str) -> int:
        """End every session of ``account`` (password change, disabling); returns how many."""
        table = schema.sessions
        with self._write(f"account {account}: ending its sessions") as connection:
            done = connection.execute(delete(table).where(table.c.account == account))
        return done.rowcount

    def delete_expired_sessions(self) -> int:
        """Forget sessions past their expiry (housekeeping); returns how many."""
        table = schema.sessions
        with self._write("ending expired sessions") as connection:
            done = connection.execute(delete(table).where(table.c.expires_at <= now_stamp()))
        return done.rowcount

    # --- API tokens ----------------------------------------------------------------------------

    def add_api_token(self, token_hash: str, account: str, label: str) -> int:
        """Record a token of ``account``; returns its id. A hash already stored is refused."""
        table = schema.api_tokens
        row = {
            "token_hash": token_hash,
            "account": account,
            "label": label,
            "created_at": now_stamp(),
        }
        with self._write(f"account {account}: adding an API token") as connection:
            _require_account(connection, account)
            taken = select(table.c.id).where(table.c.token_hash == token_hash)
            if connection.scalar(taken) is not None:
                raise StoreError(f"account {account}: this API token is already stored")
            return _insert_returning_id(connection, table, row)

    def account_for_token(self, token_hash: str) -> Account | None:
        """The account a token signs in, noting the use; ``None`` if the token is unknown or
        revoked, or the account is disabled."""
        tokens, accounts = schema.api_tokens, schema.accounts
        query = (
            select(tokens.c.id, accounts)
            .join(accounts, accounts.c.name == tokens.c.account)
            .where(
                tokens.c.token_hash == token_hash,
                tokens.c.revoked_at.is_(None),
                accounts.c.disabled.is_(False),
            )
        )
        with self._write("checking an API token") as connection:
            row = connection.execute(query).mappings().first()
            if row is None:
                return None
            connection.execute(
                update(tokens).where(tokens.c.id == row["id"]).values(last_used_at=now_stamp())
            )
        return account_from_row(row)

    def revoke_api_token(self, token_id: int, *, account: str | None = None) -> None:
        """Revoke a token for good. With ``account``, only a token of that account: another's
        is "no such token", as an unknown id is; revoking twice is refused too."""
        table = schema.api_tokens
        query = select(table.c.revoked_at).where(table.c.id == token_id)
        if account is not None:
            query = query.where(table.c.account == account)
        with self._write(f"API token {token_id}: revoking") as connection:
            found = connection.execute(query).first()
            if found is None:
                raise StoreError(f"API token {token_id}: no such token")
            if found.revoked_at is not None:
                raise StoreError(f"API token {token_id}: already revoked at {found.revoked_at}")
            connection.execute(
                update(table).where(table.c.id == token_id).values(revoked_at=now_stamp())
            )

    def api_tokens(self, account: str) -> list[ApiToken]:
        """Every token of ``account``, revoked ones included, oldest first."""
        table = schema.api_tokens
        query = select(table).where(table.c.account == account).order_by(table.c.id)
        with self._read(f"account {account}: reading API tokens") as connection:
            rows = connection.execute(query).mappings().all()
        return [api_token_from_row(row) for row in rows]

    # --- audit log -----------------------------------------------------------------------------

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
            entry_id = _insert_returning_id(connection, schema.audit_log, row)
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
            rows = connection.execute(query).mappings().all()
        return [audit_entry_from_row(row) for row in rows]

    # --- reviews -------------------------------------------------------------------------------

    def add_review(self, review: Review, decisions: Sequence[Decision] = ()) -> Review:
        """Record ``review`` with the ``decisions`` (merge or split rulings) it makes, all or
        nothing; returns it with its ``id``, ``created_at`` (kept if set) and ``decisions`` ids.

        The decisions must be new and of the review's own action (a merge review records merge
        decisions); a review that already names decisions is refused.
        """
        if review.id is not None:
            raise StoreError(f"review {review.id} is already recorded")
        if review.decisions:
            raise StoreError(
                f"review of {review.cluster}: its decisions are recorded with it, not named"
            )
        for decision in decisions:
            if decision.id is not None:
                raise StoreError(f"decision {decision.id} is already recorded")
            if decision.action != review.action:
                raise StoreError(
                    f"review of {review.cluster}: a {review.action} review cannot record"
                    f" a {decision.action} decision"
                )
        # As stored (UTC, to the second), so what is returned is what a later read gives.
        created = datetime.fromisoformat(stamp(review.created_at or datetime.now(UTC)))
        row = review_row(review, created.isoformat())
        decision_rows = [_decision_row(d, d.created_at or created) for d in decisions]
        with self._write(f"review of {review.cluster}: recording") as connection:
            decision_ids = tuple(
                _insert_returning_id(connection, schema.decisions, decision_row)
                for decision_row in decision_rows
            )
            row["decision_ids"] = join_ids(decision_ids)
            review_id = _insert_returning_id(connection, schema.reviews, row)
        return replace(review, id=review_id, created_at=created, decisions=decision_ids)

    def reviews(self, cluster_id: str | None = None) -> list[Review]:
        """Every review (of ``cluster_id``, if given), reverted ones included, oldest first."""
        table = schema.reviews
        query = select(table).order_by(table.c.id)
        if cluster_id is not None:
            query = query.where(table.c.cluster_id == cluster_id)
        with self._read("reading reviews") as connection:
            rows = connection.execute(query).mappings().all()
        return [review_from_row(row) for row in rows]

    def review(self, review_id: int) -> Review | None:
        table = schema.reviews
        with self._read(f"review {review_id}: reading") as connection:
            row = (
                connection.execute(select(table).where(table.c.id == review_id)).mappings().first()
            )
        return review_from_row(row) if row is not None else None

    def revert_review(self, review_id: int, author: str) -> Review:
        """Mark a review reverted by ``author``, and with it the decisions it recorded (those
        not reverted already), all or nothing; returns the review as it now is."""
        reviews, decisions = schema.reviews, schema.decisions
        now = now_stamp()
        with self._write(f"review {review_id}: reverting") as connection:
            row = (
                connection.execute(select(reviews).where(reviews.c.id == review_id))
                .mappings()
                .first()
            )
            if row is None:
                raise StoreError(f"review {review_id}: no such review")
            if row["reverted_at"] is not None:
                raise StoreError(
                    f"review {review_id}: already reverted by {row['reverted_by']}"
                    f" at {row['reverted_at']}"
                )
            connection.execute(
                update(reviews)
                .where(reviews.c.id == review_id)
                .values(reverted_at=now, reverted_by=author)
            )
            decision_ids = split_ids(row["decision_ids"])
            if decision_ids:
                connection.execute(
                    update(decisions)
                    .where(decisions.c.id.in_(decision_ids), decisions.c.reverted_at.is_(None))
                    .values(reverted_at=now, reverted_by=author)
                )
        return replace(
            review_from_row(row), reverted_at=datetime.fromisoformat(now), reverted_by=author
        )

    def review_statuses(self, cluster_ids: Iterable[str]) -> dict[str, str]:
        """``"verified"`` or ``"rejected"`` for each of these clusters with a verdict in force
        (its latest verify or reject not reverted); a cluster left out is unreviewed."""
        wanted = list(dict.fromkeys(cluster_ids))
        reviews = schema.reviews
        found: dict[str, str] = {}
        with self._read("reading review statuses") as connection:
            for start in range(0, len(wanted), _IDS_PER_QUERY):
                chunk = wanted[start : start + _IDS_PER_QUERY]
                latest = _verdict_ids().where(reviews.c.cluster_id.in_(chunk))
                query = select(reviews.c.cluster_id, reviews.c.action).where(
                    reviews.c.id.in_(latest)
                )
                found.update(
                    (row.cluster_id, _VERDICTS[row.action]) for row in connection.execute(query)
                )
        return found

    # --- plumbing ------------------------------------------------------------------------------

    @property
    def _engine(self) -> Engine:
        if self._engine_or_none is None:
            raise StoreError(f"{self._where}: the store is closed")
        return self._engine_or_none

    @property
    def _fts(self) -> bool:
        """Whether clusters have the FTS5 index (SQLite) rather than LIKE on the payload."""
        return self._engine.dialect.name == "sqlite"

    @contextmanager
    def _read(self, action: str) -> Iterator[Connection]:
        with self._translated(action), reading(self._engine) as connection:
            yield connection

    @contextmanager
    def _write(self, action: str) -> Iterator[Connection]:
        with self._translated(action), writing(self._engine) as connection:
            yield connection

    @contextmanager
    def _translated(self, action: str) -> Iterator[None]:
        try:
            yield
        except SQLAlchemyError as error:
            raise StoreError(f"{self._where}: {action} failed ({_reason(error)})") from error


# --- documents ---------------------------------------------------------------------------------


def _ensure_document(connection: Connection, document: Document) -> bool:
    """Insert ``document`` unless its bytes are stored; a new text under a stored name is refused.

    Returns whether it was inserted.
    """
    table = schema.documents
    stored = connection.execute(
        select(table.c.name, table.c.sha256).where(
            or_(table.c.sha256 == document.sha256, table.c.name == document.name)
        )
    ).all()
    if any(row.sha256 == document.sha256 for row in stored):
        return False
    if stored:
        # Evidence offsets point into the stored text; replacing it would orphan every quote.
        raise StoreError(f"{document.name}: a different document with this name is already stored")
    connection.execute(table.insert().values(_document_row(document)))
    return True


def _document_row(document: Document) -> dict[str, Any]:
    ingested_at = document.ingested_at or datetime.now(UTC)
    return {
        "name": document.name,
        "sha256": document.sha256,
        "raw": document.raw,
        "text": document.text,
        "media_type": document.media_type,
        "title": document.title,
        "published": _iso(document.published),
        "language": document.language,
        "address": document.address,
        "outlet": document.outlet,
        "ingested_at": ingested_at.isoformat(),
        "ingested_by": document.ingested_by,
    }


def _document_from_row(row: RowMapping) -> Document:
    published, ingested_at = row["published"], row["ingested_at"]
    return Document(
        name=row["name"],
        text=row["text"],
        sha256=row["sha256"],
        raw=bytes(row["raw"]),
        media_type=row["media_type"],
        title=row["title"],
        published=date.fromisoformat(published) if published else None,
        language=row["language"],
        address=row["address"],
        outlet=row["outlet"],
        ingested_at=datetime.fromisoformat(ingested_at) if ingested_at else None,
        ingested_by=row["ingested_by"],
    )


# --- events ------------------------------------------------------------------------------------


def _event_row(doc: str, event: Event, now: str) -> dict[str, Any]:
    return {
        "id": event.id,
        "doc": doc,
        "type": event.type,
        "subtype": event.subtype,
        "status": event.status,
        "date_start": _iso(event.date.start),
        "date_end": _iso(event.date.end),
        "date_precision": event.date.precision,
        "place_name": event.location.name,
        "country": event.location.country,
        "first_start": event.evidence[0].start,
        "place_search": _search_text(event.location.name, event.location.text),
        "actor_search": _search_text(*(actor.name for actor in event.actors)),
        "payload": json.dumps(event.to_dict(), ensure_ascii=False),
        "confidence": event.confidence,
        "created_at": now,
    }


def _evidence_rows(event: Event) -> list[dict[str, Any]]:
    return [
        {
            "event_id": event.id,
            "ordinal": ordinal,
            "doc": quote.doc,
            "start": quote.start,
            "end": quote.end,
            "text": quote.text,
        }
        for ordinal, quote in enumerate(event.evidence)
    ]


def _event_from_payload(payload: str) -> Event:
    return Event.from_dict(json.loads(payload))


def _search_text(*values: str | None) -> str:
    # Newline-separated so a substring cannot match across two names.
    return "\n".join(dict.fromkeys(value.casefold() for value in values if value))


def _payload_by_id(connection: Connection, table: Table, wanted: str, what: str) -> str | None:
    """``table``'s payload under id ``wanted``, or under a unique prefix of it (see MIN_ID_PREFIX)."""
    ids, payloads = table.c.id, table.c.payload
    payload: str | None = connection.scalar(select(payloads).where(ids == wanted))
    if payload is None and len(wanted) >= MIN_ID_PREFIX:
        prefixed = select(payloads).where(ids.startswith(wanted, autoescape=True))
        matches = connection.scalars(prefixed.limit(2)).all()
        if len(matches) > 1:
            raise StoreError(f"{wanted}: ambiguous {what} id prefix")
        payload = matches[0] if matches else None
    return payload


def _filtered(query: Select[Any], table: Table, filt: EventFilter, *, fts: bool) -> Select[Any]:
    """``query`` over ``table`` (events or clusters), restricted by ``filt``, in its order.

    Both list by date, unknown last; events then by document and position in it, clusters by id.
    An order by sources or confidence sorts by that first and by the date order within it.
    """
    query = query.where(*_conditions(table, filt, fts=fts)).order_by(*_ordering(table, filt.order))
    if filt.offset:
        query = query.offset(filt.offset)
    return query.limit(filt.limit) if filt.limit is not None else query


def _ordering(table: Table, order: str) -> list[ColumnElement[Any]]:
    descending = order.startswith("-")
    key = order.lstrip("-")
    ties = (
        (table.c.doc, table.c.first_start, table.c.id) if table is schema.events else (table.c.id,)
    )
    by_date = [
        # "IS NULL" first rather than NULLS LAST: same order on every SQLite and PostgreSQL.
        table.c.date_start.is_(None),
        table.c.date_start.desc() if key == "date" and descending else table.c.date_start,
        *ties,
    ]
    if key == "date":
        return by_date
    primary = _n_sources(table) if key == "sources" else table.c.confidence
    return [primary.desc() if descending else primary.asc(), *by_date]


def _n_sources(table: Table) -> ColumnElement[Any]:
    if table is schema.clusters:
        return table.c.n_sources
    quotes = schema.evidence
    return (
        select(func.count(distinct(quotes.c.doc)))
        .where(quotes.c.event_id == table.c.id)
        .scalar_subquery()
    )


def _conditions(table: Table, filt: EventFilter, *, fts: bool) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filt.type:
        conditions.append(table.c.type == filt.type)
    if filt.date_from or filt.date_to:
        conditions.append(table.c.date_start.is_not(None))
    if filt.date_from:
        # An event without an end lasted its start date (or month, or year) only.
        last_day = func.coalesce(table.c.date_end, table.c.date_start)
        conditions.append(last_day >= filt.date_from.isoformat())
    if filt.date_to:
        conditions.append(table.c.date_start <= filt.date_to.isoformat())
    if filt.place:
        conditions.append(
            or_(
                table.c.country == filt.place.strip().upper(),
                table.c.place_search.contains(filt.place.casefold(), autoescape=True),
            )
        )
    if filt.actor:
        conditions.append(table.c.actor_search.contains(filt.actor.casefold(), autoescape=True))
    if filt.doc:
        conditions.append(_from_doc(table, filt.doc))
    if filt.person:
        conditions.append(_mentioning(table, filt.person))
    if filt.status:
        conditions.append(table.c.status == filt.status)
    if filt.review:
        conditions.append(_reviewed(table, filt.review))
    if filt.text and filt.text.strip():
        conditions.extend(_matching(table, filt.text, fts=fts))
    return conditions


def _matching(table: Table, text: str, *, fts: bool) -> list[ColumnElement[bool]]:
    terms = search_terms(text)
    if not terms:
        return [false()]
    if fts and table is schema.clusters:
        index = schema.cluster_search
        found = select(index.c.cluster_id).where(index.c.body.match(match_expression(terms)))
        return [table.c.id.in_(found)]
    return [table.c.payload.icontains(term, autoescape=True) for term in terms]


def _verdict_ids() -> Select[Any]:
    """Ids of the reviews that set a status: each cluster's latest verify or reject in force."""
    reviews = schema.reviews
    return (
        select(func.max(reviews.c.id))
        .where(reviews.c.action.in_(tuple(_VERDICTS)), reviews.c.reverted_at.is_(None))
        .group_by(reviews.c.cluster_id)
    )


def _reviewed(table: Table, state: str) -> ColumnElement[bool]:
    reviews = schema.reviews
    with_verdict = select(reviews.c.cluster_id).where(reviews.c.id.in_(_verdict_ids()))
    if state != "unreviewed":
        action = next(a for a, s in _VERDICTS.items() if s == state)
        with_verdict = with_verdict.where(reviews.c.action == action)
    if table is schema.events:
        members = schema.cluster_members
        reports = select(members.c.report_id).where(members.c.cluster_id.in_(with_verdict))
        return table.c.id.not_in(reports) if state == "unreviewed" else table.c.id.in_(reports)
    return (
        table.c.id.not_in(with_verdict) if state == "unreviewed" else table.c.id.in_(with_verdict)
    )


def _from_doc(table: Table, doc: str) -> ColumnElement[bool]:
    if table is schema.events:
        quoting = select(schema.evidence.c.event_id).where(schema.evidence.c.doc == doc)
        return or_(table.c.doc == doc, table.c.id.in_(quoting))
    members, events = schema.cluster_members, schema.events
    reported = (
        select(members.c.cluster_id)
        .join(events, events.c.id == members.c.report_id)
        .where(events.c.doc == doc)
    )
    return or_(table.c.sources.contains(f"\n{doc}\n", autoescape=True), table.c.id.in_(reported))


def _mentioning(table: Table, entity_id: str) -> ColumnElement[bool]:
    mentions = schema.entity_mentions
    reports = select(mentions.c.report_id).where(mentions.c.entity_id == entity_id)
    if table is schema.events:
        return table.c.id.in_(reports)
    members = schema.cluster_members
    via_reports = select(members.c.cluster_id).where(members.c.report_id.in_(reports))
    direct = select(mentions.c.cluster_id).where(
        mentions.c.entity_id == entity_id, mentions.c.cluster_id.is_not(None)
    )
    return or_(table.c.id.in_(via_reports), table.c.id.in_(direct))


# --- consolidation -----------------------------------------------------------------------------


def _check_consolidation(
    clusters: Sequence[Cluster], entities: Sequence[Entity], mentions: Sequence[EntityMention]
) -> dict[str, str]:
    """Refuse an inconsistent consolidation; return the cluster id of every report."""
    cluster_ids = _unique("clusters", [cluster.id for cluster in clusters])
    entity_ids = _unique("entities", [entity.id for entity in entities])
    owner: dict[str, str] = {}
    for cluster in clusters:
        for report in cluster.reports:
            first = owner.setdefault(report, cluster.id)
            if first != cluster.id:
                raise StoreError(
                    f"cannot save the consolidation: report {report} is in two clusters"
                    f" ({first}, {cluster.id})"
                )
    for mention in mentions:
        if mention.entity not in entity_ids:
            raise StoreError(
                f"cannot save the consolidation: {mention.report} mentions"
                f" unknown entity {mention.entity}"
            )
        if mention.cluster is None:
            continue
        if mention.cluster not in cluster_ids:
            raise StoreError(
                f"cannot save the consolidation: a mention in {mention.report} points to"
                f" unknown cluster {mention.cluster}"
            )
        placed = owner.get(mention.report, mention.cluster)
        if placed != mention.cluster:
            raise StoreError(
                f"cannot save the consolidation: a mention in {mention.report} points to"
                f" cluster {mention.cluster}, but the report is in {placed}"
            )
    return owner


def _unique(what: str, ids: Sequence[str]) -> set[str]:
    seen: set[str] = set()
    for identifier in ids:
        if identifier in seen:
            raise StoreError(f"cannot save the consolidation: two {what} with id {identifier}")
        seen.add(identifier)
    return seen


def _cluster_row(cluster: Cluster, mention_names: Sequence[str], now: str) -> dict[str, Any]:
    event = cluster.event
    place = event.location
    # Other reports' wording of the same place ("У Києві" beside "in Kyiv") is searchable too.
    wordings = [
        claim.value.get("text")
        for claim in cluster.claims
        if claim.field == "location" and claim.value.get("name") == place.name
    ]
    return {
        "id": cluster.id,
        "type": event.type,
        "subtype": event.subtype,
        "status": event.status,
        "date_start": _iso(event.date.start),
        "date_end": _iso(event.date.end),
        "date_precision": event.date.precision,
        "place_name": place.name,
        "country": place.country,
        "place_search": _search_text(place.name, place.text, *wordings),
        "actor_search": _search_text(*(actor.name for actor in event.actors), *mention_names),
        "sources": "".join(f"\n{source}" for source in event.sources) + "\n",
        "confidence": event.confidence,
        "n_sources": len(event.sources),
        "n_reports": len(cluster.reports),
        "disputed": ",".join(cluster.disputed),
        "case_id": cluster.case,
        "payload": json.dumps(cluster.to_dict(), ensure_ascii=False),
        "updated_at": now,
    }


def _cluster_from_payload(payload: str) -> Cluster:
    return Cluster.from_dict(json.loads(payload))


def _entity_row(entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.id,
        "kind": entity.kind,
        "name": entity.name,
        "name_search": _search_text(entity.name, *entity.spellings),
        "payload": json.dumps(entity.to_dict(), ensure_ascii=False),
    }


def _entity_from_payload(payload: str) -> Entity:
    return Entity.from_dict(json.loads(payload))


def _mention_row(mention: EntityMention) -> dict[str, Any]:
    return {
        "entity_id": mention.entity,
        "report_id": mention.report,
        "doc": mention.doc,
        "name": mention.name,
        "role": mention.role,
        "cluster_id": mention.cluster,
    }


def _decision_row(decision: Decision, created: datetime) -> dict[str, Any]:
    return {
        "action": decision.action,
        "report_a": decision.report_a,
        "report_b": decision.report_b,
        "author": decision.author,
        "reason": decision.reason,
        "created_at": created.isoformat(),
    }


def _decision_from_row(row: RowMapping) -> Decision:
    return Decision(
        id=row["id"],
        action=row["action"],
        report_a=row["report_a"],
        report_b=row["report_b"],
        author=row["author"],
        reason=row["reason"],
        created_at=datetime.fromisoformat(row["created_at"]),
        reverted_at=datetime.fromisoformat(row["reverted_at"]) if row["reverted_at"] else None,
        reverted_by=row["reverted_by"],
    )


# --- the desk ----------------------------------------------------------------------------------


def _check_role(role: str) -> None:
    if role not in schema.ACCOUNT_ROLES:
        raise StoreError(f"unknown role {role!r}; one of {', '.join(schema.ACCOUNT_ROLES)}")


def _require_account(connection: Connection, name: str) -> None:
    table = schema.accounts
    if connection.scalar(select(table.c.name).where(table.c.name == name)) is None:
        raise StoreError(f"account {name}: no such account")


def _insert_returning_id(connection: Connection, table: Table, row: Mapping[str, Any]) -> int:
    inserted = connection.execute(table.insert().values(row).returning(table.c.id))
    return int(inserted.scalar_one())


# --- status and small helpers ------------------------------------------------------------------


def _replace_status(connection: Connection, row: Mapping[str, Any]) -> None:
    # Delete-then-insert inside the caller's transaction: an upsert both backends spell alike.
    table = schema.document_status
    connection.execute(delete(table).where(table.c.doc == row["doc"]))
    connection.execute(table.insert().values(row))


def _count(connection: Connection, column: ColumnElement[Any]) -> int:
    return connection.scalar(select(func.count(column))) or 0


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _reason(error: BaseException) -> str:
    """The driver's own one-line message, without SQLAlchemy's SQL echo and links."""
    if isinstance(error, DBAPIError) and error.orig is not None:
        error = error.orig
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def _open_failure(error: SQLAlchemyError) -> str:
    reason = _reason(error)
    if any(marker in reason for marker in _NOT_A_DATABASE):
        return f"not a khronika database ({reason})"
    return f"cannot open store ({reason})"
