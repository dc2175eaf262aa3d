"""How a date phrase sits in its document: what it dates, and whether other sentences share it.

A report tells its story at one time and names other times in passing. "The 2020 protests",
"demonstrations of October 2020" and "Tuesday's ruling" date only the noun they sit in; "since
June 9" or "in 2019" name a stretch of time, not a moment the next sentence can lean on. These
rules read the dependency tree (English and Universal Dependencies labels alike) and the
resolved range, never the words, so they hold for every language with a parser. A short date
line under the title ("6 Jul 2019 16:55") says when the text was published.
"""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Doc, Span, Token

from khronika.model import PartialDate
from khronika.vocabulary.months import month_forms

# Dependencies that make a phrase part of a noun phrase: "the 2020 protests" (compound,
# nummod), "Tuesday's ruling" (poss), and their Universal Dependencies names.
_MODIFIER_DEPS = frozenset({"compound", "nummod", "amod", "nmod", "poss", "nmod:poss"})
# Common nouns only: a date beside a proper name is a dateline ("ALMATY, 5 March 2023") or a
# name's own part, not an event noun's date.
_NOUNS = frozenset({"NOUN"})
# A day-precision range longer than this is a period ("since June 9"), not a shared moment.
_LONGEST_MOMENT_DAYS = 7


def attributive_head(doc: Doc, start: int, end: int) -> Token | None:
    """The noun a date phrase modifies inside a noun phrase, or None when it dates a clause."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    inside = range(span.start, span.end)
    for token in span:
        head = token.head
        if head.i in inside or head.i == token.i:
            continue
        if token.dep_ in _MODIFIER_DEPS and head.pos_ in _NOUNS and _object_of(span, head):
            return head
        # "demonstrations of October 2020": the "of" is outside the phrase, the noun above it.
        if token.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in _NOUNS:
            return head.head
    return None


def _object_of(span: Span, noun: Token) -> bool:
    """A phrase that opens with a preposition sits in a noun only when the noun is that
    preposition's object ("in [2020 protests]"); "On 17 March investigators charged ..." read
    as a compound is a misparse, and the date is the clause's.
    """
    first = span[0]
    return first.pos_ != "ADP" or noun.head.i == first.i


def is_moment(resolved: PartialDate) -> bool:
    """Whether a date can be shared with neighbouring sentences: a day or days, or a month.

    A year ("in 2019") or a weeks-long stretch ("since June 9") tells when something stood,
    not when the next act happened.
    """
    if resolved.start is None or resolved.end is None:
        return False
    if resolved.precision == "month":
        return True
    return (
        resolved.precision == "day" and (resolved.end - resolved.start).days <= _LONGEST_MOMENT_DAYS
    )


# --- which clause a date phrase belongs to -----------------------------------------------------

# Clause boundaries: a reported clause ("said that ..."), a relative clause ("who was ...").
_CLAUSE_DEPS = frozenset({"ccomp", "relcl", "acl:relcl", "parataxis"})
# A reported clause: what a dated verb of saying reports.
_REPORTED_DEPS = frozenset({"ccomp", "parataxis"})
_MAX_DEPTH = 24
OWN, OTHER, SUBORDINATE, REPORT, REFERENCE = 0, 1, 2, 3, 4


def clause_relation(trigger: Token, start: int, end: int) -> int:
    """How a date phrase stands to a trigger in its sentence, best first.

    ``OWN``: in the trigger's clause. ``OTHER``: elsewhere in the sentence. ``SUBORDINATE``:
    in a clause below the trigger ("detained X, who had spoken on Monday"). ``REPORT``: on the
    verb that reports the trigger's clause, told in the past ("announced on Tuesday that five
    were sentenced"): the day of the report, not of the act. ``REFERENCE``: the trigger is
    what the phrase counts from ("three days after the arrest"), so it dates another act.
    """
    span = trigger.doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return OTHER
    inside = range(span.start, span.end)
    if trigger.i not in inside and _counted_from(trigger, inside):
        return REFERENCE
    below = _path_up(span.root, trigger.i)
    if below is not None:
        # A relative clause on the trigger noun tells of the event itself ("protests that
        # erupted on 16 September"); any other clause on the way is another act's.
        crossed = [
            t
            for t in below
            if t.i not in inside and t.dep_ in _CLAUSE_DEPS and t.head.i != trigger.i
        ]
        return SUBORDINATE if crossed else OWN
    governor = span.root.head
    above = _path_up(trigger, governor.i) if governor.i != span.root.i else None
    if above is None or governor.pos_ not in ("VERB", "AUX"):
        return OTHER
    reported = [t for t in above if t.dep_ in _REPORTED_DEPS]
    return REPORT if reported and _told_in_the_past(reported[-1]) else OTHER


def _counted_from(trigger: Token, inside: range) -> bool:
    """Whether the trigger is what a phrase counts from: its object ("three days after the
    arrest", "after being arrested"), not a clause about the date ("June 3, when ...").
    """
    token = trigger
    for _ in range(_MAX_DEPTH):
        if token.dep_ in _CLAUSE_DEPS or token.head.i == token.i:
            return False
        if token.head.i in inside:
            return True
        token = token.head
    return False


def _path_up(token: Token, target: int) -> list[Token] | None:
    """The tokens from ``token`` up to (not including) ``target``; None if it is not above."""
    path: list[Token] = []
    for _ in range(_MAX_DEPTH):
        if token.i == target:
            return path
        if token.head.i == token.i:
            return None
        path.append(token)
        token = token.head
    return None


def _told_in_the_past(verb: Token) -> bool:
    """A clause in a past tense ("were sentenced", "had arrested"), by its verb or auxiliary."""
    return any("Past" in t.morph.get("Tense", []) for t in (verb, *verb.children) if t.i <= verb.i)


# --- the date line: when the text itself says when it was published ----------------------------

_MONTH_WORDS = {**month_forms("en"), **month_forms("ru")}
_MONTH = "|".join(sorted((re.escape(w) for w in _MONTH_WORDS), key=len, reverse=True))
_YEAR = r"(?:19|20)\d\d"
_STATED_DATE = re.compile(
    rf"\b(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH})\.?,?\s+(?P<y1>{_YEAR})\b"
    rf"|\b(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>{_YEAR})\b"
    rf"|\b(?P<d3>\d{{1,2}})[./](?P<m3>\d{{1,2}})[./](?P<y3>{_YEAR})\b"
    rf"|\b(?P<y4>{_YEAR})-(?P<m4>\d\d)-(?P<d4>\d\d)\b",
    re.IGNORECASE,
)
_CLOCK = re.compile(r"\b\d{1,2}:\d\d(?:\s*[ap]\.?m\.?)?", re.IGNORECASE)
# Lower-case words a date line may hold besides names of people, places and outlets.
_LINE_WORDS = frozenset(
    "by updated published posted last on at am pm gmt utc et date дата обновлено опубликовано".split()
)
# A caption under a photograph dates the picture, not the report.
_CAPTION = re.compile(r"photo|фото|getty|reuters/|image|credit|file picture", re.IGNORECASE)
_HEAD_LINES = 6
_LONGEST_LINE = 90


def stated_publication(text: str) -> date | None:
    """The date a short date line under the title gives ("6 Jul 2019 16:55", "Updated: 12 March
    2021", "Agenda.ge, 29 Nov 2024 - 12:42"), or None.

    Only a line near the top that holds a full date (with its year) and little else qualifies:
    a sentence, the title and a photo caption do not.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines[1:_HEAD_LINES]:
        found = _date_line(line)
        if found is not None:
            return found
    return None


def date_line_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the date lines ``stated_publication`` reads (no event's date)."""
    spans = []
    seen = 0
    for match in re.finditer(r"[^\n]+", text):
        if not match.group().strip():
            continue
        seen += 1
        if 1 < seen <= _HEAD_LINES and _date_line(match.group().strip()) is not None:
            spans.append((match.start(), match.end()))
    return spans


def _date_line(line: str) -> date | None:
    if len(line) > _LONGEST_LINE or _CAPTION.search(line):
        return None
    match = _STATED_DATE.search(line)
    if match is None:
        return None
    rest = _CLOCK.sub(" ", _STATED_DATE.sub(" ", line))
    words = re.findall(r"[^\W\d_][\w.’'-]*", rest)
    if len(words) > 5 or any(w[0].islower() and w.lower() not in _LINE_WORDS for w in words):
        return None
    return _match_date(match)


def _match_date(match: re.Match[str]) -> date | None:
    for i in "1234":
        if match[f"y{i}"]:
            month = match[f"m{i}"]
            number = int(month) if month.isdigit() else _MONTH_WORDS.get(month.lower())
            try:
                return date(int(match[f"y{i}"]), number or 0, int(match[f"d{i}"]))
            except ValueError:
                return None
    return None
