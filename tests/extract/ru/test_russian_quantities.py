"""Russian head counts: numerals and vague phrases as the spec's ranges, and what they count."""

from __future__ import annotations

import pytest

from khronika.extract.ru.parse import parse
from khronika.extract.ru.quantities import count_key, find_quantities

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("text", "phrase", "low", "high"),
    [
        ("Полиция задержала 17 человек.", "17", 17, 17),
        ("Полиция задержала более 100 человек.", "более 100", 101, None),
        ("На митинг вышли около 400 человек.", "около 400", 350, 450),
        ("Полиция задержала пятерых активистов.", "пятерых", 5, 5),
        ("На площадь вышли десятки человек.", "десятки", 24, 99),
        ("На акцию пришли несколько десятков человек.", "несколько десятков", 24, 99),
        ("Полиция задержала 50-60 человек.", "50-60", 50, 60),
    ],
)
def test_figures_become_ranges(text: str, phrase: str, low: int, high: int | None) -> None:
    [quantity] = find_quantities(parse(text))

    assert (quantity.text, quantity.min, quantity.max) == (phrase, low, high)


def test_a_day_of_the_month_is_no_count() -> None:
    assert find_quantities(parse("Активистов задержали 16 декабря.")) == []


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Полиция задержала 17 человек.", "detained"),
        ("В акции приняли участие 300 участников.", "participants"),
        ("Суд арестовал активиста на 15 суток.", None),
    ],
)
def test_what_a_figure_counts(text: str, key: str | None) -> None:
    doc = parse(text)
    [quantity] = find_quantities(doc)
    token = doc.char_span(quantity.head_start, quantity.head_end, alignment_mode="expand")
    assert token is not None

    assert count_key(token[-1]) == key
