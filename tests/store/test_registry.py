"""The entity registry in the store, told as small stories: the people the reports name, found
by any spelling, with their mentions and the happenings they appear in.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from khronika.errors import StoreError
from khronika.model import Entity, EntityMention
from khronika.store import Store

from .happenings import (
    EN,
    ENTITIES,
    KYIV,
    MENTIONS,
    REPORT_EN,
    REPORT_UK,
    SEITKALI,
    UK,
    VOLYK,
    almaty_cluster,
    consolidate,
    kyiv_cluster,
)


def test_entities_and_their_mentions(consolidated: Store) -> None:
    assert consolidated.entities() == list(ENTITIES)  # Marat before Oksana
    assert consolidated.entities(kind="organisation") == []
    assert consolidated.entity(VOLYK) == ENTITIES[1]
    assert consolidated.entity("ent_nobody") is None
    # By document name: almaty-en.txt, then almaty-ru.txt.
    assert consolidated.mentions_of(SEITKALI) == list(MENTIONS[:2])
    assert consolidated.mentions_of("ent_nobody") == []


def test_happening_counts_count_clusters_not_mentions(consolidated: Store) -> None:
    # Seitkali is named by two reports of one happening: one happening, not two.
    assert consolidated.happening_counts() == {SEITKALI: 1, VOLYK: 1}


def test_entities_are_found_by_any_spelling_ignoring_case(consolidated: Store) -> None:
    assert consolidated.find_entities("СЕЙТКАЛИ") == [ENTITIES[0]]
    assert consolidated.find_entities("волик") == [ENTITIES[1]]
    assert consolidated.find_entities("  oksana ") == [ENTITIES[1]]
    assert consolidated.find_entities("Smith") == []
    assert consolidated.find_entities("") == []
    assert consolidated.find_entities("%") == []  # a LIKE wildcard is a literal here


def test_an_exact_spelling_comes_before_a_longer_one(store: Store) -> None:
    namesake = Entity("ent_a_namesake", "person", "Anna Volyk-Ivanova", ("Волик-Іванова",))
    exact = Entity("ent_z_exact", "organisation", "Volyk", ("Волик",))
    store.save_consolidation([], [namesake, exact], [])
    assert store.find_entities("волик") == [exact, namesake]
    assert store.entities(kind="organisation") == [exact]


def test_an_entity_is_found_by_a_unique_prefix_of_its_id(consolidated: Store) -> None:
    assert consolidated.entity("ent_vol") == ENTITIES[1]
    assert consolidated.entity("ent_v") is None  # too short to look up by prefix
    assert consolidated.entity("ent_seitkali_and_more") is None
    namesake = Entity("ent_seitkalieva", "person", "Aigerim Seitkalieva", ())
    consolidated.save_consolidation([], [*ENTITIES, namesake], [])
    with pytest.raises(StoreError, match="ent_seitk: ambiguous entity id prefix"):
        consolidated.entity("ent_seitk")


def test_a_mention_outside_any_happening_counts_for_none(store: Store) -> None:
    store.save_extraction(UK, [REPORT_UK], extractor="rules/1")
    unplaced = replace(MENTIONS[2], cluster=None)
    store.save_consolidation([], ENTITIES[1:], [unplaced])
    assert store.happening_counts() == {}
    assert store.mentions_of(VOLYK) == [unplaced]


def test_a_person_in_two_happenings_counts_two(store: Store) -> None:
    for document, report in ((EN, REPORT_EN), (UK, REPORT_UK)):
        store.save_extraction(document, [report], extractor="rules/1")
    almaty = replace(almaty_cluster(), reports=(REPORT_EN.id,))
    twice = (
        MENTIONS[0],
        EntityMention(SEITKALI, REPORT_UK.id, UK.name, "Марата Сейткали", "witness", KYIV),
    )
    store.save_consolidation([almaty, kyiv_cluster()], ENTITIES[:1], twice)
    assert store.happening_counts() == {SEITKALI: 2}
    # By document: almaty-en.txt before kyiv-uk.txt.
    assert [m.doc for m in store.mentions_of(SEITKALI)] == [EN.name, UK.name]


def test_the_same_mention_given_twice_is_stored_once(store: Store) -> None:
    consolidate(store)
    store.save_consolidation([almaty_cluster()], ENTITIES[:1], MENTIONS[:2] + MENTIONS[:1])
    assert store.mentions_of(SEITKALI) == list(MENTIONS[:2])
