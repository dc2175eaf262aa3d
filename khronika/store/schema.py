"""Tables of the store, in SQLAlchemy Core so SQLite and PostgreSQL share one definition.

Dates and timestamps are ISO text, not native types: ISO strings sort and compare correctly on
every backend, and what is written is exactly what :mod:`khronika.model` parses back.
``events.payload`` holds ``Event.to_dict()`` as JSON text and is the record of truth; the other
event columns are copies of it kept only so that filters and ordering can run in SQL. The same
holds for ``clusters.payload`` (``Cluster.to_dict()``) and ``entities.payload``.

The consolidation tables (clusters, their members, entities, their mentions) are derived data:
consolidation rewrites all of them at once, and with them the full-text index ``cluster_search``.
``decisions`` and ``reviews`` are not: reviewers' rulings are only ever added, or marked reverted.

The desk's tables (migration 0003) hold accounts, their sessions and API tokens, and the audit
log. The store keeps only hashes of passwords, session tokens and API tokens; hashing is the web
layer's business.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    false,
)
from sqlalchemy.sql import column, table

# Named constraints, so a later migration can drop or alter them on PostgreSQL by name.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

OUTCOMES = ("ok", "no_extractor", "error")

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("name", Text, primary_key=True),
    Column("applied_at", Text, nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("name", Text, primary_key=True),
    Column("sha256", Text, nullable=False, unique=True),
    Column("raw", LargeBinary, nullable=False),
    Column("text", Text, nullable=False),
    Column("media_type", Text, nullable=False),
    Column("title", Text),
    Column("published", Text),
    Column("language", Text),
    Column("address", Text),
    Column("outlet", Text),
    Column("ingested_at", Text, nullable=False),
    # Added by 0003_desk: the account that uploaded the document, None for the command line.
    Column("ingested_by", Text),
)


def _filter_columns() -> list[Column[object]]:
    """Copies of an event's fields that filters and ordering run on, for events and clusters.

    A function, not a list: a Column belongs to one table, so each table needs its own.
    """
    return [
        Column("type", Text, nullable=False),
        Column("subtype", Text),
        Column("status", Text, nullable=False),
        Column("date_start", Text),
        Column("date_end", Text),
        Column("date_precision", Text, nullable=False),
        Column("place_name", Text),
        Column("country", Text),
    ]


# Keyed by the event's stable id, so later records (reviews) can point at an event and survive
# re-extraction of the same document, which reproduces the same ids.
events = Table(
    "events",
    metadata,
    Column("id", Text, primary_key=True),
    Column("doc", Text, ForeignKey("documents.name"), nullable=False),
    *_filter_columns(),
    # Offset of the first evidence quote: the last ordering key, so events of one document
    # list in reading order without a join.
    Column("first_start", Integer, nullable=False),
    # Case-folded search text, computed in Python: SQLite's lower() folds ASCII only, and most
    # sources are Cyrillic. One newline-joined string per filter keeps the query a plain LIKE.
    Column("place_search", Text, nullable=False),
    Column("actor_search", Text, nullable=False),
    Column("payload", Text, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("created_at", Text, nullable=False),
    Index(None, "type"),
    Index(None, "date_start"),
    Index(None, "country"),
    Index(None, "doc"),
)

evidence = Table(
    "evidence",
    metadata,
    Column(
        "event_id",
        Text,
        ForeignKey("events.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("ordinal", Integer, primary_key=True),
    Column("doc", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Index(None, "doc"),
)

# One row per document: what the latest extraction run made of it. Replaced on each run.
document_status = Table(
    "document_status",
    metadata,
    Column("doc", Text, ForeignKey("documents.name", ondelete="CASCADE"), primary_key=True),
    Column("extractor", Text),
    Column("outcome", Text, nullable=False),
    Column("message", Text),
    Column("updated_at", Text, nullable=False),
    CheckConstraint(f"outcome IN ({', '.join(repr(o) for o in OUTCOMES)})", name="outcome"),
)


# --- consolidation (migration 0002) ------------------------------------------------------------

DECISION_ACTIONS = ("merge", "split")

# One row per happening: the canonical event of its reports, with the filter and order columns
# of ``events`` copied from it.
clusters = Table(
    "clusters",
    metadata,
    Column("id", Text, primary_key=True),
    *_filter_columns(),
    Column("place_search", Text, nullable=False),
    # Actor names of the canonical event and every name its reports' entity mentions used.
    Column("actor_search", Text, nullable=False),
    # Source document names, each on its own line and the whole wrapped in newlines, so a doc
    # filter is a LIKE on "\n<name>\n" that cannot match part of a longer name.
    Column("sources", Text, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("n_sources", Integer, nullable=False),
    Column("n_reports", Integer, nullable=False),
    # Comma-joined field names ("date,counts.killed"), empty when the reports agree.
    Column("disputed", Text, nullable=False),
    Column("case_id", Text),
    Column("payload", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    # Added by 0009_review_state: the reviewed status (khronika.store.verdicts.REVIEW_STATES),
    # kept in step with the reviews like the filter columns, so a status filter is a column test.
    Column("review_status", Text, nullable=False, server_default="unreviewed"),
    Index(None, "type"),
    Index(None, "date_start"),
    Index(None, "country"),
    Index(None, "case_id"),
    Index(None, "review_status"),
)

# Which cluster each report (an ``events.id``) belongs to. No foreign key to ``events``:
# re-extraction deletes and re-inserts a document's events, and consolidation rewrites this
# table after it.
cluster_members = Table(
    "cluster_members",
    metadata,
    Column(
        "cluster_id",
        Text,
        ForeignKey("clusters.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("report_id", Text, primary_key=True),
    Index(None, "cluster_id"),
)

entities = Table(
    "entities",
    metadata,
    Column("id", Text, primary_key=True),
    Column("kind", Text, nullable=False),
    Column("name", Text, nullable=False),
    # Case-folded name and spellings, newline-joined, folded in Python (see events.place_search).
    Column("name_search", Text, nullable=False),
    Column("payload", Text, nullable=False),
    Index(None, "kind"),
)

# A surrogate key: one report may name the same entity twice under one role and spelling.
entity_mentions = Table(
    "entity_mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "entity_id",
        Text,
        ForeignKey("entities.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("report_id", Text, nullable=False),
    Column("doc", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("cluster_id", Text, ForeignKey("clusters.id", ondelete="CASCADE")),
    Index(None, "entity_id"),
    Index(None, "report_id"),
    Index(None, "cluster_id"),
)

# Reviewers' rulings on pairs of reports. Never deleted or rewritten by consolidation; reverting
# one sets reverted_at/reverted_by and keeps the row.
decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("action", Text, nullable=False),
    Column("report_a", Text, nullable=False),
    Column("report_b", Text, nullable=False),
    Column("author", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("reverted_at", Text),
    Column("reverted_by", Text),
    CheckConstraint(f"action IN ({', '.join(repr(a) for a in DECISION_ACTIONS)})", name="action"),
    # A decision id is cited in reviews and logs: never hand the same id out twice.
    sqlite_autoincrement=True,
)


# Possible duplicates (migration 0008): pairs of reports consolidation left in two happenings
# that nearly joined, for a reviewer. Derived data, rewritten with the clusters; ``points`` is
# the JSON object of the pair's points of agreement.
candidate_pairs = Table(
    "candidate_pairs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("report_a", Text, nullable=False),
    Column("report_b", Text, nullable=False),
    Column("cluster_a", Text, ForeignKey("clusters.id", ondelete="CASCADE"), nullable=False),
    Column("cluster_b", Text, ForeignKey("clusters.id", ondelete="CASCADE"), nullable=False),
    Column("score", Float, nullable=False),
    Column("reason", Text, nullable=False),
    Column("points", Text, nullable=False),
    Index(None, "cluster_a"),
    Index(None, "cluster_b"),
)


# Lookup keys of the named actors of every consolidated report (migration 0011): the spellings
# the registry may link, as short keys (khronika.consolidate.incremental.lookup_keys), so that a
# new report finds the stored reports naming its people through an index. Derived data,
# rewritten with the consolidation.
mention_keys = Table(
    "mention_keys",
    metadata,
    Column("report_id", Text, nullable=False),
    Column("key", Text, nullable=False),
    Index(None, "key"),
    Index(None, "report_id"),
)


# --- the analyst's desk (migration 0003) ---------------------------------------------------------

ACCOUNT_ROLES = ("viewer", "analyst", "admin")
# Frozen copy of khronika.model.REVIEW_ACTIONS as of 0003: a CHECK constraint is part of the
# schema, so a new action needs a migration, not just a new word in the model.
REVIEW_ACTIONS = ("verify", "reject", "edit", "merge", "split")


def _one_of(values: tuple[str, ...]) -> str:
    return ", ".join(repr(value) for value in values)


accounts = Table(
    "accounts",
    metadata,
    Column("name", Text, primary_key=True),
    Column("role", Text, nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("totp_secret", Text),
    Column("failed_logins", Integer, nullable=False, server_default="0"),
    Column("locked_until", Text),
    Column("created_at", Text, nullable=False),
    Column("disabled", Boolean, nullable=False, server_default=false()),
    # The last TOTP time step accepted (migration 0005): a code is never accepted twice.
    Column("totp_last_step", Integer),
    CheckConstraint(f"role IN ({_one_of(ACCOUNT_ROLES)})", name="role"),
)

# Keyed by the hash of the session token: the cookie's value itself is never stored.
sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", Text, primary_key=True),
    Column(
        "account",
        Text,
        ForeignKey("accounts.name", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("csrf_token", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("expires_at", Text, nullable=False),
    # Password checked, second factor not yet: the session grants nothing but the TOTP form.
    Column("second_factor_pending", Boolean, nullable=False, server_default=false()),
    Index(None, "account"),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token_hash", Text, nullable=False, unique=True),
    Column(
        "account",
        Text,
        ForeignKey("accounts.name", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("label", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("last_used_at", Text),
    Column("revoked_at", Text),
    # Migration 0005; NULL for a token minted before it (it never expires).
    Column("expires_at", Text),
    Index(None, "account"),
    # A token id is shown to its owner and cited in the audit log: never reused.
    sqlite_autoincrement=True,
)

# No foreign key to accounts: a failed login under an unknown name is logged too.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", Text, nullable=False),
    Column("account", Text),
    Column("action", Text, nullable=False),
    Column("detail", Text, nullable=False),
    Column("address", Text),
    Index(None, "account"),
    sqlite_autoincrement=True,
)

# Analysts' reviews of happenings. No foreign key to clusters: consolidation rewrites clusters
# and re-extraction rewrites reports, and a review must outlive both. ``before``/``after`` are
# JSON text ("null" for none); ``decision_ids`` the comma-joined ids of the decisions recorded
# with the review ("" for none).
reviews = Table(
    "reviews",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("cluster_id", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("field", Text),
    Column("before", Text, nullable=False),
    Column("after", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("author", Text, nullable=False),
    Column("decision_ids", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("reverted_at", Text),
    Column("reverted_by", Text),
    # Added by 0009_review_state: JSON of what the reviewer saw (Review.seen), null before.
    Column("seen", Text),
    CheckConstraint(f"action IN ({_one_of(REVIEW_ACTIONS)})", name="action"),
    Index(None, "cluster_id"),
    sqlite_autoincrement=True,
)

# The full-text index of clusters, created by 0003_desk with each backend's own DDL: an FTS5
# virtual table on SQLite (CLUSTER_SEARCH_DDL), a table with a generated tsvector column and a
# GIN index on PostgreSQL (CLUSTER_SEARCH_DDL_POSTGRESQL; see .search). A bare table clause
# outside ``metadata``, so no create_all can make an ordinary table of it. ``rowid`` exists on
# SQLite only, ``words`` on PostgreSQL only. Rewritten with the clusters.
cluster_search = table(
    "cluster_search",
    column("rowid", Integer),
    column("cluster_id", Text),
    column("body", Text),
    column("words", Text),
)

CLUSTER_SEARCH_DDL = (
    "CREATE VIRTUAL TABLE cluster_search USING fts5("
    "cluster_id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2')"
)

CLUSTER_SEARCH_DDL_POSTGRESQL = (
    "CREATE TABLE cluster_search (cluster_id TEXT PRIMARY KEY, body TEXT NOT NULL, words tsvector"
    " GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, body)) STORED)",
    "CREATE INDEX ix_cluster_search_words ON cluster_search USING gin (words)",
)


# --- document identity and consolidation state (migration 0004) --------------------------------

# Another name under which the same bytes were given: recorded, never stored as a second text.
document_aliases = Table(
    "document_aliases",
    metadata,
    Column("alias", Text, primary_key=True),
    Column("doc", Text, ForeignKey("documents.name", ondelete="CASCADE"), nullable=False),
    Column("recorded_at", Text, nullable=False),
)

# Counters of the store's own bookkeeping: ``reports`` grows with every saved extraction,
# ``consolidated`` is the value of ``reports`` the last completed consolidation read. A
# consolidation that was interrupted leaves ``consolidated`` behind, and the next run redoes it.
store_state = Table(
    "store_state",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Integer, nullable=False),
)

# Each change of a stored document's metadata, for the record.
metadata_changes = Table(
    "metadata_changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc", Text, ForeignKey("documents.name", ondelete="CASCADE"), nullable=False),
    Column("field", Text, nullable=False),
    Column("before", Text),
    Column("after", Text),
    Column("changed_at", Text, nullable=False),
    sqlite_autoincrement=True,
)


# --- the login guard (migration 0005) ------------------------------------------------------------

# Every login attempt that reached a password or code check, counted BEFORE the check: a row is
# written "pending" in the same write transaction that counted the earlier ones, so parallel
# guesses cannot all see a clean slate. ``name`` is the name as typed (no foreign key: unknown
# names are limited exactly like known ones); ``outcome`` becomes "failed", "password" (first
# factor passed), "ok" (a whole login: the address is then known to the account) or "cleared"
# (a failure forgiven by a later success from the same address, or by an unlock).
LOGIN_OUTCOMES = ("pending", "failed", "password", "ok", "cleared")

login_attempts = Table(
    "login_attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False),
    Column("address", Text, nullable=False),
    Column("at", Text, nullable=False),
    Column("outcome", Text, nullable=False),
    CheckConstraint(f"outcome IN ({_one_of(LOGIN_OUTCOMES)})", name="outcome"),
    Index(None, "name", "at"),
    Index(None, "address", "at"),
)

# One-time recovery codes of an account's second factor, kept as SHA-256 hashes (they are
# random, 60 bits each, so a fast hash is enough); ``used_at`` set once, atomically.
recovery_codes = Table(
    "recovery_codes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("account", Text, ForeignKey("accounts.name", ondelete="CASCADE"), nullable=False),
    Column("code_hash", Text, nullable=False, unique=True),
    Column("created_at", Text, nullable=False),
    Column("used_at", Text),
    Index(None, "account"),
)


# --- retired happening ids (migration 0006) --------------------------------------------------------

# A happening id that a consolidation retired (a merge folded it into another), and the happening
# that now holds most of its reports: old links redirect there, and the reviews made under the
# old id count for it. A split that gives the id back removes its row.
cluster_redirects = Table(
    "cluster_redirects",
    metadata,
    Column("old_id", Text, primary_key=True),
    Column("new_id", Text, nullable=False),
    Column("recorded_at", Text, nullable=False),
    # Added by 0009_review_state: the retired id's founding report (its earliest stored), the
    # one that takes the id back when a split or an undone merge sets it apart again.
    Column("founder", Text),
    Index(None, "new_id"),
)


# --- people's attributes (migration 0010) ----------------------------------------------------------

# What monitors record of a person (gender, age, occupation, affiliation, detention status), as
# analysts' records, never overwritten: the latest row of an entity's field is its value, an empty
# ``value`` clears it. No foreign key to ``entities``: consolidation rewrites the registry, and a
# record must outlive that (entity ids are stable, made from the person's reports).
person_attributes = Table(
    "person_attributes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entity_id", Text, nullable=False),
    Column("field", Text, nullable=False),
    Column("value", Text),
    Column("author", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Index(None, "entity_id", "field"),
    sqlite_autoincrement=True,
)
