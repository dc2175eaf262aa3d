"""Actors: the signers of a letter, the kind of an organisation, short names made full."""

from __future__ import annotations

import pytest
from spacy.language import Language

from khronika.extract.en.actors import PersonIndex, org_kind, signatories

# --- signatories -------------------------------------------------------------------------------


def _signers(text: str) -> list[str]:
    return [name for name, _, _ in signatories(text)]


def test_signatories_caps_surname_lines_become_given_surname() -> None:
    text = "We condemn the arrests.\n\nYours sincerely,\n\nSMITH John MEP\n\nDOE Jane MEP\n"

    assert _signers(text) == ["John Smith", "Jane Doe"]


def test_signatories_particle_and_accent_keep_their_case() -> None:
    text = "We call for their release.\n\nYours faithfully,\n\nDE BRÚN Bairbre MEP\n"

    assert _signers(text) == ["Bairbre de Brún"]


def test_signatories_hyphenated_surname_is_title_cased() -> None:
    text = "Yours sincerely,\nKILL-NIELSEN Margrete MEP\nSMITH John\n"

    assert _signers(text) == ["Margrete Kill-Nielsen", "John Smith"]


def test_signatories_offsets_point_at_the_signature_line() -> None:
    text = "We condemn the arrests.\n\nYours sincerely,\n\nSMITH John MEP\n"

    [(name, start, end)] = signatories(text)

    assert name == "John Smith"
    assert text[start:end] == "SMITH John MEP"


def test_signatories_stop_at_first_line_that_is_no_name() -> None:
    text = "Yours sincerely,\n\nSMITH John MEP\n\nBrussels, 5 May 2021\n\nDOE Jane MEP\n"

    assert _signers(text) == ["John Smith"]


def test_signatories_without_sign_off_are_none() -> None:
    assert signatories("Police detained him.\nSMITH John MEP\n") == []


def test_signatories_plain_name_line_drops_title() -> None:
    text = "Yours sincerely,\n\nAnna Berg MEP\n"

    assert _signers(text) == ["Anna Berg"]


# --- organisation kinds ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Interior Ministry", "government"),
        ("Bostandyk District Court", "court"),
        ("Human Rights Watch", "ngo"),
        ("OSCE", "international_body"),
        ("Socialist Party", "party"),
        ("Radio Azattyq", "media"),
        ("European Parliament", "international_body"),
        ("the Council of Europe", "international_body"),
        ("Democratic Choice", "movement"),
        ("Acme Holdings", "other"),
    ],
)
def test_org_kind_from_name_words(name: str, kind: str) -> None:
    assert org_kind(name) == kind


def test_org_kind_following_movement_word_makes_a_movement() -> None:
    assert org_kind("Oyan Qazaqstan") == "other"
    assert org_kind("Oyan Qazaqstan", "movement") == "movement"


def test_org_kind_committee_to_protect_journalists_is_ngo() -> None:
    assert org_kind("Committee to Protect Journalists") == "ngo"


# --- person index ------------------------------------------------------------------------------


def test_person_index_full_name_from_surname_or_given_name() -> None:
    people = PersonIndex(by_part={"aliya": "Aliya Serikova", "serikova": "Aliya Serikova"})

    assert people.full_name("Serikova") == "Aliya Serikova"
    assert people.full_name("Aliya") == "Aliya Serikova"
    assert people.full_name("Serikova’s") == "Aliya Serikova"


def test_person_index_full_name_unknown_or_multiword_is_none() -> None:
    people = PersonIndex(by_part={"serikova": "Aliya Serikova"})

    assert people.full_name("Petrov") is None
    assert people.full_name("Aliya Serikova") is None


@pytest.mark.model
def test_person_index_of_doc_indexes_multiword_person_names(nlp: Language) -> None:
    doc = nlp("The blogger Aliya Serikova has written about the mayor for years.")

    people = PersonIndex.of(doc)

    assert people.full_name("Serikova") == "Aliya Serikova"
