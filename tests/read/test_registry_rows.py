"""The registry as rows: who is in it, of what kind, in how many happenings."""

from __future__ import annotations

from khronika.model import Entity
from khronika.read import is_person, registry_rows, spellings_seen
from khronika.store import Store


def rows(store: Store, kind: str | None = None, matching: str | None = None) -> dict[str, int]:
    return {row.entity.id: row.happenings for row in registry_rows(store, kind, matching=matching)}


def test_every_entity_with_its_number_of_happenings(store: Store) -> None:
    assert rows(store) == {"pe_dana": 3, "pe_marat": 1, "or_court": 1}


def test_people_and_organisations_apart(store: Store) -> None:
    assert set(rows(store, "person")) == {"pe_dana", "pe_marat"}
    assert set(rows(store, "organisation")) == {"or_court"}


def test_matching_keeps_those_with_a_spelling_containing_it(store: Store) -> None:
    assert rows(store, matching="seitkali") == {"pe_marat": 1}
    assert rows(store, "organisation", matching="Seitkali") == {}
    assert rows(store, matching="  ") == rows(store)  # a blank search box filters nothing


def test_spellings_seen_lists_each_spelling_with_its_documents(store: Store) -> None:
    assert spellings_seen(store, "pe_dana") == {"Dana Ospanova": ["a.txt"], "Ospanova": ["b.txt"]}


def test_an_official_is_a_person() -> None:
    assert is_person(Entity(id="x", kind="official", name="Akim", spellings=("Akim",)))
    assert not is_person(Entity(id="y", kind="ngo", name="Kadir", spellings=("Kadir",)))
