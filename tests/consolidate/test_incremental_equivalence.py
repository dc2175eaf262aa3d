"""Incremental consolidation equals a full run, document by document, on the news-like stream
(invented names, several seeds): the same happenings, members, entity ids, possible duplicates
and join explanations, and no document needs a full run; on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest
from sqlalchemy import create_engine, select

from khronika.bench.incremental import document_of, load_documents, news_documents
from khronika.consolidate.incremental import consolidate_new
from khronika.pipeline import consolidate_store
from khronika.settings import Settings
from khronika.store import Store, schema

SETTINGS = Settings()


def _picture(url: str) -> dict[str, object]:
    """Everything a consolidation writes that a reader sees (ids included, times left out)."""
    with Store.open(url) as store:
        clusters = sorted((c.id, repr(c.to_dict())) for c in store.clusters())
        entities = sorted(repr(e.to_dict()) for e in store.entities())
        pairs = sorted(repr(p) for p in store.candidate_pairs())
    mentions = schema.entity_mentions
    engine = create_engine(url)
    with engine.connect() as connection:
        named = sorted(
            tuple(row)
            for row in connection.execute(
                select(mentions.c.entity_id, mentions.c.report_id, mentions.c.cluster_id)
            )
        )
    engine.dispose()
    return {"clusters": clusters, "entities": entities, "pairs": pairs, "mentions": named}


@pytest.mark.parametrize("seed", [0, 3])
def test_each_new_document_consolidated_in_part_equals_a_full_run(
    fresh_db_url: str, copy_store: Callable[[str], str], seed: int
) -> None:
    stored, new = news_documents(500, 8, seed=seed)
    step_url = fresh_db_url
    with Store.open(step_url) as store:
        load_documents(step_url, stored)
        consolidate_store(store, SETTINGS)
    fallbacks: Counter[str] = Counter()
    for number, (name, reports) in enumerate(new, start=1):
        with Store.open(step_url) as store:
            store.save_extraction(document_of(name, reports), reports, extractor="bench/1")
        full_url = copy_store(step_url)  # the same store, consolidated in full
        with Store.open(step_url) as store:
            assert consolidate_new(store, SETTINGS.consolidation, fallbacks=fallbacks)
        with Store.open(full_url) as store:
            consolidate_store(store, SETTINGS)
        assert _picture(step_url) == _picture(full_url), f"seed {seed}, document {number}"
    assert not fallbacks
