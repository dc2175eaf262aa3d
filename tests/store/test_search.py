"""The desk's list of happenings in the Store, told as small stories: full-text search in every
script the sources use, the status filter, ordering and paging; who ingested a document; and a
store from before the desk upgrading to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, select

from khronika.model import (
    Claim,
    Cluster,
    Decision,
    Document,
    Event,
    Evidence,
    PartialDate,
    Place,
    Review,
)
from khronika.store import EventFilter, Store, schema
from khronika.store.engine import create_store_engine, parse_url
from khronika.store.migrations import DOCUMENTS_0001, MIGRATIONS, migrate
from khronika.store.rows import cluster_row, decision_row
from khronika.store.search import (
    SearchSyntaxError,
    folded,
    fts_expression,
    parse_query,
    search_body,
    tsquery_expression,
)


def make_document(name: str, text: str, **metadata: Any) -> Document:
    raw = text.encode("utf-8")
    return Document(name=name, text=text, sha256=Document.hash_bytes(raw), raw=raw, **metadata)


EN_A = make_document("almaty-en.txt", "On 5 January police detained 40 protesters in Almaty.")
RU_A = make_document("almaty-ru.txt", "5 января в Алматы полиция задержала 60 протестующих.")
UK_B = make_document("kyiv-uk.txt", "У Києві 3 січня поліція затримала активістку за хуліганство.")
EN_C = make_document(
    "minsk-en.txt", "Workers in Minsk will strike next week to demand the release of prisoners."
)
EN_D = make_document("tbilisi-en.txt", "In Tbilisi protesters gathered outside Café Bohème.")


def event(document: Document, words: str, *, day: date | None, place: str, **fields: Any) -> Event:
    start = document.text.index(words)
    return Event(
        type=fields.pop("type", "detention"),
        evidence=(Evidence.from_text(document.name, document.text, start, start + len(words)),),
        date=PartialDate(start=day, end=day, precision="day" if day else "unknown"),
        location=Place(name=place, precision="city"),
        **fields,
    )


A_EN = event(
    EN_A,
    "police detained 40 protesters in Almaty",
    day=date(2022, 1, 5),
    place="Almaty",
    summary="Police detained protesters in Almaty",
    confidence=0.9,
)
A_RU = event(
    RU_A, "полиция задержала 60 протестующих", day=date(2022, 1, 5), place="Almaty", confidence=0.8
)
B = event(
    UK_B,
    "поліція затримала активістку за хуліганство",
    day=date(2022, 1, 3),
    place="Kyiv",
    charges=("hooliganism",),
    confidence=0.6,
)
C = event(
    EN_C,
    "Workers in Minsk will strike next week",
    day=None,
    place="Minsk",
    type="protest",
    subtype="strike",
    status="announced",
    demands=("release of political prisoners",),
    confidence=0.75,
)
D = event(
    EN_D,
    "protesters gathered outside Café Bohème",
    day=date(2022, 2, 1),
    place="Tbilisi",
    type="protest",
    subtype="demonstration",
    confidence=0.3,
)

ALMATY, KYIV, MINSK, TBILISI = "cl_a_almaty", "cl_b_kyiv", "cl_c_minsk", "cl_d_tbilisi"


def happening(cluster_id: str, *reports: Event) -> Cluster:
    evidence = tuple(quote for r in reports for quote in r.evidence)
    return Cluster(
        event=replace(reports[0], id=cluster_id, evidence=evidence),
        reports=tuple(r.id for r in reports),
    )


CLUSTERS = (
    happening(ALMATY, A_EN, A_RU),  # two sources
    happening(KYIV, B),
    happening(MINSK, C),
    happening(TBILISI, D),
)
EXTRACTIONS = ((EN_A, A_EN), (RU_A, A_RU), (UK_B, B), (EN_C, C), (EN_D, D))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as opened:
        for document, report in EXTRACTIONS:
            opened.save_extraction(document, [report], extractor="rules/1")
        opened.save_consolidation(CLUSTERS, [], [])
        yield opened


def found(store: Store, **filters: Any) -> list[str]:
    return [cluster.id for cluster in store.clusters(EventFilter(**filters))]


# --- full-text search --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("protesters", [ALMATY, TBILISI]),  # a word of a quote or a summary
        ("detained", [ALMATY]),
        ("ПРОТЕСТУЮЩИХ", [ALMATY]),  # Cyrillic, in another case
        ("протест", [ALMATY]),  # the start of a word
        ("хуліганство", [KYIV]),  # Ukrainian quote
        ("hooliganism", [KYIV]),  # a charge
        ("prisoners", [MINSK]),  # a demand
        ("Minsk", [MINSK]),  # the place
        ("cafe boheme", [TBILISI]),  # diacritics ignored
        ("police almaty", [ALMATY]),  # every term must match
        ("police kyiv", []),
        ("Paris", []),
    ],
)
def test_text_search_finds_happenings_by_their_words(
    store: Store, text: str, expected: list[str]
) -> None:
    assert found(store, text=text) == expected
    assert store.count_clusters(EventFilter(text=text)) == len(expected)


@pytest.mark.parametrize("text", ["!!!", "...", " - ", "«»", '"', "*", "()"])
def test_a_query_of_punctuation_only_matches_nothing(store: Store, text: str) -> None:
    assert found(store, text=text) == []
    assert store.count_clusters(EventFilter(text=text)) == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('almaty" OR "kyiv', []),  # no way out of the quotes: OR is just a word here
        ("NEAR police", []),  # NEAR is a word, as any FTS5 keyword but the three operators
        ("body:police", []),
        ('police"', [ALMATY]),  # a stray quote is punctuation
        ("police*", [ALMATY]),
        ("^police", [ALMATY]),
        ("(police)", [ALMATY]),
        ("police, !!!", [ALMATY]),  # a term of punctuation only is dropped, not matched
    ],
)
def test_search_syntax_typed_by_a_user_is_only_text(
    store: Store, text: str, expected: list[str]
) -> None:
    assert found(store, text=text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"detained 40 protesters"', [ALMATY]),  # a phrase: its words in a row
        ('"protesters detained"', []),  # the same words, not in this order
        ('"detain"', []),  # a phrase's words are whole words
        ("almaty OR kyiv", [KYIV, ALMATY]),
        ("protesters NOT almaty", [TBILISI]),
        ("protesters AND almaty", [ALMATY]),
        ("(almaty OR kyiv) AND police*", [ALMATY]),  # prefix* is a word's start, as a word is
        ('"release of political" OR хуліганство', [KYIV, MINSK]),
        ("almaty or kyiv", []),  # operators in capitals only: here "or" is a word
    ],
)
def test_phrases_and_boolean_operators(store: Store, text: str, expected: list[str]) -> None:
    assert found(store, text=text) == expected
    assert store.count_clusters(EventFilter(text=text)) == len(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"detained 40 protesters"', [ALMATY]),
        ("almaty OR kyiv", [KYIV, ALMATY]),
        ("protesters NOT almaty", [TBILISI]),
    ],
)
def test_reports_read_the_same_query_in_their_json(
    store: Store, text: str, expected: list[str]
) -> None:
    reports = store.events(EventFilter(text=text))
    assert sorted({store.cluster_of(r.id) for r in reports}) == sorted(expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('police "detained 40', "a quote is not closed"),
        ("(almaty OR kyiv", "a parenthesis is not closed"),
        ("NEAR(police", "a parenthesis is not closed"),
        ("almaty)", "closed but was never opened"),
        ("OR almaty", "OR needs words on both sides"),
        ("almaty OR", "needs words after it"),
        ("NOT almaty", "NOT needs words on both sides"),
        ("almaty AND AND kyiv", "AND needs words on both sides"),
    ],
)
def test_a_query_that_cannot_be_read_says_why_before_any_sql(text: str, message: str) -> None:
    with pytest.raises(SearchSyntaxError, match=message):
        EventFilter(text=text)


def test_every_word_and_phrase_is_quoted_in_the_match_expression() -> None:
    query = parse_query('say"OR" "a ""b" NEAR x*')
    # NEAR is a word; the stray quotes cannot end a quoted word early.
    assert query is not None
    assert fts_expression(query) == '("say"* AND "OR" AND "a" AND "b" AND "NEAR"* AND "x"*)'
    assert parse_query("*** () !!") is None


def test_an_empty_text_does_not_filter(store: Store) -> None:
    assert found(store, text="") == found(store, text="  ") == found(store)
    assert len(found(store)) == 4


def test_the_index_follows_the_consolidation(store: Store) -> None:
    store.save_consolidation(
        [happening("cl_e_almaty_en", A_EN), happening("cl_f_almaty_ru", A_RU)], [], []
    )
    assert found(store, text="протестующих") == ["cl_f_almaty_ru"]
    assert found(store, text="hooliganism") == []
    store.save_consolidation([], [], [])
    assert found(store, text="police") == []


def test_text_combines_with_the_other_filters(store: Store) -> None:
    assert found(store, text="protesters", type="protest") == [TBILISI]
    assert found(store, text="protesters", date_to=date(2022, 1, 31)) == [ALMATY]
    assert store.count_clusters(EventFilter(text="protesters", place="Tbilisi")) == 1


def test_reports_are_searched_in_their_record(store: Store) -> None:
    # No index for reports: a substring of the JSON record, ASCII case ignored.
    reports = store.events(EventFilter(text="PROTESTERS"))
    assert [report.id for report in reports] == [A_EN.id, D.id]
    assert [r.id for r in store.events(EventFilter(text="протестующих"))] == [A_RU.id]
    assert store.events(EventFilter(text="!!!")) == []


# --- status, ordering, paging ------------------------------------------------------------------


def test_the_status_filter(store: Store) -> None:
    assert found(store, status="announced") == [MINSK]
    assert found(store, status="occurred") == [KYIV, ALMATY, TBILISI]
    assert [r.id for r in store.events(EventFilter(status="announced"))] == [C.id]


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("date", [KYIV, ALMATY, TBILISI, MINSK]),  # undated last
        ("-date", [TBILISI, ALMATY, KYIV, MINSK]),  # undated last still
        ("sources", [KYIV, TBILISI, MINSK, ALMATY]),  # ties in date order
        ("-sources", [ALMATY, KYIV, TBILISI, MINSK]),
        ("confidence", [TBILISI, KYIV, MINSK, ALMATY]),
        ("-confidence", [ALMATY, MINSK, KYIV, TBILISI]),
    ],
)
def test_clusters_list_in_the_order_asked_for(
    store: Store, order: str, expected: list[str]
) -> None:
    assert found(store, order=order) == expected


def test_reports_list_in_the_order_asked_for(store: Store) -> None:
    by_date = [B.id, A_EN.id, A_RU.id, D.id, C.id]
    assert [r.id for r in store.events()] == by_date
    assert [r.id for r in store.events(EventFilter(order="-date"))] == [
        D.id,
        A_EN.id,
        A_RU.id,
        B.id,
        C.id,
    ]
    assert [r.id for r in store.events(EventFilter(order="confidence"))] == [
        D.id,
        B.id,
        C.id,
        A_RU.id,
        A_EN.id,
    ]
    assert [r.id for r in store.events(EventFilter(order="-sources"))] == by_date  # one each
    assert [r.id for r in store.events(EventFilter(offset=3, limit=1))] == [D.id]


def test_a_page_of_clusters_and_the_count_of_all_pages(store: Store) -> None:
    page = EventFilter(offset=1, limit=2)
    assert found(store, offset=1, limit=2) == [ALMATY, TBILISI]
    assert store.count_clusters(page) == 4  # limit and offset do not count
    assert found(store, offset=1) == [ALMATY, TBILISI, MINSK]
    assert found(store, offset=4, limit=2) == []
    assert found(store, offset=0, limit=1, order="-confidence") == [ALMATY]
    assert store.count_clusters() == 4
    assert store.count_clusters(EventFilter(type="protest", limit=1)) == 2


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"order": "newest"}, "unknown order 'newest'"),
        ({"status": "planned"}, "unknown status 'planned'"),
        ({"review": "maybe"}, "unknown review status 'maybe'"),
        ({"offset": -1}, "offset must not be negative"),
    ],
)
def test_a_filter_that_makes_no_sense_is_refused(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        EventFilter(**fields)


# --- who ingested a document -------------------------------------------------------------------


def test_a_document_remembers_who_ingested_it(store: Store) -> None:
    uploaded = make_document("upload.txt", "Police detained a journalist.", ingested_by="aigerim")
    assert store.add_document(uploaded)
    stored = store.document("upload.txt")
    assert stored is not None and stored.ingested_by == "aigerim"
    extracted = make_document("extracted.txt", "Police detained two.", ingested_by="oleh")
    store.save_extraction(extracted, [], extractor="rules/1")
    stored = store.document("extracted.txt")
    assert stored is not None and stored.ingested_by == "oleh"
    command_line = store.document(EN_A.name)
    assert command_line is not None and command_line.ingested_by is None


# --- upgrading ---------------------------------------------------------------------------------


def columns(path: Path | str) -> dict[str, list[tuple[str, str, bool]]]:
    """Columns of every table of the schema in the store at ``path`` (a SQLite file) or URL."""
    url = path if isinstance(path, str) else f"sqlite:///{path}"
    engine = create_store_engine(parse_url(url))
    try:
        with engine.connect() as connection:
            inspector = inspect(connection)
            return {
                name: [
                    (c["name"], str(c["type"]), bool(c["nullable"]))
                    for c in inspector.get_columns(name)
                ]
                for name in sorted(schema.metadata.tables)
            }
    finally:
        engine.dispose()


WHEN = datetime(2024, 5, 1, tzinfo=UTC)
MERGE = Decision("merge", A_EN.id, A_RU.id, "aigerim")


def test_a_database_at_0002_upgrades_to_the_desk(fresh_db_url: str, db_url: str) -> None:
    url = fresh_db_url
    engine = create_store_engine(parse_url(url))
    assert migrate(engine, MIGRATIONS[:2]) == ["0001_initial", "0002_consolidation"]
    # What a 0002 khronika wrote: documents without ingested_by, events, a consolidation with
    # no search index, a reviewer's decision. Written in the old shapes, not by today's Store.
    now = WHEN.isoformat()
    with engine.begin() as connection:
        connection.execute(
            DOCUMENTS_0001.insert(),
            [
                {
                    "name": d.name,
                    "sha256": d.sha256,
                    "raw": d.raw,
                    "text": d.text,
                    "media_type": d.media_type,
                    "ingested_at": now,
                }
                for d in (EN_A, RU_A)
            ],
        )
        connection.execute(schema.clusters.insert(), [cluster_row(CLUSTERS[0], (), now)])
        connection.execute(schema.decisions.insert(), [decision_row(MERGE, WHEN)])
        connection.execute(
            schema.cluster_members.insert(),
            [{"cluster_id": ALMATY, "report_id": r} for r in (A_EN.id, A_RU.id)],
        )
    with Store(engine, "old.db") as old:  # these tables are as 0002 left them
        old.save_extraction(EN_A, [A_EN], extractor="rules/1")
        old.save_extraction(RU_A, [A_RU], extractor="rules/1")

    with Store.open(url) as upgraded:
        assert upgraded.clusters() == [CLUSTERS[0]]
        assert upgraded.events() == [A_EN, A_RU]
        assert upgraded.decisions() == [replace(MERGE, id=1, created_at=WHEN)]
        document = upgraded.document(EN_A.name)
        assert document is not None and document.ingested_by is None
        # The clusters already there were indexed by the upgrade itself.
        assert found(upgraded, text="протестующих") == [ALMATY]
        upgraded.add_account("aigerim", "admin", "hash")
        upgraded.add_review(Review(ALMATY, "verify", "aigerim"))
        assert found(upgraded, review="verified") == [ALMATY]
        assert upgraded.audit_log() == []
    with engine.connect() as connection:
        names = connection.scalars(select(schema.schema_migrations.c.name)).all()
    engine.dispose()
    assert sorted(names) == [migration.name for migration in MIGRATIONS]
    # The same columns, types and all, as a store made today on the same backend.
    Store.open(db_url).close()
    assert columns(url) == columns(db_url)


def test_every_step_builds_exactly_the_schema_of_today(tmp_path: Path) -> None:
    path = tmp_path / "fresh.db"
    Store.open(f"sqlite:///{path}").close()
    built = columns(path)
    for name, table in schema.metadata.tables.items():
        assert [column for column, _, _ in built[name]] == list(table.columns.keys()), name


# --- what the index holds, and queries made safe -----------------------------------------------


def test_the_index_holds_a_happenings_words_once_each() -> None:
    body = search_body(CLUSTERS[0]).split("\n")
    # The summary, both quotes, the place; the place's name is not repeated.
    assert body == [
        "Police detained protesters in Almaty",
        "police detained 40 protesters in Almaty",
        "полиция задержала 60 протестующих",
        "Almaty",
    ]


def test_the_index_holds_charges_demands_and_every_wording_of_the_place() -> None:
    kyiv, minsk = CLUSTERS[1], CLUSTERS[2]
    assert "hooliganism" in search_body(kyiv).split("\n")
    assert "release of political prisoners" in search_body(minsk).split("\n")
    worded = replace(
        kyiv,
        claims=(
            Claim(
                field="location",
                value=Place(name="Kyiv", text="У Києві").to_dict(),
                doc=UK_B.name,
                report=B.id,
            ),
        ),
    )
    assert "У Києві" in search_body(worded).split("\n")


def test_postgresql_s_index_holds_folded_words_line_by_line() -> None:
    # Case, diacritics and punctuation go; each part of the body stays on its own line.
    assert folded("Café Bohème, «Нур-Султан»\nЁлка_2024") == "cafe boheme нур султан\nелка 2024"


def postgresql_query(text: str) -> str:
    query = parse_query(text)
    assert query is not None
    return tsquery_expression(query)


def test_every_word_is_a_phrase_of_quoted_prefixes_for_postgresql() -> None:
    assert postgresql_query("police Нур-Султан") == "(('police':*) & ('нур':* <-> 'султан':*))"
    # tsquery operators typed by a user are not words: nothing of them reaches to_tsquery.
    assert postgresql_query("a'&!| <-> b:*") == "(('a':*) & ('b':*))"


def test_phrases_and_operators_are_written_for_postgresql() -> None:
    assert postgresql_query('"riot police" OR army NOT navy') == (
        "(('riot' <-> 'police') | (('army':*) & !('navy':*)))"
    )
