"""Documents, their events and extraction outcomes in the store, told as small stories and run
against every backend (the store fixture of tests/store/conftest.py, on ``db_url``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest

import khronika.store.documents as documents_module
from khronika.errors import StoreError
from khronika.model import Actor, Document, Event, Evidence, PartialDate, Place
from khronika.store import EventFilter, Store, StoredDocumentStatus

ALMATY_TEXT = (
    "On 5 January police detained 40 protesters in Almaty. "
    "A court fined the organiser on 7 January. "
    "Workers went on strike the same week."
)
KYIV_TEXT = "У Києві поліція затримала активістку Оксану Волик. Пізніше її звільнили."


def make_document(name: str, text: str, **metadata: Any) -> Document:
    raw = text.encode("utf-8")
    return Document(name=name, text=text, sha256=Document.hash_bytes(raw), raw=raw, **metadata)


def make_event(
    document: Document,
    quote: str,
    type_: str = "detention",
    *,
    start: date | None = None,
    end: date | None = None,
    place: str | None = None,
    country: str | None = None,
    place_text: str | None = None,
    actors: tuple[str, ...] = (),
    event_id: str = "",
) -> Event:
    offset = document.text.index(quote)
    evidence = Evidence.from_text(document.name, document.text, offset, offset + len(quote))
    return Event(
        type=type_,
        evidence=(evidence,),
        date=PartialDate(start=start, end=end, precision="day" if start else "unknown"),
        location=Place(name=place, country=country, text=place_text),
        actors=tuple(Actor(name=name, kind="police", role="perpetrator") for name in actors),
        id=event_id,
    )


@pytest.fixture
def almaty() -> Document:
    return make_document("almaty.txt", ALMATY_TEXT, language="en", published=date(2022, 1, 8))


@pytest.fixture
def kyiv() -> Document:
    return make_document("kyiv.txt", KYIV_TEXT, language="uk")


def almaty_events(almaty: Document) -> list[Event]:
    return [
        make_event(
            almaty,
            "police detained 40 protesters in Almaty",
            start=date(2022, 1, 5),
            place="Almaty",
            country="KZ",
            place_text="in Almaty",
            actors=("Almaty police",),
        ),
        make_event(
            almaty,
            "A court fined the organiser",
            "legal_action",
            start=date(2022, 1, 7),
            place="Almaty",
            country="KZ",
        ),
        make_event(almaty, "Workers went on strike", "protest"),
    ]


def kyiv_events(kyiv: Document) -> list[Event]:
    return [
        make_event(
            kyiv,
            "поліція затримала активістку Оксану Волик",
            start=date(2022, 1, 3),
            end=date(2022, 1, 10),
            place="Kyiv",
            country="UA",
            place_text="У Києві",
            actors=("Національна поліція",),
        )
    ]


@pytest.fixture
def filled(store: Store, almaty: Document, kyiv: Document) -> Store:
    store.save_extraction(almaty, almaty_events(almaty), extractor="en-rules/1")
    store.save_extraction(kyiv, kyiv_events(kyiv), extractor="uk-rules/1")
    return store


def summaries(events: list[Event]) -> list[str]:
    return [event.evidence[0].text for event in events]


# --- documents ---------------------------------------------------------------------------------


def test_a_new_store_is_empty(store: Store) -> None:
    assert store.counts() == {"documents": 0, "events": 0, "clusters": 0, "entities": 0}
    assert list(store.documents()) == []
    assert store.events() == []
    assert store.statuses() == []


def test_ingesting_the_same_file_again_changes_nothing(store: Store, almaty: Document) -> None:
    assert store.add_document(almaty) is True
    assert store.add_document(almaty) is False
    renamed = make_document("copy-of-almaty.txt", ALMATY_TEXT)
    assert store.add_document(renamed) is False
    assert store.counts()["documents"] == 1
    assert store.document("copy-of-almaty.txt") is None


def test_a_different_document_cannot_take_a_stored_name(store: Store, almaty: Document) -> None:
    store.add_document(almaty)
    impostor = make_document("almaty.txt", "Something else entirely.")
    with pytest.raises(StoreError, match=r"^almaty\.txt: a different document with this name"):
        store.add_document(impostor)
    stored = store.document("almaty.txt")
    assert stored is not None and stored.text == ALMATY_TEXT


def test_a_document_comes_back_as_it_went_in(store: Store) -> None:
    ingested = datetime(2024, 3, 1, 12, 30, tzinfo=UTC)
    original = make_document(
        "kz/report.html",
        KYIV_TEXT,
        media_type="text/html",
        title="Затримання",
        published=date(2022, 1, 6),
        language="uk",
        address="https://example.org/report",
        outlet="Example",
        ingested_at=ingested,
    )
    store.add_document(original)
    stored = store.document("kz/report.html")
    assert stored == original
    assert stored is not None and stored.raw == KYIV_TEXT.encode()
    assert store.has_document(original.sha256)
    assert not store.has_document("0" * 64)
    assert store.document("missing.txt") is None


def test_a_text_past_one_million_characters_comes_back_whole_with_its_quote(
    store: Store,
) -> None:
    # Longer than spaCy's own limit, as tests/test_robustness_long.py ingests on SQLite: the
    # text and a quote at its very end are kept exactly on each backend.
    text = "Кітапхана оқырмандары кешке жиналды.\n" * 30_000 + "Police detained Dana Ospan."
    document = make_document("annual-report.txt", text)
    event = make_event(document, "Police detained Dana Ospan.", event_id="ev_long")
    store.save_extraction(document, [event], extractor="rules/1")
    stored = store.document("annual-report.txt")
    assert stored is not None and stored.text == text and len(text) > 1_000_000
    [found] = store.events(EventFilter(doc="annual-report.txt"))
    quote = found.evidence[0]
    assert text[quote.start : quote.end] == quote.text == "Police detained Dana Ospan."
    assert store.integrity_problems() == []


def test_a_document_without_an_ingestion_time_gets_one(store: Store, almaty: Document) -> None:
    store.add_document(almaty)
    stored = store.document("almaty.txt")
    assert stored is not None and stored.ingested_at is not None


def test_documents_are_listed_by_name_across_batches(store: Store) -> None:
    # More documents than one batch of Store.documents, added out of order.
    names = [f"doc-{i:03d}.txt" for i in range(150)]
    for name in reversed(names):
        store.add_document(make_document(name, f"text of {name}"))
    assert [doc.name for doc in store.documents()] == names


# --- saving extractions ------------------------------------------------------------------------


def test_saving_an_extraction_stores_the_document_its_events_and_status(
    store: Store, almaty: Document
) -> None:
    events = almaty_events(almaty)
    store.save_extraction(almaty, events, extractor="en-rules/1")
    assert store.counts() == {"documents": 1, "events": 3, "clusters": 0, "entities": 0}
    stored = store.document("almaty.txt")
    assert stored is not None
    assert stored == replace(almaty, ingested_at=stored.ingested_at)
    assert store.statuses() == [StoredDocumentStatus("almaty.txt", "en-rules/1", "ok", None)]
    for event in events:
        assert store.event(event.id) == event


def test_saving_again_replaces_that_documents_events_only(
    filled: Store, almaty: Document, kyiv: Document
) -> None:
    replacement = make_event(
        almaty, "A court fined the organiser", "legal_action", event_id="ev_new"
    )
    filled.save_extraction(almaty, [replacement], extractor="en-rules/2")
    assert filled.events(EventFilter(doc="almaty.txt")) == [replacement]
    assert filled.events(EventFilter(doc="kyiv.txt")) == kyiv_events(kyiv)
    assert filled.event(almaty_events(almaty)[0].id) is None
    assert filled.counts() == {"documents": 2, "events": 2, "clusters": 0, "entities": 0}
    assert filled.statuses()[0] == StoredDocumentStatus("almaty.txt", "en-rules/2", "ok", None)


def test_a_document_without_an_extractor_is_noted(store: Store, kyiv: Document) -> None:
    store.save_extraction(
        kyiv, [], extractor="none", outcome="no_extractor", message="uk: no extractor yet"
    )
    assert store.statuses() == [
        StoredDocumentStatus("kyiv.txt", "none", "no_extractor", "uk: no extractor yet")
    ]
    assert store.counts() == {"documents": 1, "events": 0, "clusters": 0, "entities": 0}


def test_an_unknown_outcome_is_refused(store: Store, kyiv: Document) -> None:
    with pytest.raises(StoreError, match="unknown extraction outcome 'fine'"):
        store.save_extraction(kyiv, [], extractor="x", outcome="fine")
    assert store.counts()["documents"] == 0


def test_a_failing_insert_leaves_the_previous_extraction_intact(
    filled: Store, almaty: Document
) -> None:
    before = filled.events()
    statuses = filled.statuses()
    # Two events with one id: the second insert breaks the primary key, after the old
    # events were already deleted inside the transaction.
    twins = [
        make_event(almaty, "Workers went on strike", "protest", event_id="ev_twin"),
        make_event(almaty, "A court fined the organiser", "legal_action", event_id="ev_twin"),
    ]
    with pytest.raises(StoreError, match=r"almaty\.txt: saving extracted events failed"):
        filled.save_extraction(almaty, twins, extractor="en-rules/2")
    assert filled.events() == before
    assert filled.statuses() == statuses


def test_a_failure_after_the_events_are_written_rolls_everything_back(
    filled: Store, almaty: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = filled.events()

    def broken_status(*_args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(documents_module, "replace_status", broken_status)
    newcomer = make_document("new.txt", "Police detained a journalist.")
    with pytest.raises(RuntimeError, match="disk on fire"):
        filled.save_extraction(
            newcomer, [make_event(newcomer, "Police detained")], extractor="en-rules/2"
        )
    with pytest.raises(RuntimeError):
        filled.save_extraction(almaty, [], extractor="en-rules/2")
    assert filled.document("new.txt") is None
    assert filled.events() == before
    assert filled.counts() == {"documents": 2, "events": 4, "clusters": 0, "entities": 0}


# --- querying events ---------------------------------------------------------------------------


def test_events_are_ordered_by_date_then_document_then_position(filled: Store) -> None:
    assert summaries(filled.events()) == [
        "поліція затримала активістку Оксану Волик",  # 3 January
        "police detained 40 protesters in Almaty",  # 5 January
        "A court fined the organiser",  # 7 January
        "Workers went on strike",  # no date: last
    ]


def test_filter_by_type(filled: Store) -> None:
    assert summaries(filled.events(EventFilter(type="protest"))) == ["Workers went on strike"]
    assert filled.events(EventFilter(type="killing")) == []


def test_filter_by_date_keeps_overlapping_events_and_drops_undated_ones(filled: Store) -> None:
    # The Kyiv detention runs 3-10 January, so it overlaps a range starting on the 8th.
    assert summaries(filled.events(EventFilter(date_from=date(2022, 1, 6)))) == [
        "поліція затримала активістку Оксану Волик",
        "A court fined the organiser",
    ]
    assert summaries(filled.events(EventFilter(date_to=date(2022, 1, 4)))) == [
        "поліція затримала активістку Оксану Волик",
    ]
    only_the_fifth = EventFilter(date_from=date(2022, 1, 5), date_to=date(2022, 1, 5))
    assert summaries(filled.events(only_the_fifth)) == [
        "поліція затримала активістку Оксану Волик",
        "police detained 40 protesters in Almaty",
    ]


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        ("kz", 2),  # country code, any case
        ("ALMATY", 2),  # gazetteer name
        ("києві", 1),  # as written in the text, Cyrillic case folded
        ("КИЄВІ", 1),
        ("Paris", 0),
        ("%", 0),  # a LIKE wildcard is a literal character here
    ],
)
def test_filter_by_place(filled: Store, place: str, expected: int) -> None:
    assert len(filled.events(EventFilter(place=place))) == expected


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("almaty police", ["police detained 40 protesters in Almaty"]),
        ("ПОЛІЦІЯ", ["поліція затримала активістку Оксану Волик"]),
        ("court", []),
    ],
)
def test_filter_by_actor(filled: Store, actor: str, expected: list[str]) -> None:
    assert summaries(filled.events(EventFilter(actor=actor))) == expected


def test_filters_combine_and_limit_cuts(filled: Store) -> None:
    almaty_detentions = EventFilter(type="detention", place="KZ", doc="almaty.txt")
    assert summaries(filled.events(almaty_detentions)) == [
        "police detained 40 protesters in Almaty"
    ]
    assert len(filled.events(EventFilter(limit=2))) == 2
    assert filled.events(EventFilter(limit=0)) == []
    with pytest.raises(ValueError):
        EventFilter(limit=-1)


def test_filter_by_doc_includes_events_quoting_it(store: Store, almaty: Document) -> None:
    digest = make_document("digest.txt", "Digest: see the Almaty report.")
    cited = Evidence.from_text("almaty.txt", ALMATY_TEXT, 0, 12)
    own = Evidence.from_text("digest.txt", digest.text, 0, 6)
    store.add_document(almaty)
    store.save_extraction(
        digest, [Event(type="detention", evidence=(own, cited))], extractor="en-rules/1"
    )
    assert len(store.events(EventFilter(doc="almaty.txt"))) == 1


def test_an_event_is_found_by_id_or_unique_prefix(filled: Store, almaty: Document) -> None:
    event = almaty_events(almaty)[0]
    assert filled.event(event.id) == event
    assert filled.event(event.id[:8]) == event
    assert filled.event(event.id[:5]) is None  # too short to look up by prefix
    assert filled.event("ev_0000000000000000") is None


def test_an_ambiguous_prefix_is_an_error(store: Store, almaty: Document) -> None:
    twins = [
        make_event(almaty, "Workers went on strike", "protest", event_id="ev_abcdef1"),
        make_event(almaty, "A court fined the organiser", "legal_action", event_id="ev_abcdef2"),
    ]
    store.save_extraction(almaty, twins, extractor="en-rules/1")
    with pytest.raises(StoreError, match="ev_abcdef: ambiguous event id prefix"):
        store.event("ev_abcdef")
    assert store.event("ev_abcdef2") == twins[1]


def test_an_event_round_trips_through_its_payload(filled: Store, kyiv: Document) -> None:
    (event,) = kyiv_events(kyiv)
    stored = filled.event(event.id)
    assert stored is not None
    assert stored.to_dict() == event.to_dict()


def test_two_stores_on_one_database_see_each_others_writes(
    db_url: str, almaty: Document, kyiv: Document
) -> None:
    with Store.open(db_url) as first, Store.open(db_url) as second:
        first.save_extraction(almaty, almaty_events(almaty), extractor="en-rules/1")
        reading = second.documents()
        assert next(reading).name == "almaty.txt"
        # A write in the middle of another store's iteration neither blocks nor fails.
        first.save_extraction(kyiv, kyiv_events(kyiv), extractor="uk-rules/1")
        assert set(doc.name for doc in reading) <= {"kyiv.txt"}
        assert second.counts() == {"documents": 2, "events": 4, "clusters": 0, "entities": 0}


def test_the_extracted_hashes_are_those_whose_last_extraction_ended_well(
    store: Store, almaty: Document, kyiv: Document
) -> None:
    """What a second batch need not extract again: an error or no extractor is read anew."""
    failed = make_document("failed.txt", "Police detained Dana Ospan in Taraz.", language="en")
    store.save_extraction(almaty, [], extractor="en-test")
    store.save_extraction(kyiv, [], extractor="none", outcome="no_extractor", message="uk")
    store.save_extraction(failed, [], extractor="en-test", outcome="error", message="boom")

    assert store.extracted_hashes() == {almaty.sha256}
