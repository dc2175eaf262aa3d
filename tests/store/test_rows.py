"""Model records to rows and back, without a database: what each column of a row holds, and
that a record read back from its row (or its payload) is the record that went in.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from khronika.model import Claim, Cluster, Decision, Document, Entity, EntityMention, Place
from khronika.store import rows

from .happenings import (
    ALMATY,
    ENTITIES,
    MENTIONS,
    REPORT_EN,
    REPORT_RU,
    REPORT_UK,
    almaty_cluster,
    kyiv_cluster,
    make_document,
    quote,
)

NOW = "2024-05-01T09:30:00+00:00"


# --- documents ---------------------------------------------------------------------------------


def test_a_document_comes_back_from_its_row_as_it_went_in() -> None:
    document = replace(
        make_document("kz/report.html", "Полиция задержала журналиста Дану Оспан."),
        media_type="text/html",
        title="Задержание",
        published=date(2024, 4, 30),
        language="ru",
        address="https://example.org/report",
        outlet="Example Times",
        ingested_at=datetime(2024, 5, 1, 9, 30, tzinfo=UTC),
        ingested_by="aigerim",
    )
    row = rows.document_row(document)
    assert (row["published"], row["ingested_at"]) == ("2024-04-30", NOW)
    assert rows.document_from_row(row) == document


def test_a_document_without_an_ingestion_time_is_ingested_now() -> None:
    before = datetime.now(UTC)
    row = rows.document_row(make_document("a.txt", "Police detained a journalist."))
    ingested = datetime.fromisoformat(row["ingested_at"])
    assert before - timedelta(seconds=1) <= ingested <= datetime.now(UTC)
    assert row["published"] is None and row["ingested_by"] is None


def test_raw_bytes_come_back_as_bytes_whatever_the_driver_gives() -> None:
    document = make_document("a.txt", "Police detained a journalist.")
    row = {**rows.document_row(document), "raw": memoryview(document.raw)}
    assert rows.document_from_row(row).raw == document.raw


# --- events and evidence -----------------------------------------------------------------------


def test_an_event_row_copies_what_filters_and_orders_need() -> None:
    row = rows.event_row("almaty-ru.txt", REPORT_RU, NOW)
    assert (row["id"], row["doc"], row["type"], row["status"]) == (
        REPORT_RU.id,
        "almaty-ru.txt",
        "detention",
        "occurred",
    )
    assert (row["date_start"], row["date_end"], row["date_precision"]) == (
        "2022-01-05",
        "2022-01-05",
        "day",
    )
    assert (row["place_name"], row["country"]) == ("Almaty", "KZ")
    assert row["first_start"] == REPORT_RU.evidence[0].start
    assert row["place_search"] == "almaty\nв алматы"
    assert row["actor_search"] == "полиция\nмарата сейткали"
    assert (row["confidence"], row["created_at"]) == (0.75, NOW)


def test_an_event_payload_keeps_its_script_and_reads_back_whole() -> None:
    payload = rows.event_row("almaty-ru.txt", REPORT_RU, NOW)["payload"]
    assert "Марата Сейткали" in payload  # not \\u-escaped: searchable as written
    assert rows.event_from_payload(payload) == REPORT_RU


def test_an_undated_event_has_no_dates_in_its_row() -> None:
    undated = replace(REPORT_UK, date=replace(REPORT_UK.date, start=None, end=None))
    row = rows.event_row("kyiv-uk.txt", undated, NOW)
    assert (row["date_start"], row["date_end"]) == (None, None)


def test_every_quote_of_an_event_gets_a_numbered_row() -> None:
    document = make_document("digest.txt", "Police detained two. Later a court fined them.")
    two_quotes = replace(
        REPORT_EN,
        evidence=(quote(document, "Police detained two"), quote(document, "a court fined them")),
    )
    [first, second] = rows.evidence_rows(two_quotes)
    assert (first["ordinal"], first["start"], first["text"]) == (0, 0, "Police detained two")
    assert (second["ordinal"], second["doc"], second["text"]) == (
        1,
        "digest.txt",
        "a court fined them",
    )
    assert {first["event_id"], second["event_id"]} == {REPORT_EN.id}


# --- clusters, entities, mentions --------------------------------------------------------------


def test_a_cluster_row_lists_its_sources_as_whole_lines() -> None:
    row = rows.cluster_row(almaty_cluster(), (), NOW)
    assert row["sources"] == "\nalmaty-en.txt\nalmaty-ru.txt\n"
    assert (row["n_sources"], row["n_reports"], row["disputed"]) == (2, 2, "counts.detained")
    assert (row["case_id"], row["updated_at"]) == ("case_almaty", NOW)
    assert rows.cluster_from_payload(row["payload"]) == almaty_cluster()


def test_a_cluster_is_found_by_every_wording_of_its_place_and_names_of_its_people() -> None:
    row = rows.cluster_row(almaty_cluster(), ("Марата Сейткали",), NOW)
    assert row["place_search"] == "almaty\nin almaty\nв алматы"
    assert row["actor_search"] == "police\nmarat seitkali\nмарата сейткали"


def test_a_claim_about_another_place_is_not_a_wording_of_this_one() -> None:
    elsewhere = Claim(
        field="location",
        value=Place(name="Astana", country="KZ", text="в Астане").to_dict(),
        doc="almaty-ru.txt",
        report=REPORT_RU.id,
    )
    cluster = almaty_cluster()
    moved = replace(cluster, claims=(*cluster.claims, elsewhere))
    assert "астане" not in rows.cluster_row(moved, (), NOW)["place_search"]


def test_a_cluster_without_a_case_or_disputes_has_empty_columns_for_them() -> None:
    row = rows.cluster_row(kyiv_cluster(), (), NOW)
    assert (row["disputed"], row["case_id"], row["n_sources"]) == ("", None, 1)


def test_an_entity_is_searched_by_its_name_and_every_spelling() -> None:
    seitkali = ENTITIES[0]
    row = rows.entity_row(seitkali)
    # "Marat Seitkali" is both the name and a spelling: kept once.
    assert row["name_search"] == "marat seitkali\nмарата сейткали"
    assert (row["id"], row["kind"], row["name"]) == (seitkali.id, "person", "Marat Seitkali")
    assert rows.entity_from_payload(row["payload"]) == seitkali


def test_a_mention_row_names_its_entity_report_and_cluster() -> None:
    assert rows.mention_row(MENTIONS[1]) == {
        "entity_id": "ent_seitkali",
        "report_id": REPORT_RU.id,
        "doc": "almaty-ru.txt",
        "name": "Марата Сейткали",
        "role": "target",
        "cluster_id": ALMATY,
    }
    unplaced = EntityMention("ent_x", REPORT_UK.id, "kyiv-uk.txt", "Оксану Волик", "target")
    assert rows.mention_row(unplaced)["cluster_id"] is None


# --- decisions ---------------------------------------------------------------------------------


def test_a_decision_comes_back_from_its_row_with_the_ids_and_times_the_database_adds() -> None:
    made = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
    decision = Decision("split", REPORT_EN.id, REPORT_UK.id, "oleh", "two cities")
    row = rows.decision_row(decision, made)
    assert "id" not in row and row["created_at"] == NOW
    stored = {**row, "id": 7, "reverted_at": None, "reverted_by": None}
    assert rows.decision_from_row(stored) == replace(decision, id=7, created_at=made)
    reverted = {**stored, "reverted_at": "2024-05-02T10:00:00+00:00", "reverted_by": "aigerim"}
    taken_back = rows.decision_from_row(reverted)
    assert taken_back.reverted_at == datetime(2024, 5, 2, 10, 0, tzinfo=UTC)
    assert taken_back.reverted_by == "aigerim"


# --- values ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (("Almaty", "in Almaty"), "almaty\nin almaty"),
        (("Almaty", "ALMATY", None, ""), "almaty"),  # folded, then deduplicated; blanks dropped
        (("Київ", "КИЇВ"), "київ"),
        ((), ""),
    ],
)
def test_search_text_is_folded_deduplicated_and_one_per_line(
    values: tuple[str | None, ...], expected: str
) -> None:
    assert rows.search_text(*values) == expected


def test_dates_and_times_are_stored_as_iso_text() -> None:
    assert rows.iso(date(2022, 1, 5)) == "2022-01-05"
    assert rows.iso(None) is None
    now = datetime.fromisoformat(rows.now())
    assert now.utcoffset() == timedelta(0) and now.microsecond == 0


def test_an_entity_with_one_spelling_and_no_actor_names_still_has_search_columns() -> None:
    alone = Entity("ent_alone", "organisation", "Example Union", ())
    assert rows.entity_row(alone)["name_search"] == "example union"
    nobody = replace(kyiv_cluster(), event=replace(kyiv_cluster().event, actors=()))
    assert rows.cluster_row(nobody, (), NOW)["actor_search"] == ""


def test_a_payload_is_the_records_own_json() -> None:
    payload = rows.cluster_row(kyiv_cluster(), (), NOW)["payload"]
    assert json.loads(payload) == kyiv_cluster().to_dict()
    assert Cluster.from_dict(json.loads(payload)) == kyiv_cluster()
    assert Document.hash_bytes(b"x") == rows.document_row(make_document("x", "x"))["sha256"]
