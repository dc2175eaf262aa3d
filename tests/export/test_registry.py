"""The exporter registry: formats chosen by name, one name one exporter, records of both kinds."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import TextIO

import pytest

from khronika.export import EXPORTERS, Record, as_event, get_exporter, register_exporter
from khronika.model import Cluster, Event, Evidence

TEXT = "Riot police dispersed a picket by Dana Ospan in Aktobe."


def _picket() -> Event:
    return Event(
        type="protest",
        subtype="picket",
        evidence=(Evidence.from_text("aktobe.txt", TEXT, 0, len(TEXT)),),
    )


@pytest.fixture
def scratch_name() -> Iterator[str]:
    """A format name registered only for one test."""
    name = "scratch-ids"
    yield name
    EXPORTERS.pop(name, None)


def test_as_event_gives_a_clusters_canonical_view() -> None:
    event = _picket()
    happening = Cluster(event=event, reports=(event.id,))
    assert as_event(happening) is event
    assert as_event(event) is event


def test_a_registered_format_is_found_by_name(scratch_name: str) -> None:
    @register_exporter(scratch_name)
    def write_ids(records: Iterable[Record], out: TextIO) -> int:
        ids = [as_event(r).id for r in records]
        out.write(" ".join(ids))
        return len(ids)

    assert get_exporter(scratch_name) is write_ids
    out = io.StringIO()
    assert get_exporter(scratch_name)([_picket()], out) == 1
    assert out.getvalue() == _picket().id


def test_the_decorator_returns_the_function_unchanged(scratch_name: str) -> None:
    def write_nothing(records: Iterable[Record], out: TextIO) -> int:
        return 0

    assert register_exporter(scratch_name)(write_nothing) is write_nothing


def test_an_unknown_name_lists_newly_registered_formats_too(scratch_name: str) -> None:
    register_exporter(scratch_name)(lambda records, out: 0)
    with pytest.raises(KeyError, match=f"'parquet'.*csv, geojson, jsonl, {scratch_name}"):
        get_exporter("parquet")


def test_a_failed_second_registration_keeps_the_first(scratch_name: str) -> None:
    def first(records: Iterable[Record], out: TextIO) -> int:
        return 1

    register_exporter(scratch_name)(first)
    with pytest.raises(ValueError, match=scratch_name):
        register_exporter(scratch_name)(lambda records, out: 2)
    assert get_exporter(scratch_name) is first


@pytest.mark.parametrize("name", ["CSV", " csv", "json", ""])
def test_names_are_matched_exactly(name: str) -> None:
    with pytest.raises(KeyError, match="unknown export format"):
        get_exporter(name)
