"""The read tests' world: three happenings built by hand, a registry of two invented people and
an organisation, and who was mentioned where. ``stored`` puts it all in a fresh store.

Imported by the tests as ``readworld`` (the test folders are not packages; the name is unique).
"""

from __future__ import annotations

from datetime import date

from khronika.model import (
    Actor,
    Cluster,
    Entity,
    EntityMention,
    Event,
    Evidence,
    PartialDate,
    Place,
)
from khronika.store import Store

TEXT = (
    "Police detained Dana Ospanova in Almaty on 5 January. "
    "On 9 January a court in Almaty fined Dana Ospanova; Marat Seitkali spoke for her. "
    "Ospanova was summoned again later."
)


def quote(words: str) -> tuple[Evidence, ...]:
    start = TEXT.index(words)
    return (Evidence.from_text("a.txt", TEXT, start, start + len(words)),)


def day(d: int) -> PartialDate:
    return PartialDate(start=date(2022, 1, d), end=date(2022, 1, d), precision="day")


ALMATY = Place(name="Almaty", country="KZ", precision="city")

DETENTION = Cluster(
    event=Event(
        type="detention",
        evidence=quote("Police detained Dana Ospanova in Almaty"),
        date=day(5),
        location=ALMATY,
        actors=(Actor("Dana Ospanova", "person", "target", entity="pe_dana"),),
        summary="Police detained Dana Ospanova.",
        id="cl_detention",
    ),
    reports=("r1",),
)
FINE = Cluster(
    event=Event(
        type="legal_action",
        subtype="fine",
        evidence=quote("a court in Almaty fined Dana Ospanova"),
        date=day(9),
        location=ALMATY,
        actors=(
            Actor("court in Almaty", "court", "perpetrator", entity="or_court"),
            Actor("Dana Ospanova", "person", "target", entity="pe_dana"),
            Actor("Marat Seitkali", "person", "speaker", entity="pe_marat"),
        ),
        summary="A court fined Dana Ospanova.",
        id="cl_fine",
    ),
    reports=("r2",),
)
SUMMONS = Cluster(  # undated: last in a timeline
    event=Event(
        type="harassment",
        subtype="summons",
        evidence=quote("Ospanova was summoned again"),
        actors=(Actor("Ospanova", "person", "target", entity="pe_dana"),),
        summary="Ospanova was summoned.",
        id="cl_summons",
    ),
    reports=("r3",),
)

DANA = Entity(
    id="pe_dana", kind="person", name="Dana Ospanova", spellings=("Dana Ospanova", "Ospanova")
)
MARAT = Entity(id="pe_marat", kind="person", name="Marat Seitkali", spellings=("Marat Seitkali",))
COURT = Entity(id="or_court", kind="court", name="court in Almaty", spellings=("court in Almaty",))

MENTIONS = (
    EntityMention("pe_dana", "r1", "a.txt", "Dana Ospanova", "target", "cl_detention"),
    EntityMention("pe_dana", "r2", "a.txt", "Dana Ospanova", "target", "cl_fine"),
    EntityMention("pe_dana", "r3", "b.txt", "Ospanova", "target", "cl_summons"),
    EntityMention("pe_marat", "r2", "a.txt", "Marat Seitkali", "speaker", "cl_fine"),
    EntityMention("or_court", "r2", "a.txt", "court in Almaty", "perpetrator", "cl_fine"),
)


def stored(url: str) -> Store:
    """A new store at ``url`` holding the world (no documents: the read side needs none)."""
    store = Store.open(url)
    store.save_consolidation([SUMMONS, FINE, DETENTION], [DANA, MARAT, COURT], MENTIONS)
    return store
