"""A month and day read back from a yearless date phrase, for reports stored before extraction
kept them as data.

Extraction now stores "on May 10" with no publication date as ``PartialDate(month=5, day=10)``;
reports extracted earlier (and other tools' exports) carry only the phrase in ``date.text``.
Consolidation reads the month and day from that phrase with the one month table, so such a
report is still blocked and compared by its month-day. Nothing is read that the phrase does not
say: a phrase naming no month, or a day the month does not have, gives nothing.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from khronika.vocabulary.months import month_forms

_LANGUAGES = ("en", "ru")


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    names = sorted(
        {form for language in _LANGUAGES for form in month_forms(language)}, key=len, reverse=True
    )
    month = "(?P<month>" + "|".join(re.escape(name) for name in names) + r")\.?"
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
    return (
        re.compile(rf"(?<!\w){day}(?:\s+of)?\s+{month}(?!\w)", re.IGNORECASE),
        re.compile(rf"(?<!\w){month}\s+{day}(?!\w)", re.IGNORECASE),
    )


@cache
def _forms() -> dict[str, int]:
    forms: dict[str, int] = {}
    for language in _LANGUAGES:
        forms.update(month_forms(language))
    return forms


def month_day_of(text: str | None) -> tuple[int, int] | None:
    """(month, day) named by a date phrase ("on May 10", "10 мая", "the 3rd of June"), or None."""
    if not text:
        return None
    for pattern in _patterns():
        match = pattern.search(text)
        if match is None:
            continue
        month = _forms().get(match["month"].lower().rstrip("."))
        day = int(match["day"])
        if month is None:
            continue
        try:
            date(2000, month, day)
        except ValueError:
            return None
        return month, day
    return None
