"""The one month table: twelve months in each language and form, every written form read back
to its month, and a form or language the table lacks is an error."""

from __future__ import annotations

import pytest

from khronika.errors import KhronikaError
from khronika.vocabulary.months import (
    FORMS,
    month_abbreviations,
    month_forms,
    month_names,
    month_number,
    month_table,
)


def test_english_names_are_the_twelve_months_in_calendar_order() -> None:
    assert month_names("en") == (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    )  # fmt: skip


def test_english_abbreviations_keep_the_order_the_date_patterns_need() -> None:
    # "Sept" before "Sep" so the longer form is tried first; "May" has no short form.
    assert month_abbreviations("en") == (
        "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("language", "form"), [(lang, form) for lang, forms in FORMS.items() for form in forms]
)
def test_every_form_covers_months_one_to_twelve_only(language: str, form: str) -> None:
    numbers = set(month_table(language, form).values())

    assert numbers <= set(range(1, 13))
    if form != "abbreviations":
        assert numbers == set(range(1, 13))
        assert len(month_table(language, form)) == 12


@pytest.mark.parametrize(
    ("word", "language", "expected"),
    [
        ("January", "en", 1),
        ("sept.", "en", 9),
        ("Sep", "en", 9),
        ("DECEMBER", "en", 12),
        ("май", "ru", 5),
        ("мая", "ru", 5),
        ("мае", "ru", 5),
        ("сент.", "ru", 9),
        ("Mayday", "en", None),
        ("Monday", "en", None),
        ("мая", "en", None),
    ],
)
def test_a_written_form_reads_back_to_its_month(
    word: str, language: str, expected: int | None
) -> None:
    assert month_number(word, language) == expected


def test_every_lower_cased_form_is_one_key_of_the_forms_table() -> None:
    forms = month_forms("ru")

    assert forms["января"] == 1
    assert forms["декабре"] == 12
    assert all(word == word.lower() for word in forms)


def test_a_form_or_language_the_table_lacks_is_an_error() -> None:
    with pytest.raises(KhronikaError, match="no month form 'genitive' for language 'en'"):
        month_table("en", "genitive")
    with pytest.raises(KhronikaError, match="no months for language 'kk'"):
        month_forms("kk")
