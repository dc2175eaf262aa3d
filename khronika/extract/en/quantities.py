"""Find head counts in English news text and turn them into ranges (spec/events.md, "counts").

A mention is a numeral ("43", "1,000", "2.5 million", "Twenty-eight", "a hundred"), a vague
word ("dozens", "several hundred", "tens of thousands"), or a range ("20-30", "between 20 and
30", "two or three"), with an optional modifier in front ("more than", "some", "almost").
Conventions, with half-up rounding (corpus/DEV-NOTES.md, "Counts"):

* exact number: min = max; "dozens" 24-99, "scores" 40-99, "hundreds" 200-999, "thousands"
  2,000-9,999, "tens of thousands" 20,000-99,999;
* "more than/over N": N+1 and None; "at least N": N and None; "up to N": None and N;
* "about/some/around N": N +/- 12.5%; "almost/nearly/just under N": 0.875N to N-1.

The hard part is what is *not* a head count. Years, dates, clock times, money, percentages,
durations and jail terms ("15 days", "25-day"), ordinals, ages, list markers and numbers that
belong to a name or code ("Article 174") are rejected by looking at the characters and the
words around the numeral. :func:`find_quantities` does not decide *what* is counted; the caller
links ``head_start:head_end`` to a parsed token and reads the noun from there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, cast

from khronika.extract.counts import Quantity
from khronika.vocabulary import vocabulary, words
from khronika.vocabulary.months import month_abbreviations, month_names

__all__ = ["Quantity", "find_quantities", "parse_quantity"]


# --- vocabulary ------------------------------------------------------------------------------


_ENGLISH = vocabulary("english")
_UNITS: dict[str, int] = _ENGLISH.table("number_units")
_TENS: dict[str, int] = _ENGLISH.table("number_tens")
_BIG: dict[str, int] = _ENGLISH.table("number_scales")
_SCALE_WORDS = ("hundred", *_BIG, "dozen")

# Vague words become ranges; "several dozen" is read as "dozens" (DEV-NOTES).
_VAGUE: dict[str, tuple[int, int]] = {
    phrase: (low, high) for phrase, (low, high) in _ENGLISH.table("vague_counts").items()
}

ModifierKind = Literal["above", "at_least", "at_most", "below", "about", "almost"]
_MODIFIERS: dict[str, ModifierKind] = {
    phrase: cast(ModifierKind, kind) for phrase, kind in _ENGLISH.table("count_modifiers").items()
}

# A numeral followed by one of these measures time, money, distance... not people.
_TIME_UNITS = _ENGLISH.words("time_units")
_OTHER_UNITS = _ENGLISH.words("other_units") | words("regions", "currencies")
_MONTHS = frozenset(month_names("en")) | frozenset(month_abbreviations("en"))
_WEEKDAYS = frozenset(w.capitalize() for w in _ENGLISH.table("weekdays"))
# Words that make the next number part of a name or reference ("Article 174", "No. 5").
_CODE_WORDS = _ENGLISH.words("code_words")
# Adjectives that may sit between a numeral and its unit ("15 more days").
_UNIT_ADJECTIVES = _ENGLISH.words("unit_adjectives")
# After "about 2015" these words show a year, not a count.
_YEAR_FOLLOWERS = _ENGLISH.words("year_followers")
# "a few hundred", "a couple dozen": vague, no count (DEV-NOTES).
_VAGUE_QUANTIFIERS = _ENGLISH.words("vague_quantifiers")
_ONE_PRONOUN_BEFORE = _ENGLISH.words("one_pronoun_before")
_ONE_PRONOUN_AFTER = _ENGLISH.words("one_pronoun_after")
# "test scores", "he scores", "settle scores": the word "scores" that counts nobody.
_SCORES_NOT_COUNT_AFTER = _ENGLISH.words("scores_not_count_after")

# --- patterns --------------------------------------------------------------------------------


def _alternation(words: Iterable[str]) -> str:
    """Longest first, so "seventeen" wins over "seven" and "several dozen" over "dozens"."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


_NUMWORD = rf"(?:{_alternation([*_UNITS, *_TENS, *_SCALE_WORDS])})\b"
_JOIN = r"(?:-|[ \t]+|(?<=hundred)[ \t]+and[ \t]+|(?<=thousand)[ \t]+and[ \t]+)"
_ARTICLE = r"(?:an?[ \t]+(?=(?:hundred|thousand|million|dozen)\b))"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)"
_CORE = re.compile(
    rf"""
    \b(?P<vague>(?:{_alternation(_VAGUE)})\b)
    | \b(?P<range>{_DIGITS}[ \t]?[-–][ \t]?{_DIGITS})\b
    | \b(?P<digits>(?:\d+\.\d+|{_DIGITS})(?:[ \t]+(?:hundred|thousand|million|billion)\b)?)
    | \b(?P<words>{_ARTICLE}?{_NUMWORD}(?:{_JOIN}{_NUMWORD})*)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_MODIFIER = re.compile(rf"(?<![\w.])(?:{_alternation(_MODIFIERS)})\s+$", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?|\S")
# "20 to 30 days": the unit that rejects the second number rejects the first as well.
_RANGE_TAIL = re.compile(
    rf"\s*(?:to|or|and|-|–)\s*(?:{_DIGITS}|{_NUMWORD}(?:-{_NUMWORD})?)", re.IGNORECASE
)
# "four and a half years": a fraction is a term or a measure, never a head count.
_HALF_TAIL = re.compile(r"\s+and\s+a\s+half\b", re.IGNORECASE)
_CLOCK = re.compile(r"\s*(?:[ap]\.m\b\.?|[ap]m\b|o['’]clock\b)", re.IGNORECASE)


@dataclass(frozen=True)
class _Core:
    """A numeral before modifiers and context are looked at."""

    start: int
    end: int
    min: int
    max: int
    kind: Literal["vague", "range", "digits", "words"]

    @property
    def exact(self) -> bool:
        return self.min == self.max and self.kind in ("digits", "words")


# --- values ----------------------------------------------------------------------------------


def _round_half_up(value: Fraction) -> int:
    """Half-up, as the corpus rounds (10.5 -> 11); Python's round() would give 10."""
    return int((value + Fraction(1, 2)) // 1)


def _apply_modifier(kind: ModifierKind, n: int) -> tuple[int | None, int | None]:
    if kind == "above":
        return n + 1, None
    if kind == "at_least":
        return n, None
    if kind == "at_most":
        return None, n
    if kind == "below":
        return None, n - 1
    low = _round_half_up(Fraction(7 * n, 8))
    if kind == "about":
        return low, _round_half_up(Fraction(9 * n, 8))
    return min(low, n - 1), n - 1  # "almost": below n, never above it


def _digits_value(text: str) -> int | None:
    """'1,000' -> 1000, '2.5 million' -> 2500000; a bare decimal is no head count."""
    number, _, scale = text.partition(" ")
    scale = scale.strip().lower()
    factor = 100 if scale == "hundred" else _BIG.get(scale, 1)
    value = Fraction(number.replace(",", ""))
    if value.denominator != 1 and factor == 1:
        return None
    if len(number) > 7 and number.isdigit():
        return None  # a bare run of 8+ digits is a timestamp or an id; big counts use commas
    value *= factor
    return int(value) if value.denominator == 1 else None


def _words_value(words: list[str]) -> int | None:
    """Value of a numeral in words ("twenty five", "a hundred", "hundred and twenty")."""
    total, current, last = 0, 0, "start"
    for word in (w.lower() for w in words):
        if word in ("a", "an") and last == "start":
            current, last = 1, "a"
        elif word == "and" and last in ("hundred", "big"):
            last = "and"
        elif word in _UNITS and (
            last in ("start", "hundred", "big", "and") or (last == "tens" and _UNITS[word] < 10)
        ):
            current, last = current + _UNITS[word], "unit"
        elif word in _TENS and last in ("start", "hundred", "big", "and"):
            current, last = current + _TENS[word], "tens"
        elif word == "hundred" and last in ("start", "a", "unit") and current < 10:
            current, last = max(current, 1) * 100, "hundred"
        elif word in _BIG and last in ("start", "a", "unit", "tens", "hundred"):
            total, current, last = total + max(current, 1) * _BIG[word], 0, "big"
        elif word == "dozen" and last in ("start", "a", "unit"):
            current, last = max(current, 1) * 12, "dozen"
        else:
            return None
    return None if last in ("a", "and") else total + current


def _range_value(text: str) -> tuple[int, int] | None:
    low, high = (int(p.replace(",", "")) for p in re.split(r"[ \t]?[-–][ \t]?", text))
    # "2011-12" and "2011-2012" are years; "30-20" is no range.
    if low >= high or _looks_like_year(str(low)) or _looks_like_year(str(high)):
        return None
    return low, high


def _looks_like_year(digits: str) -> bool:
    return len(digits) == 4 and digits.isdigit() and 1900 <= int(digits) <= 2099


def _core_from_match(match: re.Match[str]) -> _Core | None:
    """Value of the matched numeral; for words, the longest prefix that is a valid numeral."""
    kind = match.lastgroup
    start, text = match.start(), match.group()
    if kind == "vague":
        low, high = _VAGUE[" ".join(text.lower().split())]
        return _Core(start, match.end(), low, high, "vague")
    if kind == "range":
        pair = _range_value(text)
        return _Core(start, match.end(), *pair, "range") if pair else None
    if kind == "digits":
        value = _digits_value(" ".join(text.split()))
        return _Core(start, match.end(), value, value, "digits") if value else None
    words = list(re.finditer(r"[A-Za-z]+", text))
    for n in range(len(words), 0, -1):
        value = _words_value([w.group() for w in words[:n]])
        if value:
            return _Core(start, start + words[n - 1].end(), value, value, "words")
    return None


# --- context ---------------------------------------------------------------------------------


def _words_after(text: str, end: int, n: int = 4) -> list[str]:
    return [m.group() for m in _WORD.finditer(text[end : end + 80])][:n]


def _word_before(text: str, start: int) -> str:
    """The word right before ``start`` if only spaces separate them, else ''."""
    match = re.search(r"([A-Za-z]+)\.?[ \t]+$", text[max(0, start - 40) : start])
    return match.group(1) if match else ""


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t")
    return not before or before[-1] in ".!?\n\"'“‘(:;—"


def _is_glued(text: str, core: _Core) -> bool:
    """Part of a bigger token: '21st', '7pm', '40%', 'COVID-19', '10/05', '7:30', '$5', '25-day'."""
    before = text[max(0, core.start - 2) : core.start]
    after = text[core.end : core.end + 2]
    if before[-1:] in ("£", "$", "€", "₽", "₸", "¥", "#", "№"):
        return True
    if before[-1:] in ("-", "/", ".", ":", ",") and before[:1].isalnum():
        return True
    if after[:1].isalnum() or after[:1] == "%":
        return True
    if after[:1] in ("/", ".", ":", ",", "-", "–") and after[1:2].isdigit():
        return True
    if after[:1] == "-" and after[1:2].isalpha():
        # A compound adjective ("25-day", "four-year", "twenty-first") is no count; "300-strong" is.
        compound = re.match(r"-([A-Za-z]+)", text[core.end :])
        return compound is None or compound.group(1).lower() != "strong"
    return False


def _measures_something_else(text: str, end: int) -> bool:
    """'15 days', 'dozens of years', '£80 million', '40 per cent', '7 p.m.', '10 January',
    'two and a half'.
    """
    if _CLOCK.match(text, end) or _HALF_TAIL.match(text, end):
        return True
    tail = _RANGE_TAIL.match(text, end)
    words = _words_after(text, tail.end() if tail else end)
    while words and words[0].lower() in _UNIT_ADJECTIVES | {"of", "[", "]", "("}:
        words = words[1:]
    if not words:
        return False
    word = words[0].rstrip("'’")
    return word.lower() in _TIME_UNITS | _OTHER_UNITS or word in _MONTHS


def _is_year(text: str, core: _Core, span_start: int, has_modifier: bool) -> bool:
    """1900-2099 is a year alone or after 'in'/'since'; 'about 2000 people' is a count."""
    if core.kind != "digits" or not _looks_like_year(text[core.start : core.end]):
        return False
    if not has_modifier or _word_before(text, span_start).lower() in ("in", "since"):
        return True
    following = _words_after(text, core.end, 1)
    return not following or not following[0].islower() or following[0] in _YEAR_FOLLOWERS


def _is_reference(text: str, core: _Core, span_start: int) -> bool:
    """A date ('May 10'), a code ('Article 174', 'No. 5') or a name ('Kazakhstan 2012')."""
    if span_start != core.start:
        return False  # a modifier sits between: "Reuters said some 50", "Almost 400"
    before = _word_before(text, core.start)
    if before in _MONTHS or before.lower() in _CODE_WORDS:
        return True
    if core.kind != "digits" or not before[:1].isupper() or before in _WEEKDAYS:
        return False
    # A capitalised word in mid-sentence glues the number to a name, unless the line is a
    # title-case headline ("Police Detain 30 Activists").
    following = _words_after(text, core.end, 1)
    title_case = bool(following) and following[0][:1].isupper()
    before_start = text.rindex(before, 0, core.start)
    return not _sentence_initial(text, before_start) and not title_case


def _is_age(text: str, core: _Core) -> bool:
    """'aged 25', 'at the age of 25', 'Marat Seitkali, 34, was detained'."""
    window = text[max(0, core.start - 30) : core.start].lower()
    if re.search(r"\b(?:aged?|ages|age of)\s+$", window):
        return True
    if core.kind != "digits" or text[core.end : core.end + 1] != ",":
        return False
    name = re.search(r"\b[A-Z][a-z]+, $", text[max(0, core.start - 40) : core.start])
    return name is not None


def _is_list_marker(text: str, core: _Core) -> bool:
    line_start = text.rfind("\n", 0, core.start) + 1
    at_line_start = not text[line_start : core.start].strip()
    return at_line_start and re.match(r"[.)](?:\s|$)", text[core.end :]) is not None


def _is_pronoun_one(text: str, core: _Core) -> bool:
    """'one of the ...', 'no one', 'one another': not a count of one."""
    if text[core.start : core.end].lower() != "one":
        return False
    following = _words_after(text, core.end, 1)
    before = _word_before(text, core.start).lower()
    if before in _ONE_PRONOUN_BEFORE:
        return True
    return bool(following) and following[0] in _ONE_PRONOUN_AFTER


def _after_vague_quantifier(text: str, core: _Core) -> bool:
    """'a few hundred', 'a couple dozen', 'many thousand': no count (DEV-NOTES)."""
    first = text[core.start : core.end].split()[0].lower()
    return first in _SCALE_WORDS and _word_before(text, core.start).lower() in _VAGUE_QUANTIFIERS


def _is_other_scores(text: str, core: _Core) -> bool:
    if text[core.start : core.end].lower() != "scores":
        return False
    return _word_before(text, core.start).lower() in _SCORES_NOT_COUNT_AFTER


def _rejected(text: str, core: _Core, span_start: int, has_modifier: bool) -> bool:
    return (
        _is_glued(text, core)
        or _measures_something_else(text, core.end)
        or _is_year(text, core, span_start, has_modifier)
        or _is_reference(text, core, span_start)
        or _is_age(text, core)
        or _is_list_marker(text, core)
        or _is_pronoun_one(text, core)
        or _after_vague_quantifier(text, core)
        or _is_other_scores(text, core)
    )


# --- assembling mentions ---------------------------------------------------------------------


def _modifier_before(text: str, start: int) -> tuple[int, ModifierKind] | None:
    """Start and kind of a modifier ending right before ``start`` ('more than ', 'some ')."""
    window_start = max(0, start - 30)
    match = _MODIFIER.search(text[window_start:start])
    if match is None:
        return None
    phrase = " ".join(match.group().lower().split())
    return window_start + match.start(), _MODIFIERS[phrase]


def _head_start(text: str, core: _Core) -> int:
    """Skip an article or 'several'/'half a' so the head is the numeral ('dozen', 'hundred')."""
    if core.kind == "vague" and " " in text[core.start : core.end]:
        return core.start + text[core.start : core.end].rindex(" ") + 1
    article = re.match(r"an?[ \t]+", text[core.start : core.end], re.IGNORECASE)
    return core.start + article.end() if article else core.start


def _quantity(text: str, core: _Core) -> Quantity | None:
    modifier = _modifier_before(text, core.start) if core.exact else None
    start = modifier[0] if modifier else core.start
    if _rejected(text, core, start, modifier is not None):
        return None
    low, high = _apply_modifier(modifier[1], core.min) if modifier else (core.min, core.max)
    return Quantity(
        start, core.end, text[start : core.end], low, high, _head_start(text, core), core.end
    )


def _is_plain_exact(q: Quantity) -> bool:
    return q.min == q.max and q.start == q.head_start


def _joined(text: str, first: Quantity, second: Quantity) -> Quantity | None:
    """'two or three', '20 to 30', 'between 20 and 30' as one range; None if they are two."""
    if not (_is_plain_exact(first) and _is_plain_exact(second)):
        return None
    link = re.fullmatch(r"[ \t]+(to|or|and)[ \t]+", text[first.end : second.start])
    between = re.search(r"\bbetween[ \t]+$", text[max(0, first.start - 10) : first.start], re.I)
    # "two and three" without "between" is a list of two figures, not a range.
    if link is None or (link.group(1) == "and" and between is None):
        return None
    if first.min is None or second.min is None or first.min >= second.min:
        return None
    start = first.start - len(between.group()) if between else first.start
    return Quantity(
        start,
        second.end,
        text[start : second.end],
        first.min,
        second.max,
        first.head_start,
        second.head_end,
    )


def _merge_ranges(text: str, found: list[Quantity]) -> list[Quantity]:
    merged: list[Quantity] = []
    for q in found:
        joined = _joined(text, merged[-1], q) if merged else None
        if joined is None:
            merged.append(q)
        else:
            merged[-1] = joined
    return merged


def find_quantities(text: str) -> list[Quantity]:
    """Every head-count mention in ``text``, in order, none overlapping another."""
    found: list[Quantity] = []
    for match in _CORE.finditer(text):
        core = _core_from_match(match)
        quantity = _quantity(text, core) if core else None
        if quantity is not None:
            found.append(quantity)
    return _merge_ranges(text, found)


def parse_quantity(phrase: str) -> tuple[int | None, int | None] | None:
    """(min, max) of a phrase that starts with a quantity ("more than 1,000", "dozens of").

    Words after the quantity are allowed and are looked at ("15 days" is None); None also when
    the phrase does not start with a quantity ("several", "a couple dozen", "in 2011").
    """
    stripped = phrase.strip()
    found = find_quantities(stripped)
    if not found or found[0].start != 0:
        return None
    return found[0].min, found[0].max
