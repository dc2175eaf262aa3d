"""Full-text search of happenings: what the index holds, and user input made safe for it.

A query (:func:`parse_query`) is words, each matching the start of a word ("протест" finds
"протестующих"), "quoted phrases", and the operators ``AND`` (implied between words), ``OR``,
``NOT`` and parentheses. It is read by a small parser into a :data:`Query` and written back for
the backend with every word and phrase quoted, so no other syntax typed by a user (FTS5's
``NEAR``, ``:``, ``^``; tsquery's ``&``, ``!``, ``<->``) is ever more than text; a word without a
letter or digit is dropped, and a query left with none matches nothing. A query that cannot be
read (a quote or parenthesis left open, ``OR`` with nothing on one side) raises
:class:`SearchSyntaxError`, one line saying what to change.

On SQLite the index is the FTS5 table ``cluster_search`` (see :mod:`.schema`), tokenized by
``unicode61 remove_diacritics 2``: case and diacritics are ignored in every script, Cyrillic
included; the query is :func:`fts_expression`.

On PostgreSQL the index is the table ``cluster_search`` with a ``tsvector`` column made by
``to_tsvector('simple', body)`` and a GIN index on it. What it holds is :func:`folded`: the same
text cut into words (runs of letters and digits) with case and diacritics folded in Python, so
both backends and every server locale cut and fold alike ("Ёлка" is "елка", "Nur-Sultan" two
words). The query is :func:`tsquery_expression`, its words folded the same way: a word's parts
as quoted prefixes in a row, a phrase's as quoted words in a row. The condition over either
index is :func:`search_condition`, compiled for the backend in use.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
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


def folded(text: str) -> str:
    """``text`` as PostgreSQL's index holds it: each line's words, folded, space-separated."""
    return "\n".join(" ".join(words(line)) for line in text.split("\n"))


def words(text: str) -> list[str]:
    """The words of ``text`` with case and diacritics folded (the PostgreSQL index's words)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return _WORD.findall("".join(char for char in decomposed if not unicodedata.combining(char)))


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


def search_condition(query: Query) -> ColumnElement[bool]:
    """Whether an entry of ``cluster_search`` matches ``query`` (a query's FROM names it)."""
    index = schema.cluster_search
    return _Matches(
        index.c.body,
        index.c.words,
        bindparam(None, fts_expression(query), Text),
        bindparam(None, tsquery_expression(query), Text),
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


# --- phrase and boolean search -------------------------------------------------------------------


class SearchSyntaxError(ValueError):
    """A query that cannot be read: the message says what to change, in one line."""


@dataclass(frozen=True)
class Words:
    """A word (matched as the start of a word) or a quoted phrase (its words in a row)."""

    text: str
    phrase: bool = False


@dataclass(frozen=True)
class Both:
    """Every part must match (``AND``, or words side by side)."""

    parts: tuple[Query, ...]


@dataclass(frozen=True)
class Either:
    """Any part may match (``OR``)."""

    parts: tuple[Query, ...]


@dataclass(frozen=True)
class Without:
    """``kept`` must match and ``left_out`` must not (``NOT``)."""

    kept: Query
    left_out: Query


Query = Words | Both | Either | Without
OPERATORS = ("AND", "OR", "NOT")
_TOKENS = re.compile(r'"(?P<phrase>[^"]*)"|(?P<open>")|(?P<paren>[()])|(?P<word>[^\s()"]+)')


def _tokens(text: str) -> list[str | Words]:
    """Operators and parentheses as strings, words and phrases as :class:`Words`; a word or
    phrase with no letter or digit is dropped (it matches nothing worth finding).
    """
    found: list[str | Words] = []
    for match in _TOKENS.finditer(text):
        if match.group("open"):
            # A stray quote at the end is punctuation; one that opens words is a phrase left open.
            if any(char.isalnum() for char in text[match.end() :]):
                raise SearchSyntaxError('search: a quote is not closed ("a phrase" takes two)')
            break
        if match.group("paren"):
            found.append(match.group("paren"))
            continue
        phrase = match.group("phrase")
        word = match.group("word") if phrase is None else " ".join(phrase.split())
        if phrase is None and word in OPERATORS:
            found.append(word)
        elif any(char.isalnum() for char in word):
            found.append(Words(word.rstrip("*") or word, phrase is not None))
    return found


class _Reader:
    """A recursive-descent reader of the tokens: OR binds loosest, then AND, then NOT."""

    def __init__(self, tokens: list[str | Words]) -> None:
        self.tokens = tokens
        self.at = 0

    def peek(self) -> str | Words | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> str | Words | None:
        token = self.peek()
        self.at += 1
        return token

    def either(self) -> Query:
        parts = [self.both()]
        while self.peek() == "OR":
            self.take()
            parts.append(self.both())
        return parts[0] if len(parts) == 1 else Either(tuple(parts))

    def both(self) -> Query:
        parts = [self.without()]
        while self.peek() not in (None, "OR", ")"):
            if self.peek() == "AND":
                self.take()
            parts.append(self.without())
        return parts[0] if len(parts) == 1 else Both(tuple(parts))

    def without(self) -> Query:
        kept = self.one()
        while self.peek() == "NOT":
            self.take()
            kept = Without(kept, self.one())
        return kept

    def one(self) -> Query:
        token = self.take()
        if isinstance(token, Words):
            return token
        if token == "(":
            inner = self.either()
            if self.take() != ")":
                raise SearchSyntaxError("search: a parenthesis is not closed")
            return inner
        if token is None:
            raise SearchSyntaxError("search: an AND, OR or NOT needs words after it")
        if token == ")":
            raise SearchSyntaxError("search: a parenthesis is closed but was never opened")
        raise SearchSyntaxError(
            f"search: {token} needs words on both sides (as in: police {token} army)"
        )


def parse_query(text: str) -> Query | None:
    """``text`` read as a search: words (each the start of a word; ``prefix*`` is the same),
    ``"a phrase"``, ``AND`` (also implied between words), ``OR``, ``NOT`` and parentheses.
    Operators count in capitals only, as in FTS5: "or" is a word. ``None`` when nothing in it
    can be searched for (it then matches nothing); a query that cannot be read raises
    :class:`SearchSyntaxError` saying why.
    """
    tokens = _tokens(text)
    if not any(isinstance(token, Words) for token in tokens):
        return None
    reader = _Reader(tokens)
    query = reader.either()
    if reader.peek() is not None:
        raise SearchSyntaxError("search: a parenthesis is closed but was never opened")
    return query


def fts_expression(query: Query) -> str:
    """``query`` as an FTS5 MATCH expression; every word and phrase is quoted, so nothing a
    user typed is read as FTS5 syntax except the operators the parser accepted.
    """
    if isinstance(query, Words):
        quoted = '"' + query.text.replace('"', '""') + '"'
        return quoted if query.phrase else quoted + "*"
    if isinstance(query, Without):
        return f"({fts_expression(query.kept)} NOT {fts_expression(query.left_out)})"
    joiner = " AND " if isinstance(query, Both) else " OR "
    return "(" + joiner.join(fts_expression(part) for part in query.parts) + ")"


def tsquery_expression(query: Query) -> str:
    """``query`` as a ``to_tsquery`` expression over :func:`folded` words: each word's parts
    as quoted prefixes in a row, a phrase's words quoted in a row; nothing else a user typed.
    """
    if isinstance(query, Words):
        suffix = "" if query.phrase else ":*"
        parts = words(query.text) or [query.text.casefold()]
        return "(" + " <-> ".join(f"'{_quoted_lexeme(part)}'{suffix}" for part in parts) + ")"
    if isinstance(query, Without):
        return f"({tsquery_expression(query.kept)} & !{tsquery_expression(query.left_out)})"
    joiner = " & " if isinstance(query, Both) else " | "
    return "(" + joiner.join(tsquery_expression(part) for part in query.parts) + ")"


def _quoted_lexeme(text: str) -> str:
    # Inside to_tsquery's quotes a quote is doubled and a backslash escapes.
    return text.replace("\\", "\\\\").replace("'", "''")
