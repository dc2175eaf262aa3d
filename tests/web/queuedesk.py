"""A near-duplicate for the review queue's tests: a sixth invented report, of twelve detained in
Almaty the day after the forty, that consolidation leaves apart (no one in common, a day off)
but stores as a possible duplicate of the Almaty happening.

Imported by the tests as ``queuedesk`` (the test folders are not packages; the name is unique).
"""

from __future__ import annotations

from webdesk import ALMATY, day

from khronika import pipeline
from khronika.model import Actor, Count, Document, Event, Evidence
from khronika.settings import Settings
from khronika.store import Store

AKIMAT = "akimat-en.txt"
AKIMAT_TEXT = (
    "ALMATY. On 6 January 2022 police detained twelve people near the akimat, a local outlet said."
)


def cluster_with(store: Store, doc: str) -> str:
    """The id of the happening one of whose sources is ``doc``."""
    [found] = [c.id for c in store.clusters() if doc in c.event.sources]
    return found


def add_near_duplicate(store: Store, settings: Settings) -> str:
    """Store the report, consolidate again, and return its happening's id."""
    raw = AKIMAT_TEXT.encode("utf-8")
    document = Document(
        name=AKIMAT,
        text=AKIMAT_TEXT,
        sha256=Document.hash_bytes(raw),
        raw=raw,
        media_type="text/plain",
        language="en",
    )
    words = "police detained twelve people near the akimat"
    start = AKIMAT_TEXT.index(words)
    report = Event(
        type="detention",
        evidence=(Evidence.from_text(AKIMAT, AKIMAT_TEXT, start, start + len(words)),),
        date=day(6),
        location=ALMATY,
        actors=(Actor("police", "police", "perpetrator"),),
        counts={"detained": Count(12, 12, "twelve")},
        summary="Police detained twelve people near the akimat",
        confidence=0.6,
    )
    store.save_extraction(document, [report], extractor="hand/1")
    pipeline.consolidate_store(store, settings)
    return cluster_with(store, AKIMAT)


COURT = "court-en.txt"
COURT_TEXT = (
    "ALMATY, 12 January 2022. A district court in Almaty jailed Nurlan Zhaksylykov for 15 days "
    "over the protest, his lawyer said."
)


def add_sentence(store: Store, settings: Settings) -> str:
    """Store a court's sentence of the activist detained in Almaty a week before, consolidate
    again (the two become one case), and return the case's id."""
    raw = COURT_TEXT.encode("utf-8")
    document = Document(
        name=COURT,
        text=COURT_TEXT,
        sha256=Document.hash_bytes(raw),
        raw=raw,
        media_type="text/plain",
        language="en",
    )
    words = "A district court in Almaty jailed Nurlan Zhaksylykov for 15 days"
    start = COURT_TEXT.index(words)
    report = Event(
        type="legal_action",
        subtype="sentence",
        evidence=(Evidence.from_text(COURT, COURT_TEXT, start, start + len(words)),),
        date=day(12),
        location=ALMATY,
        actors=(
            Actor("district court in Almaty", "court", "perpetrator"),
            Actor("Nurlan Zhaksylykov", "person", "target"),
        ),
        summary="A district court in Almaty jailed Nurlan Zhaksylykov for 15 days",
        confidence=0.8,
    )
    store.save_extraction(document, [report], extractor="hand/1")
    pipeline.consolidate_store(store, settings)
    cluster = store.cluster(cluster_with(store, COURT))
    assert cluster is not None and cluster.case is not None, "the sentence joined no case"
    return cluster.case
