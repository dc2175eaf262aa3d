"""What real news copy does to a report that clean synthetic copy does not, as rates.

Read off the development corpus's reports and other outlets' wordings of them (issue 11): most
reports name a day without a year or no date at all, many are placed only by their dateline
(sometimes the capital the outlet writes from, not the town where it happened), a night of
protest is dated on either side of midnight, and a city sees the same kind of happening on
consecutive days. Rates per report (a report can get several):

- the year left out ("on 10 May") 15 %; no date at all 10 %;
- a day off by one 10 % (as the clean stream), with a night or evening phrase half the time;
- the place only from the dateline 10 %, of which a third is the country's main city instead of
  the town it happened in (misplaced);
- the status wrong (an occurred happening written as announced) 2 %;
- a person's name written surname first 5 %, with French-style "ou" for "u" 5 %;
and per happening, a look-alike 12 %: another happening of the same type in the same city on
the day before or after, with its own people and figures (the second night of a protest).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, fields, replace

from khronika.model import PartialDate, Place
from khronika.vocabulary.months import month_names

YEARLESS = 0.15
UNDATED = 0.10
VAGUE_WHEN_OFF = 0.5
DATELINE_ONLY = 0.10
MISPLACED_OF_DATELINE = 1 / 3
WRONG_STATUS = 0.02
LOOK_ALIKE = 0.12
SURNAME_FIRST = 0.05
FRENCH_OU = 0.05

_VAGUE = ("overnight on", "late on", "on the night of", "in the evening of")


@dataclass(frozen=True)
class NewsNoise:
    """The rates above, one object so a bench can switch them off (``NewsNoise.none()``)."""

    yearless: float = YEARLESS
    undated: float = UNDATED
    vague_when_off: float = VAGUE_WHEN_OFF
    dateline_only: float = DATELINE_ONLY
    misplaced: float = MISPLACED_OF_DATELINE
    wrong_status: float = WRONG_STATUS
    look_alike: float = LOOK_ALIKE
    surname_first: float = SURNAME_FIRST
    french_ou: float = FRENCH_OU

    @property
    def active(self) -> bool:
        """Whether any rate is above zero."""
        return any(getattr(self, rate.name) > 0 for rate in fields(self))

    @classmethod
    def none(cls) -> NewsNoise:
        """No news-like noise: the clean synthetic stream."""
        return cls(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)


def news_date(
    when: PartialDate, off_by_one: bool, noise: NewsNoise, rng: random.Random
) -> PartialDate:
    """``when`` as a news report may give it: without its year, without a date, or vaguely."""
    roll = rng.random()
    if when.precision == "day" and when.start is not None and roll < noise.yearless:
        day = when.start
        month = month_names("en")[day.month - 1]
        return PartialDate(text=f"on {day.day} {month}", month=day.month, day=day.day)
    if roll < noise.yearless + noise.undated:
        return PartialDate(text=rng.choice((None, "recently", "this week")))
    if off_by_one and when.text and rng.random() < noise.vague_when_off:
        return replace(when, text=f"{rng.choice(_VAGUE)} {when.text}")
    return when


def news_place(
    where: Place, main_city: Place | None, noise: NewsNoise, rng: random.Random
) -> Place:
    """``where`` as a report placed by its dateline may give it: sometimes the main city."""
    if where.precision != "city" or rng.random() >= noise.dateline_only:
        return where
    if main_city is not None and rng.random() < noise.misplaced:
        return replace(main_city, text=(main_city.name or "").upper())
    return replace(where, text=(where.name or "").upper())


def news_name(name: str, noise: NewsNoise, rng: random.Random) -> str:
    """A person's name as some outlets write it: surname first, or "ou" for "u" (Latin only)."""
    if not noise.active:
        return name
    words = name.split()
    surname = len(words) - 1
    if len(words) == 2 and rng.random() < noise.surname_first:
        words, surname = [words[1], words[0]], 0
    if words[surname].isascii() and rng.random() < noise.french_ou:
        words[surname] = words[surname].replace("u", "ou")
    return " ".join(words)


def news_status(status: str, noise: NewsNoise, rng: random.Random) -> str:
    """The status, now and then misread as announced."""
    return "announced" if status == "occurred" and rng.random() < noise.wrong_status else status
