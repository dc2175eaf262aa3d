"""Russian date phrases: found in running text, resolved against publication, never a guessed year."""

from __future__ import annotations

from datetime import date

import pytest

from khronika.extract.ru.dates import find_date_mentions, resolve_date
from khronika.model import PartialDate

# A Monday.
PUBLISHED = date(2025, 3, 17)


def test_the_phrases_of_a_report_are_found_with_their_offsets() -> None:
    text = "В субботу в Алматы задержали активистов, а 12 марта их оштрафовали."

    mentions = find_date_mentions(text)

    assert [m.text for m in mentions] == ["В субботу", "12 марта"]
    assert all(text[m.start : m.end] == m.text for m in mentions)


@pytest.mark.parametrize(
    ("phrase", "start", "end", "precision"),
    [
        ("10 мая 2024 года", date(2024, 5, 10), date(2024, 5, 10), "day"),
        ("12 марта", date(2025, 3, 12), date(2025, 3, 12), "day"),
        ("20 декабря", date(2024, 12, 20), date(2024, 12, 20), "day"),  # last year's
        ("вчера", date(2025, 3, 16), date(2025, 3, 16), "day"),
        ("в субботу", date(2025, 3, 15), date(2025, 3, 15), "day"),
        ("в среду", date(2025, 3, 12), date(2025, 3, 12), "day"),
        ("на прошлой неделе", date(2025, 3, 10), date(2025, 3, 16), "day"),
        ("в начале марта", date(2025, 3, 1), date(2025, 3, 31), "month"),
        ("в ночь на 5 марта", date(2025, 3, 4), date(2025, 3, 5), "day"),
        ("16 декабря прошлого года", date(2024, 12, 16), date(2024, 12, 16), "day"),
        ("третьего марта", date(2025, 3, 3), date(2025, 3, 3), "day"),
        ("20.03.2022", date(2022, 3, 20), date(2022, 3, 20), "day"),
    ],
)
def test_phrases_resolve_against_publication(
    phrase: str, start: date, end: date, precision: str
) -> None:
    assert resolve_date(phrase, published=PUBLISHED) == PartialDate(start, end, precision, phrase)


@pytest.mark.parametrize("phrase", ["12 марта", "в субботу", "вчера", "в начале марта"])
def test_without_a_publication_date_no_year_is_guessed(phrase: str) -> None:
    assert resolve_date(phrase, published=None) == PartialDate(None, None, "unknown", phrase)


def test_a_year_in_the_text_needs_no_publication_date() -> None:
    resolved = resolve_date("5 января 2022 года", published=None)

    assert (resolved.start, resolved.precision) == (date(2022, 1, 5), "day")


def test_the_day_before_counts_back_from_the_event_just_told() -> None:
    anchor = PartialDate(date(2025, 3, 8), date(2025, 3, 8), "day", "8 марта")

    assert resolve_date("накануне", published=PUBLISHED, anchor=anchor).start == date(2025, 3, 7)


def test_the_same_day_is_the_date_of_the_event_just_told() -> None:
    anchor = PartialDate(date(2025, 3, 8), date(2025, 3, 8), "day", "8 марта")

    assert resolve_date("в тот же день", published=None, anchor=anchor).start == date(2025, 3, 8)


def test_a_date_after_publication_is_no_date_of_an_event() -> None:
    assert resolve_date("20 марта 2025 года", published=PUBLISHED).precision == "unknown"
