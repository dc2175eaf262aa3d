"""Russian head counts: numerals and vague phrases as ranges (spec/events.md, "counts").

'17', 'шестерых', 'более 100' (101 and up), 'около 400' (±12.5%), 'почти 50', 'до 300',
'50-60', 'десятки' (24-99), 'несколько десятков', 'сотни'. Which count a figure is (detained,
participants...) comes from the words it counts and the verb above it.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from khronika.extract.counts import Quantity
from khronika.vocabulary import vocabulary
from khronika.vocabulary.months import month_forms

_RU = vocabulary("russian")
_NUMBERS: dict[str, int] = _RU.table("number_words")
_VAGUE: dict[str, list[int]] = _RU.table("vague_counts")
_MORE = _RU.words("count_modifiers_min")
_ABOUT = frozenset({"около", "примерно", "приблизительно", "порядка"})
_ALMOST = frozenset({"почти"})
_UP_TO = frozenset({"до"})
_MONTHS = month_forms("ru")
_RANGE = re.compile(r"^(\d{1,6})[-–](\d{1,6})$")
_KEYS = (
    ("detained", _RU.words("detained_words")),
    ("killed", _RU.words("killed_words")),
    ("injured", _RU.words("injured_words")),
    ("participants", _RU.words("participant_words")),
)


def _value(token: Token) -> tuple[int, int] | None:
    text = token.text.replace("\u00a0", "")
    m = _RANGE.match(text)
    if m:
        return int(m[1]), int(m[2])
    if text.isdigit():
        return int(text), int(text)
    number = _NUMBERS.get(token.lemma_) or _NUMBERS.get(token.lower_)
    return (number, number) if number else None


_SCALES = {
    "десяток": ("десятков", "десятки"),
    "сотня": ("сотен", "сотни"),
    "тысяча": ("тысяч", "тысячи"),
}


def _vague(doc: Doc, token: Token) -> Quantity | None:
    """'несколько десятков' (24-99), 'десятки', 'сотни', 'тысячи' (the spec's conventions)."""
    if token.lemma_ not in _SCALES:
        return None
    several, plural = _SCALES[token.lemma_]
    prev = doc[token.i - 1] if token.i > 0 else None
    if prev is not None and prev.lower_ == "несколько":
        low, high = _VAGUE["несколько " + several]
        return _make(doc[prev.i : token.i + 1], low, high, token)
    if "Number=Plur" in str(token.morph):
        low, high = _VAGUE[plural]
        return _make(doc[token.i : token.i + 1], low, high, token)
    return None


def _modified(doc: Doc, token: Token, low: int, high: int) -> Quantity:
    """The figure with the words before it: 'более 100', 'около 400', 'не менее 15', 'до 300'."""
    prev = doc[token.i - 1].lower_ if token.i > 0 else ""
    before = doc[token.i - 2].lower_ if token.i > 1 else ""
    if before == "не" and prev in ("менее", "меньше"):
        return _make(doc[token.i - 2 : token.i + 1], low, None, token)  # at least
    if before == "не" and prev in ("более", "больше"):
        return _make(doc[token.i - 2 : token.i + 1], None, high, token)  # up to
    span = doc[token.i - 1 : token.i + 1] if token.i > 0 else doc[token.i : token.i + 1]
    if prev in _MORE:
        return _make(span, low + 1, None, token)
    if prev in _ABOUT:
        return _make(span, round(low * 0.875), round(low * 1.125), token)
    if prev in _ALMOST:
        return _make(span, round(low * 0.875), low - 1, token)
    if prev in _UP_TO:
        return _make(span, None, high, token)
    return _make(doc[token.i : token.i + 1], low, high, token)


def _quantity(doc: Doc, token: Token) -> Quantity | None:
    vague = _vague(doc, token)
    if vague is not None:
        return vague
    if token.pos_ not in ("NUM", "ADJ", "NOUN") and not token.text.isdigit():
        return None
    value = _value(token)
    following = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
    if value is None or following in ("%", "процент") or following in _MONTHS:
        return None  # '16 декабря' is a date, '20%' a share
    return _modified(doc, token, *value)


def _make(span: Span, low: int | None, high: int | None, head: Token) -> Quantity:
    return Quantity(
        start=span.start_char,
        end=span.end_char,
        text=span.text,
        min=low,
        max=high,
        head_start=head.idx,
        head_end=head.idx + len(head),
    )


def find_quantities(doc: Doc) -> list[Quantity]:
    """Every figure that may count people, in text order."""
    out = []
    for token in doc:
        q = _quantity(doc, token)
        if q is not None:
            out.append(q)
    return out


# What a figure may count that is no head count: times, money, articles of a code.
_NOT_PEOPLE = frozenset(
    {"год", "сутки", "сутка", "месяц", "день", "час", "минута", "тенге", "рубль", "статья", "часть"}
)


def count_key(token: Token) -> str | None:
    """Which count a figure fills: the noun it counts ('задержанных', 'участников'), else the
    nearest word above it that says what happened to them ('задержаны', 'вышли').
    """
    counted = token.head if token.dep_.startswith("nummod") or token.head.pos_ == "NOUN" else token
    if counted.lemma_ in _NOT_PEOPLE:
        return None
    # 'человек' says nothing of what happened to them; what was done to them outranks who
    # they were ('задержали пятерых участников' counts the detained)
    around = {t.lemma_ for t in [counted, *list(counted.ancestors)[:3]]} - {"человек"}
    for key, words in _KEYS:
        if around & words:
            return key
    return None


def attribution(sent: Span) -> str | None:
    """'по данным ОВД-Инфо', 'как сообщает X': who claims the figures of a sentence."""
    for token in sent:
        if token.lemma_ == "данные" and token.i > 0 and token.doc[token.i - 1].lower_ == "по":
            for child in token.children:
                if child.dep_ == "nmod":
                    return " ".join(t.text for t in child.subtree)
    return None
