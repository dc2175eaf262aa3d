"""``khronika publish``: the verified record, reviewed and redacted, as SQLite (and csv)."""

from __future__ import annotations

import csv
import dataclasses
import json
import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest

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
from khronika.publish import (
    WITHHELD,
    PublishError,
    PublishReport,
    RedactionError,
    Redactions,
    Redactor,
    group_reviews,
    load_redactions,
    publish,
    publish_store,
)
from khronika.store import Store

A_TEXT = (
    "Police detained activist Aigerim Ukteshbayeva in Almaty on 5 January. "
    "Ukteshbayeva was released two days later, her lawyer said."
)
B_TEXT = "Полиция задержала Айгерим Уктешбаеву в Алматы 5 января."
C_TEXT = "About 300 workers marched in Zhanaozen on 2 January, organisers said."
D_TEXT = "Police fined journalist Lukpan Akhmedyarov in Uralsk."

DOCS = {
    name: Document(name=name, text=text, sha256=Document.hash_bytes(text.encode()), title=title)
    for name, text, title in (
        ("a.txt", A_TEXT, "Activist Ukteshbayeva detained"),
        ("b.txt", B_TEXT, None),
        ("c.txt", C_TEXT, "Strike in Zhanaozen"),
        ("d.txt", D_TEXT, None),
    )
}

PERSON = Entity(
    id="pe_aigerim",
    kind="person",
    name="Aigerim Ukteshbayeva",
    spellings=("Aigerim Ukteshbayeva", "Айгерим Уктешбаева"),
)
JOURNALIST = Entity(
    id="pe_lukpan", kind="person", name="Lukpan Akhmedyarov", spellings=("Lukpan Akhmedyarov",)
)


def quote(doc: str, words: str) -> Evidence:
    text = DOCS[doc].text
    start = text.index(words)
    return Evidence.from_text(doc, text, start, start + len(words))


def detention() -> Cluster:
    event = Event(
        type="detention",
        evidence=(
            quote("a.txt", "Police detained activist Aigerim Ukteshbayeva in Almaty"),
            quote("a.txt", "Ukteshbayeva was released two days later"),
            quote("b.txt", "Полиция задержала Айгерим Уктешбаеву в Алматы"),
        ),
        date=PartialDate(start=date(2022, 1, 5), end=date(2022, 1, 5), precision="day"),
        location=Place(name="Almaty", country="KZ", precision="city"),
        actors=(
            Actor("Police", "police", "perpetrator"),
            Actor("Aigerim Ukteshbayeva", "person", "target", entity="pe_aigerim"),
            Actor("Айгерим Уктешбаеву", "person", "target"),
        ),
        counts={"detained": Count(1, 1, "one activist", attributed_to="Ukteshbayeva's lawyer")},
        summary="Police detained Aigerim Ukteshbayeva in Almaty.",
        id="ev_detention",
    )
    claims = (
        Claim("date", event.date.to_dict(), "a.txt", "r1"),
        Claim(
            "location",
            {"name": "Almaty", "text": "в Алматы, где жила Уктешбаева"},
            "b.txt",
            "r2",
        ),
    )
    return Cluster(event=event, reports=("r1", "r2"), claims=claims, disputed=("location",))


def strike() -> Cluster:
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
    event = Event(
        type="legal_action",
        subtype="fine",
        evidence=(quote("d.txt", "Police fined journalist Lukpan Akhmedyarov in Uralsk"),),
        location=Place(name="Uralsk", country="KZ", precision="city"),
        actors=(Actor("Lukpan Akhmedyarov", "person", "target", entity="pe_lukpan"),),
        summary="A journalist was fined.",
        id="ev_fine",
    )
    return Cluster(event=event, reports=("r4",))


def rejected_one() -> Cluster:
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
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    return connection


def write_list(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "at-risk.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def published(tmp_path: Path) -> tuple[Path, PublishReport]:
    redactions = load_redactions(write_list(tmp_path, "# at risk\n\nUkteshbaeva\n"))
    out = tmp_path / "record.db"
    report = publish(
        CLUSTERS,
        REVIEWS,
        [PERSON, JOURNALIST],
        out,
        redactions=redactions,
        csv_path=tmp_path / "record.csv",
        documents=DOCS.get,
    )
    return out, report


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
    from datetime import UTC, datetime

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


def test_rows_carry_the_happening(tmp_path: Path) -> None:
    publish(CLUSTERS, REVIEWS, [], tmp_path / "out.db", documents=DOCS.get)
    with read_db(tmp_path / "out.db") as db:
        row = db.execute("SELECT * FROM events WHERE id = 'ev_detention'").fetchone()
        counts = db.execute("SELECT * FROM counts").fetchall()
        sources = {r["doc"]: r for r in db.execute("SELECT * FROM sources")}
        claims = db.execute("SELECT * FROM claims ORDER BY id").fetchall()
    assert (row["type"], row["date_start"], row["place"], row["country"]) == (
        "detention",
        "2022-01-05",
        "Almaty",
        "KZ",
    )
    assert json.loads(row["sources"]) == ["a.txt", "b.txt"]
    assert json.loads(row["disputed"]) == ["location"]
    assert row["n_sources"] == 2
    assert [(c["key"], c["min"], c["max"]) for c in counts] == [("detained", 1, 1)]
    assert set(sources) == {"a.txt", "b.txt", "d.txt"}  # only documents published rows cite
    assert sources["a.txt"]["n_events"] == 1
    assert sources["d.txt"]["sha256"] == DOCS["d.txt"].sha256
    assert [c["field"] for c in claims] == ["date", "location"]
    assert json.loads(claims[0]["value"])["start"] == "2022-01-05"


# --- redaction -----------------------------------------------------------------------------------


def test_a_withheld_person_is_absent_from_actors(published: tuple[Path, PublishReport]) -> None:
    out, report = published
    with read_db(out) as db:
        actors = [tuple(r) for r in db.execute("SELECT name, kind, role FROM actors")]
    assert ("Police", "police", "perpetrator") in actors
    assert ("Lukpan Akhmedyarov", "person", "target") in actors
    assert not any("Ukteshba" in name or "Уктешба" in name for name, _, _ in actors)
    assert report.actors_withheld == 2  # the linked actor and the Cyrillic spelling
    assert report.people_withheld == 1


def test_every_spelling_of_a_withheld_name_is_replaced(
    published: tuple[Path, PublishReport],
) -> None:
    out, report = published
    with read_db(out) as db:
        quotes = [r["quote"] for r in db.execute("SELECT quote FROM evidence ORDER BY id")]
        summary = db.execute("SELECT summary FROM events WHERE id='ev_detention'").fetchone()[0]
        count = db.execute("SELECT attributed_to FROM counts").fetchone()[0]
        claim = db.execute("SELECT value FROM claims WHERE field='location'").fetchone()[0]
        title = db.execute("SELECT title FROM sources WHERE doc='a.txt'").fetchone()[0]
    # Listed as "Ukteshbaeva": the registry's spellings, the surname alone, a Cyrillic case form.
    assert quotes[:3] == [
        f"Police detained activist {WITHHELD} in Almaty",
        f"{WITHHELD} was released two days later",
        f"Полиция задержала {WITHHELD} в Алматы",
    ]
    assert summary == f"Police detained {WITHHELD} in Almaty."
    assert count == f"{WITHHELD}'s lawyer"
    assert json.loads(claim)["text"] == f"в Алматы, где жила {WITHHELD}"
    assert title == f"Activist {WITHHELD} detained"
    assert report.names_replaced >= 7


def test_nothing_of_a_withheld_name_is_left_anywhere(
    published: tuple[Path, PublishReport], tmp_path: Path
) -> None:
    out, _ = published
    with read_db(out) as db:
        dump = "\n".join(db.iterdump()).casefold()
    text = dump + (tmp_path / "record.csv").read_text(encoding="utf-8").casefold()
    for fragment in ("ukteshba", "уктешба", "aigerim", "айгерим"):
        assert fragment not in text
    assert "akhmedyarov" in text  # someone not on the list stays


def test_published_evidence_keeps_doc_and_offsets(published: tuple[Path, PublishReport]) -> None:
    out, _ = published
    original = detention().event.evidence[0]
    with read_db(out) as db:
        row = db.execute('SELECT doc, "start", "end" FROM evidence ORDER BY id').fetchone()
    assert tuple(row) == (original.doc, original.start, original.end)


def test_redactor_matches_whole_words_only() -> None:
    redactor = Redactor(Redactions(frozenset({"Ivan Petrov"})), [])
    assert redactor("Petrovsky street, Ivanovo; PETROV and petrov_files") == (
        f"Petrovsky street, Ivanovo; {WITHHELD} and {WITHHELD}_files"
    )
    assert redactor("Ivan Petrov spoke") == f"{WITHHELD} spoke"  # one name, one marker


def test_redactor_matches_spellings_the_registry_never_saw() -> None:
    redactor = Redactor(Redactions(frozenset({"Kassym-Jomart Tokayev", "Il'ya Ivanov"})), [])
    assert redactor("Kassym-Jomart Tokayev, Tokaev, Касым-Жомарт Токаев; Kassym said") == (
        f"{WITHHELD}, {WITHHELD}, {WITHHELD}; {WITHHELD} said"
    )
    assert redactor("Ilya Ivanov and Il’ya met Иванова") == (
        f"{WITHHELD} and {WITHHELD} met {WITHHELD}"
    )
    assert redactor.unmatched == ("Il'ya Ivanov", "Kassym-Jomart Tokayev")


def test_a_document_name_with_a_withheld_name_is_renamed_consistently(tmp_path: Path) -> None:
    text = "Aigerim Ukteshbayeva was detained."
    name = "2022-01-05_ukteshbayeva.txt"
    event = Event(
        type="detention",
        evidence=(Evidence.from_text(name, text, 0, len(text)),),
        summary="A detention.",
        id="ev_x",
    )
    cluster = Cluster(event=event, reports=("r",), claims=(Claim("date", {}, name, "r"),))
    publish(
        [cluster],
        {"ev_x": [review("ev_x", "verify", 1)]},
        [PERSON],
        tmp_path / "out.db",
        redactions=Redactions(frozenset({"Ukteshbaeva"})),
    )
    with read_db(tmp_path / "out.db") as db:
        docs = {r[0] for r in db.execute("SELECT doc FROM evidence UNION SELECT doc FROM claims")}
        sources = db.execute("SELECT doc, sources FROM sources, events").fetchone()
    assert docs == {f"2022-01-05_{WITHHELD}.txt"}
    assert sources[0] == f"2022-01-05_{WITHHELD}.txt"
    assert json.loads(sources[1]) == [f"2022-01-05_{WITHHELD}.txt"]


# --- the files -----------------------------------------------------------------------------------


def test_the_sqlite_file_has_the_tables_and_foreign_keys(
    published: tuple[Path, PublishReport],
) -> None:
    out, _ = published
    with read_db(out) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        keys = {
            (table, fk["from"], fk["table"], fk["to"])
            for table in ("actors", "counts", "evidence", "claims")
            for fk in db.execute(f"PRAGMA foreign_key_list({table})")
        }
        indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert {"events", "actors", "counts", "evidence", "claims", "sources"} <= tables
    assert keys == {
        ("actors", "event_id", "events", "id"),
        ("counts", "event_id", "events", "id"),
        ("evidence", "event_id", "events", "id"),
        ("evidence", "doc", "sources", "doc"),
        ("claims", "event_id", "events", "id"),
        ("claims", "doc", "sources", "doc"),
    }
    assert {"events_type", "events_date", "events_country"} <= indexes


@pytest.mark.skipif(
    "ENABLE_FTS5"
    not in {r[0] for r in sqlite3.connect(":memory:").execute("PRAGMA compile_options")},
    reason="this SQLite has no FTS5",
)
def test_datasette_finds_full_text_search(published: tuple[Path, PublishReport]) -> None:
    out, _ = published
    with read_db(out) as db:
        # Datasette's detection: a virtual FTS table whose content= names the table.
        fts = db.execute(
            "SELECT name FROM sqlite_master WHERE rootpage = 0 AND sql LIKE "
            "'%VIRTUAL TABLE%USING FTS%content=\"events\"%'"
        ).fetchall()
        found = db.execute(
            "SELECT id FROM events WHERE rowid IN "
            "(SELECT rowid FROM events_fts WHERE events_fts MATCH 'Almaty')"
        ).fetchall()
    assert [r[0] for r in fts] == ["events_fts"]
    assert [r[0] for r in found] == ["ev_detention"]


def test_metadata_json_describes_the_tables(published: tuple[Path, PublishReport]) -> None:
    out, _ = published
    metadata = json.loads((out.parent / "metadata.json").read_text(encoding="utf-8"))
    assert metadata["license"] == "CC BY 4.0"
    assert metadata["source"] == "khronika"
    tables = metadata["databases"]["record"]["tables"]
    assert set(tables) == {"events", "actors", "counts", "evidence", "claims", "sources"}
    assert "offsets" in tables["evidence"]["description"]


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


def test_publish_store_reads_clusters_reviews_registry_and_documents(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'k.db'}") as store:
        for document in DOCS.values():
            store.add_document(document)
        store.save_consolidation(CLUSTERS, [PERSON, JOURNALIST], [])
        for reviews in REVIEWS.values():
            for one in reviews:
                store.add_review(dataclasses.replace(one, id=None))
        report = publish_store(
            store,
            tmp_path / "out.db",
            redactions=Redactions(frozenset({"Ukteshbaeva"})),
            include_unverified=True,
        )
    assert (report.events, report.actors_withheld, report.people_withheld) == (3, 2, 1)
    with read_db(tmp_path / "out.db") as db:
        summary = db.execute("SELECT summary FROM events WHERE id = 'ev_fine'").fetchone()[0]
        title = db.execute("SELECT title FROM sources WHERE doc = 'c.txt'").fetchone()[0]
    assert summary == "Journalist fined for a post."
    assert title == "Strike in Zhanaozen"


# --- the redaction list --------------------------------------------------------------------------


def test_load_redactions_reads_names_comments_and_blanks(tmp_path: Path) -> None:
    path = write_list(
        tmp_path, "\ufeff# people at risk\n\n  Ainur   Kurmanov \nУктешбаева # note\n"
    )
    assert load_redactions(path).names == frozenset({"Ainur Kurmanov", "Уктешбаева"})


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (b"Ukteshbaeva\n\xff\xfe bad\n", "not UTF-8"),
        (b"# nobody yet\n\n", "no names"),
        (b"Ukteshbaeva\n-\n", "line 2"),
    ],
)
def test_a_bad_redaction_file_is_a_one_line_error_naming_it(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "list.txt"
    path.write_bytes(content)
    with pytest.raises(RedactionError) as caught:
        load_redactions(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert reason in message
    assert "\n" not in message


@pytest.mark.parametrize("make_dir", [False, True])
def test_an_unreadable_redaction_file_names_it(tmp_path: Path, make_dir: bool) -> None:
    path = tmp_path / "missing.txt"
    if make_dir:
        path.mkdir()
    with pytest.raises(RedactionError, match="^" + re.escape(f"{path}: ")):
        load_redactions(path)
