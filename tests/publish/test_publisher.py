"""``khronika publish``: which happenings are published, and all or nothing on disk."""

from __future__ import annotations

import csv
import dataclasses
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from publishworld import (
    CLUSTERS,
    DOCS,
    JOURNALIST,
    PERSON,
    REVIEWS,
    fine,
    read_db,
    review,
)

from khronika.model import Review
from khronika.publish import (
    WITHHELD,
    PublishError,
    PublishReport,
    Redactions,
    publish,
    publish_store,
)
from khronika.store import Store

# --- what is published ---------------------------------------------------------------------------


def test_only_verified_happenings_are_published(tmp_path: Path) -> None:
    report = publish(CLUSTERS, REVIEWS, [], tmp_path / "out.db")
    with read_db(tmp_path / "out.db") as db:
        ids = {row["id"] for row in db.execute("SELECT id FROM events")}
        statuses = {row["review_status"] for row in db.execute("SELECT * FROM events")}
    assert ids == {"ev_detention", "ev_fine"}
    assert statuses == {"verified"}
    assert report.events == 2
    assert report.left_out == {"unreviewed": 1, "rejected": 1}
    assert report.names_replaced == 0


def test_include_unverified_adds_unreviewed_never_rejected(tmp_path: Path) -> None:
    publish(CLUSTERS, REVIEWS, [], tmp_path / "out.db", include_unverified=True)
    with read_db(tmp_path / "out.db") as db:
        rows = {row["id"]: row["review_status"] for row in db.execute("SELECT * FROM events")}
    assert rows == {"ev_detention": "verified", "ev_fine": "verified", "ev_strike": "unreviewed"}


def test_a_reverted_verification_unpublishes(tmp_path: Path) -> None:
    reverted = Review(
        cluster="ev_fine",
        action="verify",
        author="ann",
        id=2,
        reverted_at=datetime(2022, 2, 1, tzinfo=UTC),
        reverted_by="bob",
    )
    publish([fine()], {"ev_fine": [reverted]}, [], tmp_path / "out.db")
    with read_db(tmp_path / "out.db") as db:
        assert db.execute("SELECT count(*) FROM events").fetchone()[0] == 0


def test_an_edit_in_force_shows_in_the_published_row(tmp_path: Path) -> None:
    publish(CLUSTERS, REVIEWS, [], tmp_path / "out.db")
    with read_db(tmp_path / "out.db") as db:
        row = db.execute("SELECT * FROM events WHERE id = 'ev_fine'").fetchone()
    assert row["summary"] == "Journalist fined for a post."
    assert json.loads(row["edited"]) == ["summary"]


def test_a_withheld_person_is_absent_from_actors(published: tuple[Path, PublishReport]) -> None:
    out, report = published
    with read_db(out) as db:
        actors = [tuple(r) for r in db.execute("SELECT name, kind, role FROM actors")]
    assert ("Police", "police", "perpetrator") in actors
    assert ("Marat Seitkali", "person", "target") in actors
    assert not any("Zhaksyba" in name or "Жаксыба" in name for name, _, _ in actors)
    assert report.actors_withheld == 2  # the linked actor and the Cyrillic spelling
    assert report.people_withheld == 1


def test_nothing_of_a_withheld_name_is_left_anywhere(
    published: tuple[Path, PublishReport], tmp_path: Path
) -> None:
    out, _ = published
    with read_db(out) as db:
        dump = "\n".join(db.iterdump()).casefold()
    text = dump + (tmp_path / "record.csv").read_text(encoding="utf-8").casefold()
    text += (tmp_path / "metadata.json").read_text(encoding="utf-8").casefold()
    for fragment in ("zhaksyba", "жаксыба", "aigerim", "айгерим"):
        assert fragment not in text
    assert "seitkali" in text  # someone not on the list stays


def test_the_csv_has_the_same_happenings(
    published: tuple[Path, PublishReport], tmp_path: Path
) -> None:
    with (tmp_path / "record.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["event_id"] for row in rows] == ["ev_detention", "ev_fine"]
    assert rows[0]["actor1"] == "Police"
    assert rows[0]["actor2"] == ""  # the only target is withheld
    assert WITHHELD in rows[0]["notes"]
    assert rows[1]["notes"].startswith("Journalist fined for a post.")


def test_publish_store_reads_clusters_reviews_registry_and_documents(
    tmp_path: Path, db_url: str
) -> None:
    # The store on each backend; the published record is a SQLite file whatever it is.
    with Store.open(db_url) as store:
        for document in DOCS.values():
            store.add_document(document)
        store.save_consolidation(CLUSTERS, [PERSON, JOURNALIST], [])
        for reviews in REVIEWS.values():
            for one in reviews:
                store.add_review(dataclasses.replace(one, id=None))
        report = publish_store(
            store,
            tmp_path / "out.db",
            redactions=Redactions(frozenset({"Zhaksybaeva"})),
            include_unverified=True,
        )
    assert (report.events, report.actors_withheld, report.people_withheld) == (3, 2, 1)
    with read_db(tmp_path / "out.db") as db:
        summary = db.execute("SELECT summary FROM events WHERE id = 'ev_fine'").fetchone()[0]
        title = db.execute("SELECT title FROM sources WHERE doc = 'c.txt'").fetchone()[0]
    assert summary == "Journalist fined for a post."
    assert title == "Strike in Zhanaozen"


# --- the files -----------------------------------------------------------------------------------


def test_a_failed_publish_leaves_no_database_behind(tmp_path: Path) -> None:
    (tmp_path / "out.csv").mkdir()
    with pytest.raises(PublishError, match=r"out\.csv"):
        publish(CLUSTERS, REVIEWS, [], tmp_path / "out.db", csv_path=tmp_path / "out.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]
    assert list((tmp_path / "out.csv").iterdir()) == []


def test_a_failed_publish_leaves_an_existing_database_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out.db"
    publish([fine()], {"ev_fine": [review("ev_fine", "verify", 1)]}, [], out)
    before = out.read_bytes()
    (tmp_path / "out.csv").mkdir()
    with pytest.raises(PublishError):
        publish(CLUSTERS, REVIEWS, [], out, csv_path=tmp_path / "out.csv")
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["metadata.json", "out.csv", "out.db"]


def test_a_successful_publish_replaces_the_database(tmp_path: Path) -> None:
    out = tmp_path / "out.db"
    publish([fine()], {"ev_fine": [review("ev_fine", "verify", 1)]}, [], out)
    publish(CLUSTERS, REVIEWS, [], out)
    with read_db(out) as db:
        assert db.execute("SELECT count(*) FROM events").fetchone()[0] == 2


@pytest.mark.parametrize(
    ("out_name", "csv_name", "problem"),
    [
        ("metadata.json", None, "taken by the Datasette metadata"),
        ("out.db", "out.db", "would overwrite the published database"),
        ("out.db", "metadata.json", "would overwrite the published database"),
    ],
)
def test_paths_that_would_clash_are_refused_before_anything_is_written(
    tmp_path: Path, out_name: str, csv_name: str | None, problem: str
) -> None:
    csv_path = tmp_path / csv_name if csv_name else None
    with pytest.raises(PublishError, match=problem):
        publish(CLUSTERS, REVIEWS, [], tmp_path / out_name, csv_path=csv_path)
    assert list(tmp_path.iterdir()) == []


def test_a_missing_directory_is_named(tmp_path: Path) -> None:
    with pytest.raises(PublishError, match="no such directory"):
        publish(CLUSTERS, REVIEWS, [], tmp_path / "nowhere" / "out.db")


def test_an_edited_summary_that_looks_like_a_formula_goes_out_as_text(tmp_path: Path) -> None:
    formula = '=HYPERLINK("http://evil.example","Journalist fined")'
    edited = [
        *[r for r in REVIEWS.get("ev_fine", ()) if r.field != "summary"],
        review("ev_fine", "edit", 9, field="summary", after=formula),
    ]
    reviews = {**REVIEWS, "ev_fine": tuple(edited)}

    publish(CLUSTERS, reviews, [], tmp_path / "out.db", csv_path=tmp_path / "out.csv")

    with (tmp_path / "out.csv").open(encoding="utf-8", newline="") as handle:
        notes = [row["notes"] for row in csv.DictReader(handle)]
    assert any(note.startswith("'=HYPERLINK(") for note in notes)
    assert not any(note.startswith("=") for note in notes)
