"""Tables of the store, in SQLAlchemy Core so SQLite and PostgreSQL share one definition.

Dates and timestamps are ISO text, not native types: ISO strings sort and compare correctly on
every backend, and what is written is exactly what :mod:`khronika.model` parses back.
``events.payload`` holds ``Event.to_dict()`` as JSON text and is the record of truth; the other
event columns are copies of it kept only so that filters and ordering can run in SQL.
"""

from __future__ import annotations

from sqlalchemy import (
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
)

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
)

# Keyed by the event's stable id, so later records (reviews) can point at an event and survive
# re-extraction of the same document, which reproduces the same ids.
events = Table(
    "events",
    metadata,
    Column("id", Text, primary_key=True),
    Column("doc", Text, ForeignKey("documents.name"), nullable=False),
    Column("type", Text, nullable=False),
    Column("subtype", Text),
    Column("status", Text, nullable=False),
    Column("date_start", Text),
    Column("date_end", Text),
    Column("date_precision", Text, nullable=False),
    Column("place_name", Text),
    Column("country", Text),
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
