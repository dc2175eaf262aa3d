"""The entity registry in the store, told as small stories: the people the reports name, found
by any spelling, with their mentions and the happenings they appear in.
"""

from __future__ import annotations

from khronika.model import Entity
from khronika.store import Store

from .happenings import ENTITIES, MENTIONS, SEITKALI, VOLYK


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
