"""The ``khronika`` command end to end: ingest a folder of news, then read it back every way.

One folder of two hand-written English reports is ingested once into a module-wide store; the
read-side stories (events, filters, show, export) all look at that store. Stories that write
(re-ingest, re-extract, Russian, ``KHRONIKA_DB``) use the same store only where they must leave
it unchanged, and their own store otherwise. The stores are on each backend (``module_db_url``
and ``db_url``: SQLite, and PostgreSQL when ``KHRONIKA_TEST_PG`` names a server); the stories of
how ``--db`` and ``KHRONIKA_DB`` name a SQLite file are about files, so they stay on SQLite.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from khronika.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"

# Hand-written reports. The curly apostrophe and the dash are there on purpose: evidence
# offsets are Python string indices, and a byte offset would drift past them.
ALMATY = """Police detain activists at a rally in Almaty

Police detained twelve activists in Almaty on 9 March after they gathered outside the city \
administration to demand fair elections.

Witnesses said officers pushed the protesters into buses — some of them were beaten. The \
interior ministry’s spokesman said the rally had not been authorised.
"""

BISHKEK = """Fuel price march in Bishkek

About 300 people marched through the centre of Bishkek on 10 March to protest against rising \
fuel prices. The march ended peacefully outside the parliament building.
"""

MOSCOW = """В субботу в Москве полиция задержала десять человек, которые вышли на одиночные \
пикеты у здания суда. Задержанных доставили в отделение полиции.
"""

META = [
    {"doc": "almaty.txt", "published": "2024-03-11"},
    {"doc": "bishkek.txt", "published": "2024-03-12"},
]


def invoke(args: Sequence[str], env: dict[str, str | None] | None = None) -> Result:
    # A wide console, so table cells are never cut; no KHRONIKA_* from the caller's shell.
    base: dict[str, str | None] = {"COLUMNS": "250", "KHRONIKA_DB": None, "KHRONIKA_DB_URL": None}
    return CliRunner().invoke(main, list(args), env={**base, **(env or {})})


def assert_exit(result: Result, code: int) -> None:
    """Exit ``code`` on purpose: no uncaught exception behind it, no traceback printed."""
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output


def export_jsonl(db: str, *filters: str) -> list[dict[str, Any]]:
    result = invoke(["export", "--format", "jsonl", "--db", db, *filters])
    assert_exit(result, 0)
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def table_ids(result: Result) -> list[str]:
    """The id column of an ``events`` table (ids are shown cut to 12 characters)."""
    return [m.group(1) for m in re.finditer(r"^\s*((?:ev|cl)_\w+)", result.stdout, re.MULTILINE)]


def shown(events: list[dict[str, Any]]) -> list[str]:
    return sorted(event["id"][:12] for event in events)


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("news")
    (folder / "almaty.txt").write_text(ALMATY, encoding="utf-8")
    (folder / "bishkek.txt").write_text(BISHKEK, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def meta_file(news: Path) -> Path:
    path = news.parent / "meta.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in META), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def ingested(news: Path, meta_file: Path, module_db_url: str) -> tuple[str, Result]:
    """The news folder ingested once: (store URL, result of the ingest command)."""
    result = invoke(["ingest", str(news), "--meta", str(meta_file), "--db", module_db_url])
    return module_db_url, result


@pytest.fixture(scope="module")
def db(ingested: tuple[str, Result]) -> str:
    return ingested[0]


@pytest.fixture(scope="module")
def exported(db: str) -> list[dict[str, Any]]:
    return export_jsonl(db)


# --- ingest, then read back ----------------------------------------------------------------------


@pytest.mark.model
def test_ingest_folder_with_metadata_exits_zero(ingested: tuple[str, Result]) -> None:
    from khronika.store import Store

    db, result = ingested
    assert_exit(result, 0)
    with Store.open(db) as store:
        assert store.counts()["documents"] == 2
    assert "2 document(s) ingested" in result.stderr


@pytest.mark.model
def test_events_lists_the_detention(db: str) -> None:
    result = invoke(["events", "--db", db])

    assert_exit(result, 0)
    assert "detention" in result.stdout
    assert "Almaty" in result.stdout
    assert re.search(r"\d+ happening\(s\)", result.stderr)


@pytest.mark.model
def test_events_dates_are_resolved_against_published(exported: list[dict[str, Any]]) -> None:
    detentions = [e for e in exported if e["type"] == "detention"]

    assert detentions
    assert detentions[0]["date"]["start"] == "2024-03-09"


@pytest.mark.model
def test_show_prints_the_evidence_quote(db: str, exported: list[dict[str, Any]]) -> None:
    detention = next(e for e in exported if e["type"] == "detention")

    result = invoke(["show", detention["id"][:10], "--db", db])

    assert_exit(result, 0)
    assert detention["id"] in result.stdout
    for piece in detention["evidence"]:
        assert piece["text"] in result.stdout


@pytest.mark.model
def test_export_jsonl_evidence_equals_the_document_text(
    db: str, news: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"

    result = invoke(["export", "--format", "jsonl", "-o", str(out), "--db", db])

    assert_exit(result, 0)
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert events
    assert not (tmp_path / "out.jsonl.part").exists()
    for event in events:
        assert event["evidence"], event["id"]
        for piece in event["evidence"]:
            text = (news / piece["doc"]).read_text(encoding="utf-8")
            assert text[piece["start"] : piece["end"]] == piece["text"]


@pytest.mark.model
def test_export_csv_has_acled_like_header_and_one_row_per_event(
    db: str, exported: list[dict[str, Any]]
) -> None:
    result = invoke(["export", "--format", "csv", "--db", db])

    assert_exit(result, 0)
    assert result.stdout.startswith("event_id,event_date")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert sorted(row["event_id"] for row in rows) == sorted(e["id"] for e in exported)


@pytest.mark.model
def test_export_geojson_is_a_feature_collection(db: str) -> None:
    result = invoke(["export", "--format", "geojson", "--db", db])

    assert_exit(result, 0)
    collection = json.loads(result.stdout)
    assert collection["type"] == "FeatureCollection"
    assert collection["features"]
    assert all(f["geometry"]["type"] == "Point" for f in collection["features"])


# --- filters -------------------------------------------------------------------------------------


@pytest.mark.model
def test_events_type_filter_keeps_only_that_type(db: str, exported: list[dict[str, Any]]) -> None:
    result = invoke(["events", "--type", "detention", "--db", db])

    assert_exit(result, 0)
    expected = shown([e for e in exported if e["type"] == "detention"])
    assert expected
    assert sorted(table_ids(result)) == expected


@pytest.mark.model
def test_events_place_filter_keeps_only_that_city(db: str, exported: list[dict[str, Any]]) -> None:
    result = invoke(["events", "--place", "bishkek", "--db", db])

    assert_exit(result, 0)
    expected = shown([e for e in exported if e["location"]["name"] == "Bishkek"])
    assert expected
    assert sorted(table_ids(result)) == expected


@pytest.mark.model
def test_events_place_filter_takes_a_country_by_name_in_any_script(db: str) -> None:
    by_code = table_ids(invoke(["events", "--place", "KG", "--db", db]))

    assert by_code
    for name in ("Kyrgyzstan", "Кыргызстан", "Киргизия"):
        by_name = invoke(["events", "--place", name, "--db", db])
        assert_exit(by_name, 0)
        assert sorted(table_ids(by_name)) == sorted(by_code)


@pytest.mark.model
def test_events_actor_filter_matches_part_of_a_name(
    db: str, exported: list[dict[str, Any]]
) -> None:
    result = invoke(["events", "--actor", "police", "--db", db])

    assert_exit(result, 0)
    expected = shown(
        [e for e in exported if any("police" in a["name"].lower() for a in e["actors"])]
    )
    assert expected
    assert sorted(table_ids(result)) == expected


@pytest.mark.model
def test_events_since_until_keep_events_overlapping_the_range(
    db: str, exported: list[dict[str, Any]]
) -> None:
    result = invoke(["events", "--since", "2024-03-09", "--until", "2024-03-09", "--db", db])

    assert_exit(result, 0)
    expected = shown(
        [
            e
            for e in exported
            if e["date"]["start"] is not None
            and e["date"]["start"] <= "2024-03-09" <= (e["date"]["end"] or e["date"]["start"])
        ]
    )
    assert any(e["type"] == "detention" and e["id"][:12] in expected for e in exported)
    assert sorted(table_ids(result)) == expected


@pytest.mark.model
def test_events_since_after_the_detention_leaves_it_out(
    db: str, exported: list[dict[str, Any]]
) -> None:
    result = invoke(["events", "--since", "2024-03-10", "--db", db])

    assert_exit(result, 0)
    detention = next(e for e in exported if e["type"] == "detention")
    assert detention["id"][:12] not in table_ids(result)


@pytest.mark.parametrize(
    "option", [["--since", "2024-13-01"], ["--until", "yesterday"], ["--since", "9 March 2024"]]
)
def test_events_bad_date_is_a_usage_error(tmp_path: Path, option: list[str]) -> None:
    result = invoke(["events", *option, "--db", str(tmp_path / "x.db")])

    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.output


def test_export_bad_date_is_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"

    result = invoke(
        ["export", "--until", "2024-02-30", "-o", str(out), "--db", str(tmp_path / "x.db")]
    )

    assert result.exit_code == 2
    assert not out.exists()


# --- running again -------------------------------------------------------------------------------


@pytest.mark.model
def test_ingest_same_folder_again_changes_nothing(
    db: str, news: Path, meta_file: Path, exported: list[dict[str, Any]]
) -> None:
    result = invoke(["ingest", str(news), "--meta", str(meta_file), "--db", db])

    assert_exit(result, 0)
    assert "unchanged" in result.stderr
    assert "0 document(s) ingested, 2 unchanged" in result.stderr
    assert export_jsonl(db) == exported


@pytest.mark.model
def test_extract_again_keeps_the_same_event_ids(
    db: str, exported: list[dict[str, Any]], copy_store: Callable[[str], str]
) -> None:
    copy = copy_store(db)

    result = invoke(["extract", "--db", copy])

    assert_exit(result, 0)
    again = export_jsonl(copy)
    assert sorted(e["id"] for e in again) == sorted(e["id"] for e in exported)
    assert again == exported


# --- languages and configuration -----------------------------------------------------------------


@pytest.mark.model
def test_ingest_russian_text_is_read_by_the_russian_extractor(tmp_path: Path, db_url: str) -> None:
    (tmp_path / "ru").mkdir()
    (tmp_path / "ru" / "moscow.txt").write_text(MOSCOW, encoding="utf-8")
    db = db_url

    result = invoke(["ingest", str(tmp_path / "ru"), "--db", db])

    assert_exit(result, 0)
    assert "no extractor yet" not in result.stderr
    assert "1 document(s) ingested" in result.stderr
    assert "detention" in {e["type"] for e in export_jsonl(db)}


@pytest.mark.model
def test_ingest_russian_text_is_kept_in_the_store(tmp_path: Path, db_url: str) -> None:
    from khronika.store import Store

    path = tmp_path / "moscow.txt"
    path.write_text(MOSCOW, encoding="utf-8")

    assert_exit(invoke(["ingest", str(path), "--db", db_url]), 0)

    with Store.open(db_url) as store:
        document = store.document("moscow.txt")
        statuses = store.statuses()
    assert document is not None
    assert document.language == "ru"
    assert document.text == MOSCOW
    assert [(s.name, s.outcome) for s in statuses] == [("moscow.txt", "ok")]


def test_khronika_db_env_sets_the_store_for_ingest(tmp_path: Path) -> None:
    path = tmp_path / "moscow.txt"
    path.write_text(MOSCOW, encoding="utf-8")
    db = tmp_path / "from-env.db"

    result = invoke(["ingest", str(path)], env={"KHRONIKA_DB": str(db)})

    assert_exit(result, 0)
    assert db.exists()
    assert not (tmp_path / "khronika.db").exists()


@pytest.mark.model
def test_khronika_db_env_sets_the_store_for_events(db: str) -> None:
    result = invoke(["events", "--type", "detention"], env={"KHRONIKA_DB": db})

    assert_exit(result, 0)
    assert "detention" in result.stdout


def test_db_option_wins_over_khronika_db_url_env(tmp_path: Path) -> None:
    from_env, from_option = tmp_path / "env.db", tmp_path / "option.db"

    result = invoke(
        ["events", "--db", str(from_option)], env={"KHRONIKA_DB_URL": f"sqlite:///{from_env}"}
    )

    assert_exit(result, 0)
    assert from_option.exists()
    assert not from_env.exists()


# --- errors --------------------------------------------------------------------------------------


def test_show_unknown_id_is_a_one_line_error(tmp_path: Path) -> None:
    result = invoke(["show", "nosuchid", "--db", str(tmp_path / "x.db")])

    assert_exit(result, 1)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "nosuchid" in lines[0]


def test_help_commands_are_all_in_readme() -> None:
    result = invoke(["--help"])
    assert_exit(result, 0)
    commands = re.findall(r"^  (\w+)\s", result.stdout.split("Commands:")[1], re.MULTILINE)
    assert commands

    readme = README.read_text(encoding="utf-8")

    missing = [name for name in commands if f"khronika {name}" not in readme]
    assert missing == []


def test_ingest_records_who_ingested(
    tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from khronika.store import Store

    (tmp_path / "a.txt").write_text(MOSCOW, encoding="utf-8")
    (tmp_path / "b.txt").write_text(MOSCOW + " Ещё.", encoding="utf-8")
    db = db_url
    monkeypatch.setenv("LOGNAME", "irina")  # what getpass reads first
    monkeypatch.setenv("USER", "irina")

    assert_exit(invoke(["ingest", str(tmp_path / "a.txt"), "--by", "Dana Ospan", "--db", db]), 0)
    assert_exit(invoke(["ingest", str(tmp_path / "b.txt"), "--db", db]), 0)

    with Store.open(db) as store:
        by = {name: store.document(name).ingested_by for name in ("a.txt", "b.txt")}  # type: ignore[union-attr]
    assert by == {"a.txt": "Dana Ospan", "b.txt": "irina"}
