"""The one month table: month names and their short and case forms, per language.

Every stage that reads or writes a month (date finding and resolving, datelines, counts that
are really dates, synthetic reports) asks here instead of spelling the twelve names itself.
The words live in ``months-<version>.json``; a table there is ``<language>.<form>``, mapping
each written form to its month number.
"""

from __future__ import annotations

from functools import cache

from khronika.errors import KhronikaError
from khronika.vocabulary import DEFAULT_VERSION, vocabulary

FORMS: dict[str, tuple[str, ...]] = {
    "en": ("names", "abbreviations"),
    "ru": ("names", "genitive", "prepositional", "abbreviations"),
}


def month_table(language: str, form: str, version: str = DEFAULT_VERSION) -> dict[str, int]:
    """Written form -> month number for one language and form, in the file's order."""
    if form not in FORMS.get(language, ()):
        raise KhronikaError(f"no month form {form!r} for language {language!r}")
    table = vocabulary("months", version).table(f"{language}.{form}")
    return {word: int(number) for word, number in table.items()}


def month_names(language: str = "en", version: str = DEFAULT_VERSION) -> tuple[str, ...]:
    """The twelve full names in calendar order, as written in running text ("January")."""
    table = month_table(language, "names", version)
    return tuple(sorted(table, key=table.__getitem__))


def month_abbreviations(language: str = "en", version: str = DEFAULT_VERSION) -> tuple[str, ...]:
    """The short forms ("Jan", "Sept", "Sep"), in the file's order, without a trailing dot."""
    return tuple(month_table(language, "abbreviations", version))


@cache
def month_forms(language: str = "en", version: str = DEFAULT_VERSION) -> dict[str, int]:
    """Every written form of every month, lower-cased -> month number."""
    forms: dict[str, int] = {}
    for form in FORMS.get(language, ()):
        for word, number in month_table(language, form, version).items():
            forms[word.lower()] = number
    if not forms:
        raise KhronikaError(f"no months for language {language!r}")
    return forms


def month_number(word: str, language: str = "en", version: str = DEFAULT_VERSION) -> int | None:
    """The month a word names ("Sept." -> 9, "мая" -> 5), or None when it names none."""
    return month_forms(language, version).get(word.strip().rstrip(".").lower())
