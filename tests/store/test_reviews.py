"""Reviews of happenings in the Store, told as small stories: a review is a record beside the
machine's reading, a merge or split carries its decisions in the same transaction, reverting
takes those back too, and every review outlives consolidation and re-extraction.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import update

from khronika import model
from khronika.errors import StoreError
from khronika.model import (
    Cluster,
    Decision,
    Document,
    Event,
    Evidence,
    PartialDate,
    Place,
    Review,
)
from khronika.read import reviewed
from khronika.store import REVIEW_STATES, EventFilter, Store
from khronika.store import schema as store_schema
from khronika.store.engine import create_store_engine, parse_url
from khronika.store.migrations import migrate

from .happenings import decide

EN_TEXT = "On 5 January police detained 40 protesters in Almaty."
RU_TEXT = "5 января в Алматы полиция задержала 60 протестующих."
UK_TEXT = "У Києві 3 січня поліція затримала активістку."

ALMATY = "cl_almaty0001"
ALMATY_RU = "cl_almaty0002"  # the Russian report, until a reviewer merges it
KYIV = "cl_kyiv000001"


def make_document(name: str, text: str) -> Document:
    raw = text.encode("utf-8")
    return Document(name=name, text=text, sha256=Document.hash_bytes(raw), raw=raw)


EN = make_document("almaty-en.txt", EN_TEXT)
RU = make_document("almaty-ru.txt", RU_TEXT)
UK = make_document("kyiv-uk.txt", UK_TEXT)


def report(document: Document, words: str, day: date, place: str) -> Event:
    start = document.text.index(words)
    return Event(
        type="detention",
        evidence=(Evidence.from_text(document.name, document.text, start, start + len(words)),),
        date=PartialDate(start=day, end=day, precision="day"),
        location=Place(name=place, precision="city"),
    )


REPORT_EN = report(EN, "police detained 40 protesters", date(2022, 1, 5), "Almaty")
REPORT_RU = report(RU, "полиция задержала 60 протестующих", date(2022, 1, 5), "Almaty")
REPORT_UK = report(UK, "поліція затримала активістку", date(2022, 1, 3), "Kyiv")


def cluster(cluster_id: str, *reports: Event) -> Cluster:
    evidence = tuple(quote for r in reports for quote in r.evidence)
    return Cluster(
        event=replace(reports[0], id=cluster_id, evidence=evidence),
        reports=tuple(r.id for r in reports),
    )


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as opened:
        for document, event in ((EN, REPORT_EN), (RU, REPORT_RU), (UK, REPORT_UK)):
            opened.save_extraction(document, [event], extractor="rules/1")
        # The machine kept the two Almaty reports apart.
        opened.save_consolidation(
            [
                cluster(ALMATY, REPORT_EN),
                cluster(ALMATY_RU, REPORT_RU),
                cluster(KYIV, REPORT_UK),
            ],
            [],
            [],
        )
        yield opened


def verify(cluster_id: str = ALMATY, author: str = "aigerim") -> Review:
    return Review(cluster=cluster_id, action="verify", author=author, reason="checked")


def statuses(store: Store) -> dict[str, str]:
    """Every happening's review status, as the desk's status filter lists them."""
    return {
        cluster.id: state
        for state in REVIEW_STATES
        for cluster in store.clusters(EventFilter(review=state))
    }


def merge_en_ru() -> tuple[Review, list[Decision]]:
    review = Review(cluster=ALMATY, action="merge", author="aigerim", reason="same protest")
    return review, [Decision("merge", REPORT_EN.id, REPORT_RU.id, "aigerim", "same protest")]


# --- recording and reading ---------------------------------------------------------------------


def test_a_review_reads_back_with_an_id_and_a_time(store: Store) -> None:
    first = store.add_review(verify())
    assert first.id is not None and first.created_at is not None
    assert first.created_at.tzinfo is not None
    assert (first.decisions, first.reverted_at, first.reverted_by) == ((), None, None)
    edit = Review(
        cluster=ALMATY,
        action="edit",
        author="oleh",
        reason="the Russian source counts 60",
        field="counts.detained",
        before={"min": 40, "max": 40, "text": "40", "attributed_to": None},
        after={"min": 40, "max": 60, "text": "40-60", "attributed_to": "Новая газета"},
        created_at=datetime(2024, 5, 1, 9, 30, tzinfo=UTC),
    )
    second = store.add_review(edit)
    assert second == replace(edit, id=second.id)  # JSON values and the given time kept
    assert second.id is not None and second.id > first.id
    kyiv = store.add_review(verify(KYIV))
    assert store.reviews() == [first, second, kyiv]
    assert store.reviews(ALMATY) == [first, second]
    assert store.reviews("cl_nowhere") == []
    assert store.review(second.id) == second
    assert store.review(999) is None


def test_a_review_time_is_returned_as_it_is_stored(store: Store) -> None:
    almaty_time = datetime(2024, 5, 1, 14, 30, 15, 123456, tzinfo=timezone(timedelta(hours=5)))
    stored = store.add_review(replace(verify(), created_at=almaty_time))
    assert stored.created_at == datetime(2024, 5, 1, 9, 30, 15, tzinfo=UTC)
    assert store.reviews() == [stored]
    with pytest.raises(StoreError, match="without a timezone"):
        store.add_review(replace(verify(), created_at=datetime(2024, 5, 1)))


def test_a_review_that_cannot_be_stored_is_refused(store: Store) -> None:
    stored = store.add_review(verify())
    with pytest.raises(StoreError, match=f"review {stored.id} is already recorded"):
        store.add_review(stored)
    with pytest.raises(StoreError, match="before and after must be JSON values"):
        store.add_review(
            Review(ALMATY, "edit", "oleh", field="date", before=None, after=date(2022, 1, 5))
        )
    with pytest.raises(StoreError, match="recorded with it, not named"):
        store.add_review(replace(merge_en_ru()[0], decisions=(1,)))
    review, decisions = merge_en_ru()
    with pytest.raises(StoreError, match="a verify review cannot record a merge decision"):
        store.add_review(verify(), decisions)
    with pytest.raises(StoreError, match="decision 7 is already recorded"):
        store.add_review(review, [replace(decisions[0], id=7)])
    assert store.reviews() == [stored]
    assert store.decisions(include_reverted=True) == []


def test_the_schema_knows_every_review_action_of_the_model() -> None:
    assert store_schema.REVIEW_ACTIONS == model.REVIEW_ACTIONS


# --- merge and split: a review and its decisions -----------------------------------------------


def test_a_merge_review_records_its_decision_in_the_same_transaction(store: Store) -> None:
    review, decisions = merge_en_ru()
    stored = store.add_review(review, decisions)
    [decision] = store.decisions()
    assert stored.decisions == (decision.id,)
    assert (decision.action, decision.report_a, decision.report_b) == (
        "merge",
        REPORT_EN.id,
        REPORT_RU.id,
    )
    assert decision.created_at == stored.created_at  # one act, one time
    assert store.review(stored.id or 0) == stored


def test_if_a_decision_cannot_be_stored_nothing_is(store: Store) -> None:
    review = Review(cluster=KYIV, action="split", author="oleh", reason="two events")
    good = Decision("split", REPORT_UK.id, REPORT_EN.id, "oleh")
    # Passes every check in Python; the database refuses the NULL author.
    broken = Decision("split", REPORT_UK.id, REPORT_RU.id, None)  # type: ignore[arg-type]
    with pytest.raises(StoreError, match=f"review of {KYIV}: recording failed"):
        store.add_review(review, [good, broken])
    assert store.reviews() == []
    assert store.decisions(include_reverted=True) == []
    # The next attempt stores exactly its own decision. (Its id is not asserted: SQLite reuses
    # the ids a rolled-back attempt took, PostgreSQL's sequences never give one back.)
    stored = store.add_review(review, [good])
    [decision] = store.decisions()
    assert stored.decisions == (decision.id,) and decision.author == "oleh"


def test_reverting_a_review_reverts_its_decisions(store: Store) -> None:
    review, decisions = merge_en_ru()
    stored = store.add_review(review, decisions)
    assert stored.id is not None
    _, other = decide(store, Decision("split", REPORT_RU.id, REPORT_UK.id, "oleh"), KYIV)
    reverted = store.revert_review(stored.id, "oleh")
    assert (reverted.reverted_by, reverted.decisions) == ("oleh", stored.decisions)
    assert reverted.reverted_at is not None
    assert store.review(stored.id) == reverted  # kept in the history, marked
    assert store.decisions() == [other]  # the merge is no longer in force; the split is
    [taken_back, _] = store.decisions(include_reverted=True)
    assert (taken_back.reverted_by, taken_back.reverted_at) == ("oleh", reverted.reverted_at)


def test_reverting_a_review_leaves_a_decision_reverted_before_as_it_was(tmp_path: Path) -> None:
    engine = create_store_engine(parse_url(f"sqlite:///{tmp_path / 'k.db'}"))
    migrate(engine)
    with Store(engine, "k.db") as store:
        stored = store.add_review(*merge_en_ru())
        assert stored.id is not None
        # Only a database edited by hand has this: the review's decision already reverted.
        with engine.begin() as connection:
            connection.execute(
                update(store_schema.decisions).values(
                    reverted_at="2024-05-01T09:00:00+00:00", reverted_by="marat"
                )
            )
        store.revert_review(stored.id, "oleh")
        [decision] = store.decisions(include_reverted=True)
    assert (decision.reverted_by, decision.reverted_at) == (
        "marat",
        datetime(2024, 5, 1, 9, 0, tzinfo=UTC),
    )


def test_a_review_is_reverted_once(store: Store) -> None:
    stored = store.add_review(verify())
    assert stored.id is not None
    store.revert_review(stored.id, "oleh")
    with pytest.raises(StoreError, match=f"review {stored.id}: already reverted by oleh"):
        store.revert_review(stored.id, "aigerim")
    with pytest.raises(StoreError, match="review 999: no such review"):
        store.revert_review(999, "oleh")


# --- reviews outlive the machine's rewrites ----------------------------------------------------


def test_reviews_survive_consolidation_and_extraction(store: Store) -> None:
    review, decisions = merge_en_ru()
    merged = store.add_review(review, decisions)
    verified = store.add_review(verify(KYIV))
    # Consolidation obeys the merge; then the English source is extracted again, to nothing.
    store.save_consolidation(
        [cluster(ALMATY, REPORT_EN, REPORT_RU), cluster(KYIV, REPORT_UK)], [], []
    )
    store.save_extraction(EN, [], extractor="rules/2")
    store.save_consolidation([], [], [])
    assert store.reviews() == [merged, verified]
    assert len(store.decisions()) == 1
    # The happening comes back from the next consolidation: its verdict is in force again.
    store.save_consolidation([cluster(KYIV, REPORT_UK)], [], [])
    assert statuses(store) == {KYIV: "verified"}


# --- status: the latest verify or reject in force ----------------------------------------------


def test_the_latest_verdict_in_force_sets_the_status(store: Store) -> None:
    unreviewed = {ALMATY: "unreviewed", ALMATY_RU: "unreviewed", KYIV: "unreviewed"}
    assert statuses(store) == unreviewed
    store.add_review(verify(ALMATY))
    rejected = store.add_review(Review(ALMATY, "reject", "oleh", reason="satire site"))
    store.add_review(Review(ALMATY, "edit", "oleh", field="summary", after="x"))  # no verdict
    store.add_review(verify(KYIV))
    assert statuses(store) == {ALMATY: "rejected", ALMATY_RU: "unreviewed", KYIV: "verified"}
    assert rejected.id is not None
    store.revert_review(rejected.id, "aigerim")  # the verify before it is in force again
    assert statuses(store)[ALMATY] == "verified"


def test_the_store_and_the_reviewed_view_agree_on_the_status(store: Store) -> None:
    store.add_review(verify(KYIV))
    store.add_review(Review(KYIV, "reject", "oleh"))
    kyiv = store.cluster(KYIV)
    assert kyiv is not None
    assert reviewed(kyiv, store.reviews(KYIV)).status == "rejected"
    assert statuses(store)[KYIV] == "rejected"


def test_a_reverted_verdict_leaves_the_happening_unreviewed(store: Store) -> None:
    rejected = store.add_review(Review(KYIV, "reject", "oleh"))
    assert rejected.id is not None and statuses(store)[KYIV] == "rejected"
    store.revert_review(rejected.id, "aigerim")
    assert statuses(store)[KYIV] == "unreviewed"
    assert store.count_clusters(EventFilter(review="rejected")) == 0


def test_the_review_filter_lists_clusters_by_their_status(store: Store) -> None:
    store.add_review(verify(ALMATY))
    store.add_review(Review(KYIV, "reject", "oleh"))
    store.add_review(Review(ALMATY_RU, "edit", "oleh", field="summary", after="x"))

    def ids(review: str) -> list[str]:
        return [c.id for c in store.clusters(EventFilter(review=review))]

    assert ids("verified") == [ALMATY]
    assert ids("rejected") == [KYIV]
    assert ids("unreviewed") == [ALMATY_RU]  # an edit is not a verdict
    assert store.count_clusters(EventFilter(review="unreviewed")) == 1
    # Reports take the status of their happening.
    verified_reports = store.events(EventFilter(review="verified"))
    assert [event.id for event in verified_reports] == [REPORT_EN.id]
    assert [e.id for e in store.events(EventFilter(review="unreviewed"))] == [REPORT_RU.id]
