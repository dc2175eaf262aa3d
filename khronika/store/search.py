"""Full-text search of happenings: what the index holds, and user input made safe for it.

On SQLite the index is the FTS5 table ``cluster_search`` (see :mod:`.schema`), tokenized by
``unicode61 remove_diacritics 2``: case and diacritics are ignored in every script, Cyrillic
included. A query is split on whitespace into terms; every term must match, each as the start of
a word ("протест" finds "протестующих"). A term is quoted, so FTS5 syntax typed by a user
(``AND``, ``*``, ``"``, ``:``, parentheses) is only ever text; a term without a letter or digit
is dropped, and a query left with no term matches nothing.

On PostgreSQL the index is the table ``cluster_search`` with a ``tsvector`` column made by
``to_tsvector('simple', body)`` and a GIN index on it. What it holds is :func:`folded`: the same
text cut into words (runs of letters and digits) with case and diacritics folded in Python, so
both backends and every server locale cut and fold alike ("Ёлка" is "елка", "Nur-Sultan" two
words). A query is built the same way (:func:`tsquery_expression`): each term's words as quoted
prefixes, a term of several words a phrase, every term required. Nothing typed by a user reaches
``to_tsquery`` but quoted runs of letters and digits, so its operators are only ever text too.
The condition over either index is :func:`search_condition`, compiled for the backend in use.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Boolean, ColumnElement, Connection, Text, bindparam, delete
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from khronika.model import Cluster
from khronika.store import schema

# The backends whose stores have the index (elsewhere the text filter is a LIKE on payloads).
INDEXED_DIALECTS = ("sqlite", "postgresql")

# A word of the PostgreSQL index: letters and digits, any script ("_" is not a letter here).
_WORD = re.compile(r"[^\W_]+")


def search_body(cluster: Cluster) -> str:
    """The text indexed for ``cluster``: summary, quotes, actors, place, charges, demands."""
    event = cluster.event
    place = event.location
    wordings = [
        claim.value.get("text")
        for claim in cluster.claims
        if claim.field == "location" and isinstance(claim.value.get("text"), str)
    ]
    parts = [
        event.summary,
        *(quote.text for quote in event.evidence),
        *(actor.name for actor in event.actors),
        place.name,
        place.text,
        *wordings,
        *event.charges,
        *event.demands,
    ]
    # Newline-separated and deduplicated: a phrase cannot run across two parts.
    return "\n".join(dict.fromkeys(part for part in parts if part))


def search_terms(query: str) -> list[str]:
    """The terms of ``query`` worth searching for: whitespace-separated, with a letter or digit."""
    return [term for term in query.split() if any(char.isalnum() for char in term)]


def match_expression(terms: list[str]) -> str:
    """An FTS5 MATCH expression requiring every term, each as a quoted word prefix."""
    quoted = ('"' + term.replace('"', '""') + '"*' for term in terms)
    return " ".join(quoted)


def folded(text: str) -> str:
    """``text`` as PostgreSQL's index holds it: each line's words, folded, space-separated."""
    return "\n".join(" ".join(words(line)) for line in text.split("\n"))


def words(text: str) -> list[str]:
    """The words of ``text`` with case and diacritics folded (the PostgreSQL index's words)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return _WORD.findall("".join(char for char in decomposed if not unicodedata.combining(char)))


def tsquery_expression(terms: list[str]) -> str:
    """A ``to_tsquery`` expression requiring every term, each a phrase of quoted word prefixes."""
    phrases = (" <-> ".join(f"'{word}':*" for word in words(term)) for term in terms)
    return " & ".join(f"({phrase})" for phrase in phrases if phrase)


def index_on_postgresql(connection: Connection, views: Mapping[str, Cluster]) -> None:
    """Write (or rewrite) the PostgreSQL index entries of these clusters (views by id)."""
    index = schema.cluster_search
    connection.execute(delete(index).where(index.c.cluster_id.in_(list(views))))
    entries = [
        {"cluster_id": cluster_id, "body": folded(search_body(view))}
        for cluster_id, view in views.items()
    ]
    if entries:
        connection.execute(index.insert(), entries)


class _Matches(FunctionElement[bool]):
    """An entry of ``cluster_search`` matching a query (see :func:`search_condition`)."""

    type = Boolean()
    name = "khronika_matches"
    inherit_cache = True
    # A condition in itself: no "= 1" appended on SQLite, where FTS5 would refuse it.
    _is_implicitly_boolean = True


def search_condition(terms: list[str]) -> ColumnElement[bool]:
    """Whether an entry of ``cluster_search`` matches every term (a query's FROM names it)."""
    index = schema.cluster_search
    return _Matches(
        index.c.body,
        index.c.words,
        bindparam(None, match_expression(terms), Text),
        bindparam(None, tsquery_expression(terms), Text),
    )


@compiles(_Matches, "sqlite")
def _match_on_sqlite(element: _Matches, compiler: SQLCompiler, **kw: Any) -> str:
    body, _, expression, _ = element.clauses.clauses
    return f"{compiler.process(body, **kw)} MATCH {compiler.process(expression, **kw)}"


@compiles(_Matches, "postgresql")
def _match_on_postgresql(element: _Matches, compiler: SQLCompiler, **kw: Any) -> str:
    _, vector, _, expression = element.clauses.clauses
    query = f"to_tsquery('simple', {compiler.process(expression, **kw)})"
    return f"{compiler.process(vector, **kw)} @@ {query}"


@compiles(_Matches)
def _match_elsewhere(element: _Matches, compiler: SQLCompiler, **kw: Any) -> str:
    # Printing a query (str()); no other backend has the index (see INDEXED_DIALECTS).
    return _match_on_sqlite(element, compiler, **kw)
