"""The publish tests' world: four short documents, four happenings (verified, edited,
unreviewed, rejected), a registry of two invented people, and one of them at risk.

Imported by the tests as ``publishworld`` (the test folders are not packages; the name is unique).
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from khronika.model import (
    Actor,
    Claim,
    Cluster,
    Count,
    Document,
    Entity,
    Event,
    Evidence,
    PartialDate,
    Place,
    Review,
)
from khronika.read import group_reviews

A_TEXT = (
    "Police detained activist Aigerim Zhaksybayeva in Almaty on 5 January. "
    "Zhaksybayeva was released two days later, her lawyer said."
)
B_TEXT = "Полиция задержала Айгерим Жаксыбаеву в Алматы 5 января."
C_TEXT = "About 300 workers marched in Zhanaozen on 2 January, organisers said."
D_TEXT = "Police fined journalist Marat Seitkali in Uralsk."

DOCS = {
    name: Document(name=name, text=text, sha256=Document.hash_bytes(text.encode()), title=title)
    for name, text, title in (
        ("a.txt", A_TEXT, "Activist Zhaksybayeva detained"),
        ("b.txt", B_TEXT, None),
        ("c.txt", C_TEXT, "Strike in Zhanaozen"),
        ("d.txt", D_TEXT, None),
    )
}

# The person at risk, listed as "Zhaksybaeva": another transliteration than the registry's.
AT_RISK = "Zhaksybaeva"
PERSON = Entity(
    id="pe_aigerim",
    kind="person",
    name="Aigerim Zhaksybayeva",
    spellings=("Aigerim Zhaksybayeva", "Айгерим Жаксыбаева"),
)
JOURNALIST = Entity(
    id="pe_marat", kind="person", name="Marat Seitkali", spellings=("Marat Seitkali",)
)


def quote(doc: str, words: str) -> Evidence:
    """The evidence of ``words`` in document ``doc``."""
    text = DOCS[doc].text
    start = text.index(words)
    return Evidence.from_text(doc, text, start, start + len(words))


def detention() -> Cluster:
    """Verified: the person at risk detained, told in English and in Russian."""
    event = Event(
        type="detention",
        evidence=(
            quote("a.txt", "Police detained activist Aigerim Zhaksybayeva in Almaty"),
            quote("a.txt", "Zhaksybayeva was released two days later"),
            quote("b.txt", "Полиция задержала Айгерим Жаксыбаеву в Алматы"),
        ),
        date=PartialDate(start=date(2022, 1, 5), end=date(2022, 1, 5), precision="day"),
        location=Place(name="Almaty", country="KZ", precision="city"),
        actors=(
            Actor("Police", "police", "perpetrator"),
            Actor("Aigerim Zhaksybayeva", "person", "target", entity="pe_aigerim"),
            Actor("Айгерим Жаксыбаеву", "person", "target"),
        ),
        counts={"detained": Count(1, 1, "one activist", attributed_to="Zhaksybayeva's lawyer")},
        summary="Police detained Aigerim Zhaksybayeva in Almaty.",
        id="ev_detention",
    )
    claims = (
        Claim("date", event.date.to_dict(), "a.txt", "r1"),
        Claim(
            "location",
            {"name": "Almaty", "text": "в Алматы, где жила Жаксыбаева"},
            "b.txt",
            "r2",
        ),
    )
    return Cluster(event=event, reports=("r1", "r2"), claims=claims, disputed=("location",))


def strike() -> Cluster:
    """Unreviewed: a strike."""
    event = Event(
        type="protest",
        subtype="strike",
        evidence=(quote("c.txt", "About 300 workers marched in Zhanaozen"),),
        location=Place(name="Zhanaozen", country="KZ", precision="city"),
        actors=(Actor("workers", "workers", "participant"),),
        counts={"participants": Count(300, 300, "About 300", attributed_to="organisers")},
        summary="Workers marched in Zhanaozen.",
        id="ev_strike",
    )
    return Cluster(event=event, reports=("r3",))


def fine() -> Cluster:
    """Verified, its summary edited: a journalist (not at risk) fined."""
    event = Event(
        type="legal_action",
        subtype="fine",
        evidence=(quote("d.txt", "Police fined journalist Marat Seitkali in Uralsk"),),
        location=Place(name="Uralsk", country="KZ", precision="city"),
        actors=(Actor("Marat Seitkali", "person", "target", entity="pe_marat"),),
        summary="A journalist was fined.",
        id="ev_fine",
    )
    return Cluster(event=event, reports=("r4",))


def rejected_one() -> Cluster:
    """Rejected: a misreading."""
    event = Event(
        type="riot",
        evidence=(quote("c.txt", "workers marched"),),
        summary="Misread as a riot.",
        id="ev_rejected",
    )
    return Cluster(event=event, reports=("r5",))


def review(
    cluster: str, action: str, number: int, field: str | None = None, after: object = None
) -> Review:
    """A review by "ann"."""
    return Review(cluster=cluster, action=action, author="ann", id=number, field=field, after=after)


REVIEWS = group_reviews(
    [
        review("ev_detention", "verify", 1),
        review("ev_fine", "verify", 2),
        review("ev_fine", "edit", 3, field="summary", after="Journalist fined for a post."),
        review("ev_rejected", "reject", 4),
        # ev_strike is unreviewed
    ]
)
CLUSTERS = [detention(), strike(), fine(), rejected_one()]


def read_db(path: Path) -> sqlite3.Connection:
    """A connection to a published file, rows by column name."""
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    return connection


def write_list(tmp_path: Path, text: str) -> Path:
    """A redaction list file holding ``text``."""
    path = tmp_path / "at-risk.txt"
    path.write_text(text, encoding="utf-8")
    return path
