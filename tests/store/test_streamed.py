"""A full consolidation saved as it is made: the same rows as one save of every cluster, and
all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from khronika.bench.incremental import load_documents, news_documents
from khronika.consolidate import consolidate
from khronika.consolidate.incremental import report_keys
from khronika.errors import StoreError
from khronika.pipeline import consolidate_store
from khronika.settings import Settings
from khronika.store import Store, schema, streamed

SETTINGS = Settings()


def _rows(url: str) -> dict[str, list[tuple[object, ...]]]:
    """Every row a consolidation writes, times and generated ids left out."""
    tables = {
        "clusters": schema.clusters,
        "members": schema.cluster_members,
        "entities": schema.entities,
        "mentions": schema.entity_mentions,
        "pairs": schema.candidate_pairs,
        "keys": schema.mention_keys,
    }
    skip = {"updated_at", "id"}
    found: dict[str, list[tuple[object, ...]]] = {}
    engine = create_engine(url)
    with engine.connect() as connection:
        for name, table in tables.items():
            columns = [
                c for c in table.c if c.name not in skip or (name == "clusters" and c.name == "id")
            ]
            found[name] = sorted(tuple(row) for row in connection.execute(select(*columns)))
    engine.dispose()
    return found


@pytest.fixture
def two_stores(tmp_path: Path) -> tuple[str, str]:
    """Two stores of the same 300 news-like reports (invented names), not yet consolidated."""
    stored, _new = news_documents(300, 1, seed=5)
    urls = (f"sqlite:///{tmp_path / 'streamed.db'}", f"sqlite:///{tmp_path / 'whole.db'}")
    for url in urls:
        with Store.open(url):
            load_documents(url, stored)
    return urls


def test_clusters_written_in_small_batches_give_the_rows_of_one_save(
    two_stores: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    streamed_url, whole_url = two_stores
    monkeypatch.setattr(streamed, "BATCH", 7)  # many batches for a few hundred happenings
    with Store.open(streamed_url) as store:
        made = consolidate_store(store, SETTINGS)
        assert made.clusters == () and made.cluster_count == store.count_clusters() > 7
    with Store.open(whole_url) as store:
        reports = store.events()
        whole = consolidate(reports, settings=SETTINGS.consolidation)
        generation = store.report_generation()
        store.save_consolidation(
            whole.clusters,
            whole.entities,
            whole.mentions,
            generation=generation,
            candidates=whole.candidates,
            keys=report_keys(reports),
        )

    assert _rows(streamed_url) == _rows(whole_url)


def test_a_save_that_fails_half_way_leaves_the_previous_consolidation(
    two_stores: tuple[str, str],
) -> None:
    url, _other = two_stores
    with Store.open(url) as store:
        consolidate_store(store, SETTINGS)
        before = _rows(url)
        clusters = store.clusters()
        failing = pytest.raises(StoreError, match="two clusters are")
        with failing, store.consolidation_writer(batch=2) as writer:
            for cluster in clusters[:5]:
                writer.add(cluster)  # two batches are written by now
            writer.add(clusters[0])
        assert _rows(url) == before
        assert not store.consolidation_stale()


def test_a_mention_of_an_entity_not_saved_is_refused_and_nothing_changes(
    two_stores: tuple[str, str],
) -> None:
    url, _other = two_stores
    with Store.open(url) as store:
        made = consolidate_store(store, SETTINGS)
        before = _rows(url)
        failing = pytest.raises(StoreError, match="unknown entity")
        with failing, store.consolidation_writer(batch=3) as writer:
            for cluster in store.clusters():
                writer.add(cluster)
            writer.finish((), made.mentions, (), before={}, generation=0, keys=None)
        assert _rows(url) == before
