"""Russian date phrases: finding them in a text and resolving them against publication.

The rules are the English ones (``extract.en.dates``): a day and month without a year take the
latest such day on or before publication; a weekday the latest such day; 'вчера', 'накануне'
count back from publication (or, for 'накануне', from the previous event's day); 'в тот же
день' is the previous event's date. Without a publication date and without a year in the text
the date stays unknown, its phrase kept: a year is never guessed.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from khronika.extract.context import DateMention
from khronika.model import PartialDate
from khronika.vocabulary import vocabulary
from khronika.vocabulary.months import month_forms

_RU = vocabulary("russian")
_MONTHS = month_forms("ru")
_WEEKDAYS: dict[str, int] = _RU.table("weekdays")
_ORDINALS: dict[str, int] = _RU.table("ordinal_days")
_OFFSETS: dict[str, list[int]] = _RU.table("day_offsets")


def _alt(words: object) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))  # type: ignore[call-overload]


# Weekdays in any case: 'в понедельник', 'в среду', 'в пятницу', 'в воскресенье'.
_WEEKDAY_FORMS = {
    "понедельник": 0, "вторник": 1, "среду": 2, "среда": 2, "четверг": 3,
    "пятницу": 4, "пятница": 4, "субботу": 5, "суббота": 5, "воскресенье": 6,
}  # fmt: skip
_MONTH = rf"(?P<month>{_alt(_MONTHS)})"
_DAY = rf"(?P<day>3[01]|[12]\d|0?[1-9]|{_alt(_ORDINALS)})(?:-?(?:го|е|ого))?"
_YEAR = r"(?:(?P<year>(?:19|20)\d\d)(?:\s*(?:года|году|г\.))?|(?P<which>этого|текущего|прошлого|позапрошлого)\s+года)"
_SHADE = r"(?P<shade>в\s+начале|в\s+конце|в\s+середине|к\s+концу)\s+"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("numeric", re.compile(r"(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>(?:19|20)\d\d)")),
    ("iso", re.compile(r"(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)")),
    ("night", re.compile(rf"в\s+ночь\s+на\s+{_DAY}\s+{_MONTH}(?:\s+{_YEAR})?", re.I)),
    ("day", re.compile(rf"{_DAY}\s+{_MONTH}(?:\s+{_YEAR})?", re.I)),
    ("month", re.compile(rf"(?:{_SHADE})?{_MONTH}(?:\s+{_YEAR})?", re.I)),
    ("weekday", re.compile(rf"(?:в|во)\s+(?P<weekday>{_alt(_WEEKDAY_FORMS)})", re.I)),
    ("last_week", re.compile(r"на\s+прошлой\s+неделе", re.I)),
    ("this_week", re.compile(r"на\s+этой\s+неделе", re.I)),
    ("same_day", re.compile(r"в\s+тот\s+же\s+день|тогда\s+же|в\s+этот\s+же\s+день", re.I)),
    ("offset", re.compile(rf"(?P<offset>{_alt(_OFFSETS)})", re.I)),
    ("year", re.compile(rf"в\s+{_YEAR}", re.I)),
]
_WORD_END = re.compile(r"\w")


def find_date_mentions(text: str) -> list[DateMention]:
    """Date phrases in document order; where two overlap the earlier-listed pattern wins."""
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for _, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span()
            if start > 0 and _WORD_END.match(text[start - 1]):
                continue  # inside a word
            if end < len(text) and _WORD_END.match(text[end]) and not text[end - 1].isdigit():
                continue
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            out.append(DateMention(start, end, text[start:end]))
    return sorted(out, key=lambda d: d.start)


def _month_of(word: str) -> int | None:
    return int(word) if word.isdigit() else _MONTHS.get(word.lower())


def _day_of(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else _ORDINALS.get(word)


def _recent(month: int, day: int, published: date) -> date | None:
    """The latest ``day`` of ``month`` on or before ``published``."""
    for year in (published.year, published.year - 1):
        try:
            found = date(year, month, day)
        except ValueError:
            return None
        if found <= published:
            return found
    return None


def _one_day(day: date | None, phrase: str) -> PartialDate | None:
    return PartialDate(day, day, "day", phrase) if day else None


def _month_range(year: int, month: int, phrase: str, shade: str | None) -> PartialDate:
    start = date(year, month, 1)
    end = (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
    return PartialDate(start, end, "month", phrase)


def _stated_year(m: re.Match[str], published: date | None) -> int | None:
    """'2022 года' as written; 'этого года', 'прошлого года' from publication (else none)."""
    if m.groupdict().get("year"):
        return int(m["year"])
    which = m.groupdict().get("which")
    if which and published is not None:
        return published.year - {"этого": 0, "текущего": 0, "прошлого": 1}.get(which.lower(), 2)
    return None


def _calendar(
    kind: str, m: re.Match[str], phrase: str, published: date | None
) -> PartialDate | None:
    month, day = _month_of(m["month"]), _day_of(m["day"]) if "day" in m.groupdict() else None
    year = _stated_year(m, published)
    if m.groupdict().get("which") and year is None:
        return None  # a year relative to a publication date the text lacks
    if month is None:
        return None
    if kind == "month":
        if year is None:
            if published is None:
                return None
            year = published.year if month <= published.month else published.year - 1
        return _month_range(year, month, phrase, m["shade"])
    if day is None:
        return None
    if year is not None:
        found: date | None = date(year, month, day)
    else:
        found = _recent(month, day, published) if published else None
    if found is None:
        return None
    if kind == "night":  # 'в ночь на 5 января': the night from the 4th to the 5th
        return PartialDate(found - timedelta(days=1), found, "day", phrase)
    return _one_day(found, phrase)


def _relative(
    kind: str, m: re.Match[str], phrase: str, published: date | None, anchor: PartialDate | None
) -> PartialDate | None:
    if kind == "same_day":
        return PartialDate(anchor.start, anchor.end, anchor.precision, phrase) if anchor else None
    if published is None:
        return None
    if kind == "weekday":
        back = (published.weekday() - _WEEKDAY_FORMS[m["weekday"].lower()]) % 7
        return _one_day(published - timedelta(days=back), phrase)
    if kind in ("last_week", "this_week"):
        monday = published - timedelta(days=published.weekday())
        if kind == "last_week":
            return PartialDate(
                monday - timedelta(days=7), monday - timedelta(days=1), "day", phrase
            )
        return PartialDate(monday, published, "day", phrase)
    first, last = _OFFSETS[m["offset"].lower()]
    base = published
    if m["offset"].lower() == "накануне" and anchor and anchor.precision == "day" and anchor.start:
        base = anchor.start
    return PartialDate(base + timedelta(days=first), base + timedelta(days=last), "day", phrase)


def resolve_date(
    phrase: str, *, published: date | None, anchor: PartialDate | None = None
) -> PartialDate:
    """One phrase resolved; unknown (the phrase kept) when the text and publication cannot say."""
    text = " ".join(phrase.split())
    for kind, pattern in _PATTERNS:
        m = pattern.fullmatch(text)
        if m is None:
            continue
        try:
            if kind in ("numeric", "iso"):
                day = date(int(m["year"]), int(m["month"]), int(m["day"]))
                result = _one_day(day, phrase)
            elif kind == "year":
                if m["year"] is None:
                    break
                y = int(m["year"])
                result = PartialDate(date(y, 1, 1), date(y, 12, 31), "year", phrase)
            elif kind in ("night", "day", "month"):
                result = _calendar(kind, m, phrase, published)
            else:
                result = _relative(kind, m, phrase, published, anchor)
        except (ValueError, KeyError):
            result = None
        if result is not None and not (published and result.start and result.start > published):
            return result
        break
    return PartialDate(None, None, "unknown", phrase)
