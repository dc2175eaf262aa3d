"""Facet counts by the database: one GROUP BY per facet over the clusters' reviewed columns,
equal to counting the happenings one by one, after any filter and after an analyst's edit."""

from __future__ import annotations

from collections import Counter
from datetime import date

from khronika.model import Review
from khronika.store import EventFilter, FacetCounts, Store

from .happenings import ALMATY, KYIV, consolidate


def counted_by_hand(store: Store, filt: EventFilter) -> FacetCounts:
    clusters = store.clusters(filt)
    events = [c.event for c in clusters]
    return FacetCounts(
        type=dict(Counter(e.type for e in events)),
        country=dict(Counter(e.location.country for e in events if e.location.country)),
        status=dict(Counter(e.status for e in events)),
        year=dict(Counter(str(e.date.start.year) for e in events if e.date.start)),
        source=dict(Counter(s for e in events for s in set(e.sources))),
        no_country=sum(1 for e in events if not e.location.country),
        undated=sum(1 for e in events if e.date.start is None),
    )


def test_the_database_counts_what_reading_every_happening_would(store: Store) -> None:
    consolidate(store)

    counted = store.facet_counts()

    assert counted == counted_by_hand(store, EventFilter())
    assert counted.type == {"detention": 2}
    assert counted.country == {"KZ": 1, "UA": 1}
    assert counted.year == {"2022": 2}
    assert counted.source == {"almaty-en.txt": 1, "almaty-ru.txt": 1, "kyiv-uk.txt": 1}


def test_the_counts_follow_the_filter(store: Store) -> None:
    consolidate(store)
    filt = EventFilter(date_from=date(2022, 1, 4))

    counted = store.facet_counts(filt)

    assert counted == counted_by_hand(store, filt)
    assert counted.country == {"KZ": 1}
    assert counted.source == {"almaty-en.txt": 1, "almaty-ru.txt": 1}


def test_an_analysts_edit_moves_the_happening_to_its_corrected_value(store: Store) -> None:
    consolidate(store)
    store.add_account("irina", "analyst", "hash")
    unknown = {"start": None, "end": None, "precision": "unknown"}
    store.add_review(
        Review(KYIV, "edit", "irina", "no date in the source", field="date", after=unknown)
    )
    store.add_review(
        Review(ALMATY, "edit", "irina", "a statement", field="type", after="statement")
    )

    counted = store.facet_counts()

    assert counted.undated == 1
    assert counted.year == {"2022": 1}
    assert counted.type == {"detention": 1, "statement": 1}
