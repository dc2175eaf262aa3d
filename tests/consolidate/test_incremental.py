"""Incremental consolidation: one new document at a time gives what one full run gives, and the
happenings it cannot touch are left as they were written."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from khronika.consolidate.incremental import consolidate_new, lookup_keys
from khronika.model import Document, Event, Review
from khronika.pipeline import consolidate_store
from khronika.settings import ConsolidationSettings, Settings
from khronika.store import Store, rows, schema
from khronika.store.verdicts import seen_of

MakeReport = Callable[..., Event]
SETTINGS = Settings()
LATER = "2030-01-01T00:00:00+00:00"


def _document(reports: list[Event]) -> Document:
    """The document the reports quote: each quote at its place, blanks between."""
    quotes = [report.evidence[0] for report in reports]
    chars = [" "] * max(quote.end for quote in quotes)
    for quote in quotes:
        chars[quote.start : quote.end] = quote.text
    text = "".join(chars)
    raw = text.encode("utf-8")
    return Document(name=quotes[0].doc, text=text, sha256=Document.hash_bytes(raw), raw=raw)


@pytest.fixture
def news(make_report: MakeReport) -> list[list[Event]]:
    """Eight short invented documents: a protest told three times, a detention at it, a
    yearless and an undated echo, a protest elsewhere, and later trials of two protesters."""

    def report(kind: str, *, doc: str, **fields: object) -> Event:
        fields.setdefault("sentence", f"Police met the crowd, the {doc} desk wrote.")
        return make_report(kind, doc=doc, **fields)

    tulegenova = (("Aigerim Tulegenova", "participant"),)
    seitkali = (("Marat Seitkali", "organiser"),)
    return [
        [report("protest", doc="d1", day="2024-05-10", city="Almaty", people=tulegenova)],
        [report("protest", doc="d2", day="2024-05-11", city="Astana", people=seitkali)],
        [report("protest", doc="d3", day="2024-05-10", city="Almaty", people=tulegenova)],
        [
            report(
                "detention",
                doc="d4",
                day="2024-05-10",
                city="Almaty",
                people=(("Aigerim Tulegenova", "target"),),
            )
        ],
        [report("protest", doc="d5", yearless=(5, 10), city="Almaty", date_text="10 May")],
        [report("protest", doc="d6", city="Astana", people=seitkali)],
        [
            report(
                "legal_action",
                doc="d7",
                day="2024-06-20",
                city="Almaty",
                people=(("Aigerim Tulegenova", "target"),),
                sentence="A court fined the protester.",
            ),
            report("protest", doc="d7", day="2024-05-11", city="Astana", at=40),
        ],
        # The Astana organiser, written surname first, tried months later elsewhere: only the
        # person ties it to the stored happenings.
        [
            report(
                "legal_action",
                doc="d8",
                day="2024-09-02",
                city="Zhanaozen",
                people=(("Seitkali Marat", "target"),),
                sentence="A court in Zhanaozen heard the organiser's case.",
            )
        ],
    ]


@pytest.fixture
def stores(db_url: str, tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    """A store consolidated incrementally, and one consolidated once (SQLite) to compare."""
    with Store.open(db_url) as step, Store.open(f"sqlite:///{tmp_path / 'full.db'}") as full:
        yield step, full


def _save(store: Store, reports: list[Event]) -> None:
    store.save_extraction(_document(reports), reports, extractor="test/1")


def _picture(store: Store) -> dict[str, object]:
    """Everything a consolidation writes, comparable across stores."""
    return {
        "clusters": sorted((c.id, c.to_dict()) for c in store.clusters()),  # type: ignore[misc]
        "entities": sorted(e.to_dict()["id"] + repr(e) for e in store.entities()),
        "pairs": sorted(repr(p) for p in store.candidate_pairs()),
    }


def test_one_document_at_a_time_gives_what_full_runs_give(
    stores: tuple[Store, Store], news: list[list[Event]]
) -> None:
    # Ids follow the history (a happening keeps the id its first report gave it), so the
    # full runs go document by document too, and each step is compared.
    step, full = stores
    for number, reports in enumerate(news):
        _save(step, reports)
        _save(full, reports)
        if number == 0:
            consolidate_store(step, SETTINGS)
        else:
            assert consolidate_new(step, SETTINGS.consolidation) is not None
        consolidate_store(full, SETTINGS)
        assert not step.consolidation_stale()
        assert _picture(step) == _picture(full), f"after document {number + 1}"
    assert len(full.clusters()) < sum(len(reports) for reports in news)  # some joined
    assert any(cluster.case for cluster in full.clusters())  # and some were linked
    trials = [step.cluster(step.cluster_of(r.id) or "") for r in (news[1][0], news[-1][0])]
    assert all(trials) and trials[0].case is not None  # type: ignore[union-attr]
    assert trials[0].case == trials[1].case  # type: ignore[union-attr]


def test_a_happening_no_new_report_can_join_is_not_rewritten(
    stores: tuple[Store, Store],
    news: list[list[Event]],
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    step, _full = stores
    for reports in news[:2]:
        _save(step, reports)
    consolidate_store(step, SETTINGS)
    astana = step.cluster_of(news[1][0].id)
    engine = create_engine(db_url)
    table = schema.clusters
    with engine.connect() as connection:
        before = dict(connection.execute(select(table.c.id, table.c.updated_at)).all())
    _save(step, news[2])  # another report of the Almaty protest
    monkeypatch.setattr(rows, "now", lambda: LATER)  # what a rewritten row would carry
    done = consolidate_new(step, SETTINGS.consolidation)
    assert done is not None
    assert astana in done.touched and astana not in done.written
    with engine.connect() as connection:
        after = dict(connection.execute(select(table.c.id, table.c.updated_at)).all())
    engine.dispose()
    assert after[astana] == before[astana] != LATER
    almaty = step.cluster_of(news[0][0].id)
    assert almaty is not None and almaty == step.cluster_of(news[2][0].id)
    assert after[almaty] == LATER


def test_a_new_report_joining_a_reviewed_happening_marks_it_changed_as_a_full_run_does(
    stores: tuple[Store, Store], news: list[list[Event]], db_url: str, tmp_path: Path
) -> None:
    statuses = []
    urls = (db_url, f"sqlite:///{tmp_path / 'full.db'}")
    for store, incremental, url in zip(stores, (True, False), urls, strict=True):
        _save(store, news[0])
        consolidate_store(store, SETTINGS)
        almaty = store.cluster_of(news[0][0].id)
        happening = store.cluster(almaty or "")
        assert almaty is not None and happening is not None
        seen = seen_of(happening, "verify")
        store.add_review(Review(almaty, "verify", "Dana Ospan", "checked", seen=seen))
        assert _status(url, almaty) == "verified"
        _save(store, news[2])
        if incremental:
            assert consolidate_new(store, SETTINGS.consolidation) is not None
        else:
            consolidate_store(store, SETTINGS)
        statuses.append(_status(url, almaty))
    assert statuses == ["changed", "changed"]


def _status(url: str, cluster_id: str) -> str:
    engine = create_engine(url)
    table = schema.clusters
    with engine.connect() as connection:
        found = connection.scalar(select(table.c.review_status).where(table.c.id == cluster_id))
    engine.dispose()
    return str(found)


def test_the_same_person_spelt_another_way_shares_a_lookup_key() -> None:
    assert lookup_keys("Marat Seitkali", "person") & lookup_keys("Seitkali Marat", "person")
    assert lookup_keys("Marat Kourmanov", "person") & lookup_keys("Marat Kurmanov", "person")
    assert not lookup_keys("Marat Kurmanov", "person") & lookup_keys("Dana Ospan", "person")
    assert lookup_keys("Human Rights Watch", "ngo") & lookup_keys("HRW", "ngo")
    assert lookup_keys("police", "police") == set()


def test_a_store_consolidated_without_lookup_keys_asks_for_a_full_run(
    stores: tuple[Store, Store], news: list[list[Event]]
) -> None:
    step, _full = stores
    _save(step, news[0])
    made = consolidate_store(step, SETTINGS)
    # As a consolidation from before incremental runs saved it: no lookup keys.
    step.save_consolidation(step.clusters(), made.entities, made.mentions)
    _save(step, news[1])
    assert consolidate_new(step, SETTINGS.consolidation) is None
    consolidate_store(step, SETTINGS)  # a full run gives them
    _save(step, news[2])
    assert consolidate_new(step, SETTINGS.consolidation) is not None


def test_nothing_new_or_a_report_gone_asks_for_a_full_run(
    stores: tuple[Store, Store], news: list[list[Event]]
) -> None:
    step, _full = stores
    _save(step, news[0])
    consolidate_store(step, SETTINGS)
    assert consolidate_new(step, ConsolidationSettings()) is None  # nothing new
    # The first document extracted again, its report gone: its happening lost a member.
    step.save_extraction(_document(news[0]), [], extractor="test/2")
    _save(step, news[1])
    assert consolidate_new(step, ConsolidationSettings()) is None
