"""Who is withheld: the redaction list, and every way a withheld name is written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from publishworld import JOURNALIST, PERSON, write_list

from khronika.model import Entity
from khronika.publish import WITHHELD, RedactionError, Redactions, Redactor, load_redactions


def redactor(*names: str, registry: tuple[Entity, ...] = (PERSON, JOURNALIST)) -> Redactor:
    return Redactor(Redactions(frozenset(names)), list(registry))


# --- matching ------------------------------------------------------------------------------------


def test_redactor_matches_whole_words_only() -> None:
    redact = redactor("Ivan Petrov", registry=())
    assert redact("Petrovsky street, Ivanovo; PETROV and petrov_files") == (
        f"Petrovsky street, Ivanovo; {WITHHELD} and {WITHHELD}_files"
    )
    assert redact("Ivan Petrov spoke") == f"{WITHHELD} spoke"  # one name, one marker


def test_redactor_matches_spellings_the_registry_never_saw() -> None:
    redact = redactor("Arman-Bolat Serikbayev", "Il'ya Ivanov", registry=())
    assert redact("Arman-Bolat Serikbayev, Serikbaev, Арман-Болат Серикбаев; Arman said") == (
        f"{WITHHELD}, {WITHHELD}, {WITHHELD}; {WITHHELD} said"
    )
    assert redact("Ilya Ivanov and Il’ya met Иванова") == (
        f"{WITHHELD} and {WITHHELD} met {WITHHELD}"
    )
    assert redact.unmatched == ("Arman-Bolat Serikbayev", "Il'ya Ivanov")


def test_a_surname_on_the_list_finds_the_registry_person_and_all_their_spellings() -> None:
    redact = redactor("Zhaksybaeva")
    assert redact.entity_ids == frozenset({"pe_aigerim"})
    assert (redact.people, redact.unmatched) == (1, ())
    # The given name alone goes too: it is a part of a withheld spelling.
    assert redact("Aigerim spoke to Айгерим") == f"{WITHHELD} spoke to {WITHHELD}"


def test_a_full_name_in_another_word_order_finds_the_registry_person() -> None:
    assert redactor("Zhaksybayeva Aigerim").entity_ids == frozenset({"pe_aigerim"})


@pytest.mark.parametrize(
    "form", ["Жаксыбаевой", "Жаксыбаеву", "Жаксыбаевым", "ЖАКСЫБАЕВА", "жаксыбаевой"]
)
def test_russian_case_forms_of_a_withheld_surname_are_replaced(form: str) -> None:
    assert redactor("Zhaksybaeva")(f"о {form} сообщили") == f"о {WITHHELD} сообщили"


def test_a_short_or_common_word_is_never_withheld_on_its_own() -> None:
    # "Li" is under three letters, "de" a particle, "Dr" a title: only the whole name goes.
    redact = redactor("Dr Li de Souza", registry=())
    assert redact("Dr Li de Souza met Li and a de facto Dr") == (
        f"{WITHHELD} met Li and a de facto Dr"
    )


def test_gender_is_not_folded_so_a_relative_is_not_withheld() -> None:
    assert redactor("Zhaksybaeva")("Zhaksybayev spoke") == "Zhaksybayev spoke"


def test_replacements_are_counted_and_blanks_between_names_merged() -> None:
    redact = redactor("Zhaksybaeva")
    assert redact("Айгерим  Жаксыбаеву задержали; Aigerim Zhaksybayeva") == (
        f"{WITHHELD} задержали; {WITHHELD}"
    )
    assert redact.replaced == 2


def test_mask_keeps_the_length_and_is_not_counted() -> None:
    redact = redactor("Zhaksybaeva")
    assert redact.mask("Zhaksybayeva spoke") == "************ spoke"
    assert redact.replaced == 0


def test_value_redacts_every_string_inside_json() -> None:
    redact = redactor("Zhaksybaeva")
    found = redact.value({"text": "Zhaksybayeva", "list": ["Aigerim", 3], "n": None})
    assert found == {"text": WITHHELD, "list": [WITHHELD, 3], "n": None}


def test_without_a_list_nothing_changes() -> None:
    redact = Redactor(None, [PERSON])
    assert not redact
    assert redact("Aigerim Zhaksybayeva") == "Aigerim Zhaksybayeva"
    assert redact.spans("Aigerim Zhaksybayeva") == []


# --- the redaction list --------------------------------------------------------------------------


def test_load_redactions_reads_names_comments_and_blanks(tmp_path: Path) -> None:
    path = write_list(tmp_path, "\ufeff# people at risk\n\n  Dana   Ospanova \nЖаксыбаева # note\n")
    found = load_redactions(path)
    assert found.names == frozenset({"Dana Ospanova", "Жаксыбаева"})
    assert found.source == str(path)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (b"Zhaksybaeva\n\xff\xfe bad\n", "not UTF-8"),
        (b"# nobody yet\n\n", "no names"),
        (b"Zhaksybaeva\n-\n", "line 2"),
        (b"Zhaksybaeva\nDana\x07Ospanova\n", "control characters"),
    ],
)
def test_a_bad_redaction_file_is_a_one_line_error_naming_it(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "list.txt"
    path.write_bytes(content)
    with pytest.raises(RedactionError) as caught:
        load_redactions(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert reason in message
    assert "\n" not in message


@pytest.mark.parametrize("make_dir", [False, True])
def test_an_unreadable_redaction_file_names_it(tmp_path: Path, make_dir: bool) -> None:
    path = tmp_path / "missing.txt"
    if make_dir:
        path.mkdir()
    with pytest.raises(RedactionError, match="^" + re.escape(f"{path}: ")):
        load_redactions(path)
