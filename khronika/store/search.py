"""Full-text search of happenings: what the index holds, and user input made safe for it.

On SQLite the index is the FTS5 table ``cluster_search`` (see :mod:`.schema`), tokenized by
``unicode61 remove_diacritics 2``: case and diacritics are ignored in every script, Cyrillic
included. A query is split on whitespace into terms; every term must match, each as the start of
a word ("протест" finds "протестующих"). A term is quoted, so FTS5 syntax typed by a user
(``AND``, ``*``, ``"``, ``:``, parentheses) is only ever text; a term without a letter or digit
is dropped, and a query left with no term matches nothing.
"""

from __future__ import annotations

from khronika.model import Cluster


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
