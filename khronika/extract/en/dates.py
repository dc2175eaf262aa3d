"""Date phrases: find them in English text and resolve them to a :class:`PartialDate`.

Two halves. :func:`find_date_mentions` is a regex finder that complements spaCy's DATE
entities (which miss "on Tuesday", "the same day", "last July" and split "since ... June 9").
:func:`resolve_date` turns one phrase into a date range as a careful coder would, following
spec/events.md ("date") and the corpus DEV-NOTES:

* a year is never guessed: without ``published`` only a phrase that states its year resolves;
* relative phrases ("on Tuesday", "last week", "overnight") count back from ``published``;
* anaphoric phrases ("the same day", "a few days later") lean on ``anchor``, the date of the
  previous event in the text;
* anything else is ``precision="unknown"`` with the phrase kept in ``text``; nothing raises.

A day and month without a year ("on May 10") is the latest such day on or before
``published``, by calendar arithmetic (dateparser answered the same, far more slowly), and has
no year at all without ``published``.

Resolution is a dispatch over an ordered list of (regex, handler) pairs on a normalised phrase;
each handler covers one family of phrases and returns ``None`` when it cannot resolve.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from khronika.extract.context import DateMention
from khronika.model import DatePrecision, PartialDate
from khronika.vocabulary import vocabulary
from khronika.vocabulary.months import month_abbreviations, month_forms, month_names

__all__ = ["DateMention", "find_date_mentions", "resolve_date"]


# --- shared vocabulary -------------------------------------------------------------------------

_ENGLISH = vocabulary("english")
_MONTH_NUMBERS = month_forms("en")
_WEEKDAY_NUMBERS: dict[str, int] = _ENGLISH.table("weekdays")
_NUMBER_WORDS: dict[str, int] = _ENGLISH.table("number_words")
_WEEKDAYS = "|".join(_WEEKDAY_NUMBERS)  # lower case, Monday first
# Forms of one word that share a start are tried longest first ("september|sept|sep").
_NUMBER_ALTERNATION = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_MONTH_ALTERNATION = "|".join(
    "|".join(sorted((w for w, n in _MONTH_NUMBERS.items() if n == month), key=len, reverse=True))
    for month in range(1, 13)
)


# Month names are matched capitalised in running text, so the verbs "may" and "march" stay out.
_MONTH = rf"(?:{'|'.join(month_names('en'))}|(?:{'|'.join(month_abbreviations('en'))})\.?)"
_WEEKDAY = rf"(?:{'|'.join(w.capitalize() for w in _WEEKDAY_NUMBERS)})"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]|20)\d\d"
_NUM = rf"(?:{_NUMBER_ALTERNATION}|\d{{1,2}})"
_VAGUE = r"(?:a\s+few|several|a\s+couple\s+of|some|a\s+number\s+of)"


# --- finding -----------------------------------------------------------------------------------

_END = r"(?![\w-])"
# Calendar cores, written for running text (capitalised month and weekday names).
_DMY = rf"(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}"
_MDY = rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}"
_DM = rf"(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}"
_MD = rf"{_MONTH}\s+{_DAY}"
_CALENDAR = rf"(?:(?:{_WEEKDAY},?\s+)?(?:{_DMY}|{_MDY}|{_DM}|{_MD})|\d{{4}}-\d\d-\d\d)"
_PART_OF = (
    r"(?i:the\s+(?:early\s+|late\s+)?(?:morning|afternoon|evening|night|early\s+hours"
    r"|end|beginning|start|middle)\s+of)\s+"
)
_LEAD = (
    r"(?i:on|in|since|during|throughout|earlier\s+on|later\s+on|early\s+on|late\s+on|at|as\s+of)"
    r"\s+"
)
_EARLY_LATE = r"(?i:early|late|mid)[-\s]+"
# "2000 protesters" is a count, not the year 2000.
_NOT_PEOPLE = rf"(?!\s+(?i:{'|'.join(sorted(_ENGLISH.words('counted_nouns')))})\b)"

_FINDER_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        # "on the morning of 6 January", "on Monday, June 3", "December 6, 2012", "the 5 May".
        rf"\b(?:{_LEAD})?(?:{_PART_OF})?{_CALENDAR}{_END}",
        # "since the presidential election was held on June 9": since + a few words + a date.
        rf"\b(?i:since)\s+(?:[^\s.;:!?]+\s+){{0,8}}?(?:(?i:on|in)\s+)?(?:{_PART_OF})?"
        rf"(?:{_CALENDAR}|{_MONTH}\s+{_YEAR}|{_YEAR}){_END}",
        # "in March 2018", "at the end of October 2022", "December 2011".
        rf"\b(?:{_LEAD})?(?:{_PART_OF})?(?:{_EARLY_LATE})?{_MONTH},?\s+{_YEAR}{_END}",
        # "in March", "last July", "in mid-March": a bare month needs a lead word.
        rf"\b(?i:(?:in|last|this|next|since|during|throughout)\s+)(?:{_PART_OF})?"
        rf"(?:{_EARLY_LATE})?{_MONTH}{_END}",
        rf"\b(?:{_PART_OF})(?:{_EARLY_LATE})?{_MONTH}{_END}",
        rf"\b(?i:mid)-{_MONTH}{_END}",
        # "in 2021", "early 2020", and a bare year as in "the 2021 death", but not a head count.
        rf"\b(?:(?i:in|since|during|throughout)\s+)?(?:{_EARLY_LATE})?{_YEAR}{_END}{_NOT_PEOPLE}",
        # "on Tuesday", "last Friday", "on Monday morning".
        rf"\b(?:(?i:on|since|last|this|earlier\s+on|later\s+on|early\s+on|late\s+on)\s+)?"
        rf"{_WEEKDAY}(?:\s+(?i:morning|afternoon|evening|night))?{_END}",
        # "May Day" is a date (1 May) as well as a name.
        rf"\b(?:(?i:on)\s+)?May\s+Day{_END}",
        # Periods relative to publication: "earlier this week", "last year", "over the weekend".
        r"(?i:\b(?:(?:earlier|later)\s+)?(?:this|last|next)\s+(?:week|weekend|month|year)\b)",
        r"(?i:\b(?:(?:on|over|at|during)\s+)?the\s+weekend\b)",
        r"(?i:\b(?:yesterday|today|tonight|currently|this\s+(?:morning|afternoon|evening)"
        r"|last\s+night|overnight)\b)",
        # Anaphora on the previous event: "the same day", "that night", "the day before".
        r"(?i:\b(?:on\s+)?(?:the\s+same|that)\s+(?:day|night|evening|morning|afternoon)\b)",
        r"(?i:\bthe\s+(?:day|night|evening)\s+before(?:\s+yesterday)?\b)",
        r"(?i:\b(?:the\s+(?:previous|next|following)\s+(?:day|night|evening|morning)"
        r"|a\s+day\s+(?:earlier|later|before))\b)",
        rf"(?i:\b(?:{_VAGUE}|{_NUM}|many)\s+(?:days?|weeks?|months?|years?)\s+(?:later|ago)\b)",
        # Counted from another event: "three days after the arrest", "a day before the vote".
        rf"(?i:\b(?:{_VAGUE}|{_NUM})\s+(?:days?|weeks?)\s+(?:after|before)\b)",
        r"(?i:\b(?:hours|days)\s+(?:later|after)\b)",
        r"(?i:\bthe\s+following\s+week\b)",
        r"(?i:\b(?:in\s+)?(?:recent\s+days|the\s+(?:past|last)\s+few\s+days)\b)",
    )
)


def find_date_mentions(text: str) -> list[DateMention]:
    """Date phrases in ``text``, sorted by start and non-overlapping; the longest match wins.

    Each span is an exact substring of ``text`` (leading prepositions such as "on", "in" and
    "since" are part of it, as in the annotations: "on 2 May", "since ... June 9").
    """
    candidates = {
        (m.start(), m.end()) for pattern in _FINDER_PATTERNS for m in pattern.finditer(text)
    }
    # Longest first, then leftmost: a shorter phrase inside a longer one ("May 10" inside
    # "on May 10, 2019") must give way to it.
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(candidates, key=lambda span: (span[0] - span[1], span[0])):
        if all(end <= s or start >= e for s, e in chosen):
            chosen.append((start, end))
    return [DateMention(start, end, text[start:end]) for start, end in sorted(chosen)]


# --- resolving: small helpers ------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    phrase: str  # the phrase exactly as given; every result carries it in ``text``
    published: date | None
    anchor: PartialDate | None


_Handler = Callable[[re.Match[str], _Context], PartialDate | None]


def _unknown(phrase: str) -> PartialDate:
    return PartialDate(None, None, "unknown", text=phrase)


def _days(ctx: _Context, start: date, end: date) -> PartialDate | None:
    """A range of whole days; an empty range (end before start) is no answer."""
    return PartialDate(start, end, "day", ctx.phrase) if start <= end else None


def _month_range(ctx: _Context, year: int, month: int) -> PartialDate:
    start = date(year, month, 1)
    end = _add_months(start, 1) - timedelta(days=1)
    return PartialDate(start, end, "month", ctx.phrase)


def _year_range(ctx: _Context, year: int) -> PartialDate:
    return PartialDate(date(year, 1, 1), date(year, 12, 31), "year", ctx.phrase)


def _add_months(day: date, months: int) -> date:
    """The first of the month ``months`` after ``day``'s month (negative goes back)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _month_number(name: str) -> int:
    return _MONTH_NUMBERS[name.lower()]


def _number(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word)


def _anchor_day(ctx: _Context) -> date | None:
    """The anchor's first day, but only when the anchor is known to the day."""
    anchor = ctx.anchor
    return anchor.start if anchor and anchor.precision == "day" and anchor.start else None


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


# --- resolving: one handler per family ---------------------------------------------------------

# Patterns below run on a normalised phrase: lower case, single spaces, no edge punctuation.
_N_MONTH = rf"(?P<month>{_MONTH_ALTERNATION})\.?"
_N_DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_N_YEAR = rf"(?P<year>{_YEAR})"
_N_WEEKDAY = rf"(?:{_WEEKDAYS}),? "
_N_SHADE = r"(?:(?:early|late|mid)[- ])?"
_N_VAGUE = r"(?:a few|several|a couple of|some|few|many)"


def _explicit_day(m: re.Match[str], ctx: _Context) -> PartialDate | None:
    """Full dates ("December 6, 2012", "6 Jul 2019"): the text says it all."""
    try:
        day = date(int(m["year"]), _month_number(m["month"]), int(m["day"]))
    except ValueError:  # "31 June 2019": no such day, so no date rather than a wrong one
        return None
    return PartialDate(day, day, "day", ctx.phrase)


def _iso_day(m: re.Match[str], ctx: _Context) -> PartialDate | None:
    try:
        day = date.fromisoformat(m[0])
    except ValueError:
        return None
    return PartialDate(day, day, "day", ctx.phrase)


def _explicit_month(m: re.Match[str], ctx: _Context) -> PartialDate | None:
    """Month and year ("at the end of October 2022"): the whole month, as the spec reads it."""
    return _month_range(ctx, int(m["year"]), _month_number(m["month"]))


def _explicit_year(m: re.Match[str], ctx: _Context) -> PartialDate | None:
    return _year_range(ctx, int(m["year"]))


def _day_month(m: re.Match[str], ctx: _Context) -> PartialDate | None:
    """Day and month ("on May 10", "Monday, June 3"): the year is from ``published`` or none.

    The weekday is dropped before parsing: weekday plus day of month must not pick a year.
    """
    return _recent_day(ctx, _month_number(m["month"]), int(m["day"]))


def _may_day(m: re.Match[str], ctx: _Context) -> PartialDate | None:
    return _recent_day(ctx, 5, 1)


def _recent_day(ctx: _Context, month: int, day: int) -> PartialDate | None:
    """The latest ``day`` of ``month`` on or before publication (29 February: in the last leap
    year). This is what dateparser answered (past-preferring, relative to publication), checked
    on every day and month against 18 publication dates around leap years and year ends; it
    cost 3-18 ms a phrase and 0.5 s to load.
    """
    if ctx.published is None:
        # The year cannot be known: the month and day are kept as data (consolidation uses them).
        valid = 1 <= month <= 12 and 1 <= day <= calendar.monthrange(2000, month)[1]
        return PartialDate(None, None, "unknown", ctx.phrase, month, day) if valid else None
    for year in range(ctx.published.year, ctx.published.year - 9, -1):  # a leap year in 8
        if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
            result = date(year, month, day)
            if result <= ctx.published:
                return PartialDate(result, result, "day", ctx.phrase)
    return None


def _month_only(m: re.Match[str], ctx: _Context) -> PartialDate | None:
    """A month alone ("in March", "last July"): the nearest such month seen from ``published``.

    "in March" may be the publication month itself; "last July" is strictly before the
    publication month (July 2012 in Sept 2012, but July 2011 in July 2012).
    """
    if ctx.published is None:
        return None
    month, pub = _month_number(m["month"]), ctx.published
    which = m["which"]
    if which == "next":
        year = pub.year if month > pub.month else pub.year + 1
    elif which == "this":
        year = pub.year
    elif which == "last":
        year = pub.year if month < pub.month else pub.year - 1
    else:
        year = pub.year if month <= pub.month else pub.year - 1
    return _month_range(ctx, year, month)


def _relative_period(m: re.Match[str], ctx: _Context) -> PartialDate | None:
    """This/last/next week, month or year; "earlier"/"later" trim to before/after publication."""
    if ctx.published is None:
        return None
    pub, unit, which, trim = ctx.published, m["unit"], m["which"], m["trim"]
    shift = {"last": -1, "this": 0, "next": 1}[which]
    precision: DatePrecision
    if unit == "week":
        first = _monday(pub) + timedelta(weeks=shift)
        start, end = first, first + timedelta(days=6)
        precision = "day"
    elif unit == "month":
        start = _add_months(pub, shift)
        end = _add_months(start, 1) - timedelta(days=1)
        precision = "month"
    else:
        start, end = date(pub.year + shift, 1, 1), date(pub.year + shift, 12, 31)
        precision = "year"
    # "earlier this week" on Saturday 2019-07-06 is Monday 07-01 to Friday 07-05 (DEV-NOTES).
    if trim == "earlier":
        end = min(end, pub - timedelta(days=1))
    elif trim == "later":
        start = max(start, pub + timedelta(days=1))
    if shift == 0 and unit == "week" and not trim:
        end = pub  # "this week" in a news report is what has happened so far
    if end < start:
        return None
    return PartialDate(start, end, precision, ctx.phrase)


def _weekend(m: re.Match[str], ctx: _Context) -> PartialDate | None:
    """The weekend: Saturday-Sunday before a weekday article (spec), or the current one."""
    if ctx.published is None:
        return None
    pub = ctx.published
    saturday = pub - timedelta(days=(pub.weekday() - 5) % 7)
    if m["which"] == "last" and pub.weekday() >= 5:
        saturday -= timedelta(weeks=1)  # on a weekend, "last weekend" is the one before
    if m["which"] == "next":
        saturday += timedelta(weeks=1)
    return _days(ctx, saturday, saturday + timedelta(days=1))


def _weekday(m: re.Match[str], ctx: _Context) -> PartialDate | None:
    """A weekday: the latest such day on or before ``published``; "last Tuesday" is before."""
    if ctx.published is None:
        return None
    back = (ctx.published.weekday() - _WEEKDAY_NUMBERS[m["weekday"]]) % 7
    if back == 0 and m["which"] == "last":
        back = 7
    day = ctx.published - timedelta(days=back)
    return PartialDate(day, day, "day", ctx.phrase)


# Phrases a day or two from publication: (first, last) day offset. A night straddles two dates;
# the report's night ("overnight", "last night") is the one ending on publication day.
_DAY_OFFSETS: dict[str, tuple[int, int]] = {
    phrase: (first, last) for phrase, (first, last) in _ENGLISH.table("day_offsets").items()
}


def _near_published(m: re.Match[str], ctx: _Context) -> PartialDate | None:
    if ctx.published is None:
        return None
    first, last = _DAY_OFFSETS[m[0]]
    return _days(ctx, ctx.published + timedelta(days=first), ctx.published + timedelta(days=last))


def _day_before(m: re.Match[str], ctx: _Context) -> PartialDate | None:
    """The day before: the anchor's eve if it has a day, else the eve of publication."""
    base = _anchor_day(ctx) or ctx.published
    if base is None:
        return None
    day = base - timedelta(days=1)
    return PartialDate(day, day, "day", ctx.phrase)


def _day_after(m: re.Match[str], ctx: _Context) -> PartialDate | None:
    """The next day: only after an anchor known to the day (publication is no help here)."""
    base = _anchor_day(ctx)
    if base is None:
        return None
    day = base + timedelta(days=1)
    if ctx.published and day > ctx.published:
        return None
    return PartialDate(day, day, "day", ctx.phrase)


def _same_as_anchor(m: re.Match[str], ctx: _Context) -> PartialDate | None:
    """The same day, that night: the previous event's date, whatever its precision."""
    if ctx.anchor is None or ctx.anchor.precision == "unknown":
        return None
    return replace(ctx.anchor, text=ctx.phrase)


def _after_anchor(m: re.Match[str], ctx: _Context) -> PartialDate | None:
    """A few days later: from the day after the anchor to publication (spec).

    "Then" says no day has passed, so it starts on the anchor's own day: DEV-NOTES resolve
    "Затем" after Sunday 2022-09-25 in a 2022-09-28 article to 2022-09-25..2022-09-28.
    """
    anchor = ctx.anchor
    if anchor is None or ctx.published is None:
        return None
    last_known = anchor.end or anchor.start
    if last_known is None:
        return None
    gap = 0 if m[0] == "then" else 1
    return _days(ctx, last_known + timedelta(days=gap), ctx.published)


def _counted_later(m: re.Match[str], ctx: _Context) -> PartialDate | None:
    """Counted days later ("two days later", "three days after"): exact, from the anchor."""
    base, count = _anchor_day(ctx), _number(m["count"])
    if base is None or count is None:
        return None
    day = base + timedelta(days=count * (7 if m["unit"] == "week" else 1))
    if ctx.published and day > ctx.published:
        return None
    return PartialDate(day, day, "day", ctx.phrase)


def _counted_before(m: re.Match[str], ctx: _Context) -> PartialDate | None:
    """Counted days before another event ("two days before the vote"): exact, from the anchor."""
    base, count = _anchor_day(ctx), _number(m["count"])
    if base is None or count is None:
        return None
    day = base - timedelta(days=count * (7 if m["unit"] == "week" else 1))
    return PartialDate(day, day, "day", ctx.phrase)


def _months_later(m: re.Match[str], ctx: _Context) -> PartialDate | None:
    """Counted months later ("a month later"): the month that many after the anchor's."""
    anchor, count = ctx.anchor, _number(m["count"])
    if anchor is None or anchor.start is None or count is None:
        return None
    first = _add_months(anchor.start, count)
    if ctx.published and first > ctx.published:
        return None
    return _month_range(ctx, first.year, first.month)


def _week_after_anchor(m: re.Match[str], ctx: _Context) -> PartialDate | None:
    """The following week: Monday to Sunday after the anchor's week, no later than publication."""
    base = _anchor_day(ctx)
    if base is None:
        return None
    start = _monday(base) + timedelta(weeks=1)
    end = start + timedelta(days=6)
    if ctx.published:
        end = min(end, ctx.published)
    return _days(ctx, start, end)


def _vague_ago(m: re.Match[str], ctx: _Context) -> PartialDate | None:
    """Several days ago, in recent days: a deliberate week-long window before publication.

    The phrase gives no number; a week back is the reading a coder would accept, and the
    range keeps that vagueness visible instead of inventing a single day.
    """
    if ctx.published is None:
        return None
    last = -1 if m[0].endswith("ago") else 0  # "in recent days" may include publication day
    return _days(ctx, ctx.published - timedelta(days=7), ctx.published + timedelta(days=last))


def _counted_ago(m: re.Match[str], ctx: _Context) -> PartialDate | None:
    """Counted time ago: days and weeks to the day, "a month ago" a month, "a year ago" a year."""
    count = _number(m["count"])
    if ctx.published is None or count is None:
        return None
    pub, unit = ctx.published, m["unit"]
    if unit in ("day", "week"):
        day = pub - timedelta(days=count * (7 if unit == "week" else 1))
        return PartialDate(day, day, "day", ctx.phrase)
    if unit == "month":
        first = _add_months(pub, -count)
        return _month_range(ctx, first.year, first.month)
    return _year_range(ctx, pub.year - count)


_HANDLERS: tuple[tuple[re.Pattern[str], _Handler], ...] = tuple(
    (re.compile(pattern), handler)
    for pattern, handler in (
        (r"^\d{4}-\d\d-\d\d$", _iso_day),
        (rf"^(?:{_N_WEEKDAY})?(?:the )?{_N_DAY} (?:of )?{_N_MONTH},? {_N_YEAR}$", _explicit_day),
        (rf"^(?:{_N_WEEKDAY})?{_N_MONTH} {_N_DAY},? {_N_YEAR}$", _explicit_day),
        (rf"^{_N_SHADE}{_N_MONTH},? {_N_YEAR}$", _explicit_month),
        (rf"^{_N_SHADE}(?:the )?(?:year )?{_N_YEAR}$", _explicit_year),
        (rf"^(?:{_N_WEEKDAY})?(?:the )?{_N_DAY} (?:of )?{_N_MONTH}$", _day_month),
        (rf"^(?:{_N_WEEKDAY})?{_N_MONTH} {_N_DAY}$", _day_month),
        (r"^may day$", _may_day),
        (rf"^(?:(?P<which>last|this|next) )?{_N_SHADE}{_N_MONTH}$", _month_only),
        (
            r"^(?:(?P<trim>earlier|later) )?(?P<which>this|last|next) (?P<unit>week|month|year)$",
            _relative_period,
        ),
        (r"^(?:the|(?P<which>this|last|next)) weekend$", _weekend),
        (
            rf"^(?:(?P<which>last|this) )?(?P<weekday>{_WEEKDAYS})"
            r"(?: (?:morning|afternoon|evening|night))?$",
            _weekday,
        ),
        (rf"^(?:{'|'.join(_DAY_OFFSETS)})$", _near_published),
        (
            r"^(?:the (?:day|night|evening) before|the previous (?:day|night|evening)"
            r"|a day (?:earlier|before))$",
            _day_before,
        ),
        (r"^(?:the (?:next|following) (?:day|morning|evening|night)|a day later)$", _day_after),
        (r"^(?:the same|that) (?:day|night|evening|morning|afternoon)$", _same_as_anchor),
        (rf"^(?:{_N_VAGUE} )?(?:days|weeks) (?:later|after)$|^then$", _after_anchor),
        (r"^hours (?:later|after)$", _same_as_anchor),
        (r"^the following week$", _week_after_anchor),
        (rf"^(?P<count>{_NUM}) (?P<unit>day|week)s? before$", _counted_before),
        (rf"^(?P<count>{_NUM}) months? later$", _months_later),
        (
            rf"^(?P<count>{_NUM}) (?P<unit>day|week)s? (?:later|after\b.*)$",
            _counted_later,
        ),
        (rf"^(?:{_N_VAGUE} days ago|recent days|the (?:past|last) few days)$", _vague_ago),
        (rf"^(?P<count>{_NUM}) (?P<unit>day|week|month|year)s? ago$", _counted_ago),
    )
)

# Words around a date that do not change which date it is ("on", "the morning of", ...).
_LEADING_NOISE = re.compile(
    r"^(?:on|in|at|over|during|throughout|as of|earlier on|later on|early on|late on"
    r"|the (?:early |late )?(?:morning|afternoon|evening|night|early hours|small hours|end"
    r"|beginning|start|middle) of) "
)
# A date core inside a longer phrase ("a may 18 statement", "the 2021 death").
_EMBEDDED = re.compile(
    re.sub(
        r"\(\?P<\w+>",  # the same parts appear twice: drop their group names
        "(?:",
        rf"\b(?:{_N_DAY} (?:of )?{_N_MONTH}(?:,? {_N_YEAR})?|{_N_MONTH} {_N_DAY}(?:,? {_N_YEAR})?"
        rf"|{_N_MONTH},? {_N_YEAR}|{_N_YEAR})\b",
    )
)


# --- resolving: entry point --------------------------------------------------------------------


def resolve_date(
    phrase: str, *, published: date | None, anchor: PartialDate | None = None
) -> PartialDate:
    """Resolve one date phrase; the result's ``text`` is ``phrase`` exactly as given.

    ``published`` is the document's publication date, ``anchor`` the date of the previous
    event in the text (for "the same day", "a few days later"). Unresolvable phrases give
    ``precision="unknown"``; odd input never raises.
    """
    ctx = _Context(phrase, published, anchor)
    try:
        result = _resolve(_normalise(phrase), ctx)
    except Exception:
        # dateparser and date arithmetic at the edges of the calendar: no date beats a crash.
        result = None
    return result if result is not None else _unknown(phrase)


def _normalise(phrase: str) -> str:
    text = " ".join(phrase.replace("\u2019", "'").split()).lower().strip(" ,.;:!?()\"'")
    previous = None
    while previous != text:  # "at the end of October 2022" sheds "at", then "the end of"
        previous, text = text, _LEADING_NOISE.sub("", text)
    return text


def _resolve(text: str, ctx: _Context) -> PartialDate | None:
    if text.startswith("since "):
        return _since(text.removeprefix("since "), ctx)
    for pattern, handler in _HANDLERS:
        match = pattern.match(text)
        if match:
            return handler(match, ctx)
    return _embedded(text, ctx)


def _since(rest: str, ctx: _Context) -> PartialDate | None:
    """Since a date ("since June 9"): from it to publication (or open-ended without it)."""
    inner = _resolve(_normalise(rest), ctx)
    if inner is None or inner.start is None:
        return None
    if ctx.published is not None and inner.start > ctx.published:
        return None
    return PartialDate(inner.start, ctx.published, inner.precision, ctx.phrase)


def _embedded(text: str, ctx: _Context) -> PartialDate | None:
    """A date core inside a longer phrase: "the January 5 protest", "the 2021 death"."""
    match = _EMBEDDED.search(text)
    return _resolve(match[0], ctx) if match else None
