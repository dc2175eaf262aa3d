"""Figures onto events: each head count goes to the event of its kind in its sentence, else to
the latest such event earlier in its paragraph; an attributed figure beats an unattributed one.

A blank pipeline with a sentencizer parses the text; the language's parts (which key a figure
fills, who claims it) are small functions given here, as a language would give its own.
"""

from __future__ import annotations

import re

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from khronika.extract.candidates import Candidate
from khronika.extract.context import DocumentContext
from khronika.extract.counts import KEY_TYPES, Quantity, attach_counts
from khronika.model import Count, Evidence, PartialDate, Place


@pytest.fixture(scope="module")
def blank() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def _count_key(token: Token) -> str | None:
    """The key is the word right after the figure: '30 detained', '4 injured'."""
    following = token.nbor(1).lower_ if token.i + 1 < len(token.doc) else ""
    return {"detained": "detained", "injured": "injured", "marched": "participants"}.get(following)


def _attribution(sent: Span) -> str | None:
    match = re.search(r"according to ([A-Z][\w ]+?)[,.]", sent.text)
    return match.group(1) if match else None


def _quantities(text: str) -> list[Quantity]:
    return [
        Quantity(m.start(), m.end(), m.group(), int(m.group()), int(m.group()), m.start(), m.end())
        for m in re.finditer(r"\d+", text)
    ]


def _context(doc: Doc) -> DocumentContext:
    paragraphs = [0] + [m.end() for m in re.finditer(r"\n\n", doc.text)]
    return DocumentContext(
        doc=doc,
        published=None,
        text=doc.text,
        places=[],
        dates=[],
        datelines=[],
        main_country=None,
        paragraph_starts=paragraphs,
    )


def _candidate(doc: Doc, ctx: DocumentContext, type_: str, sentence: str) -> Candidate:
    start = doc.text.index(sentence)
    evidence = Evidence.from_text("t.txt", doc.text, start, start + len(sentence))
    return Candidate(
        type=type_,
        subtype=None,
        status="occurred",
        evidence=[evidence],
        date=PartialDate(),
        date_explicit=False,
        place=Place(),
        place_explicit=False,
        actors=[],
        sentence_start=start,
        paragraph=ctx.paragraph_of(start),
    )


def _attach(doc: Doc, ctx: DocumentContext, candidates: list[Candidate]) -> None:
    attach_counts(candidates, doc, ctx, _quantities(doc.text), _count_key, _attribution)


def test_counts_figure_goes_to_the_event_of_its_kind_in_its_sentence(blank: Language) -> None:
    doc = blank("Police beat protesters and 30 detained were taken away.")
    ctx = _context(doc)
    assault = _candidate(doc, ctx, "assault", doc.text)
    detention = _candidate(doc, ctx, "detention", doc.text)

    _attach(doc, ctx, [assault, detention])

    assert assault.counts == {}
    assert detention.counts == {"detained": Count(min=30, max=30, text="30")}


def test_counts_figure_of_a_later_sentence_joins_the_latest_earlier_event(
    blank: Language,
) -> None:
    doc = blank("Police detained students. Police detained workers. In all 40 detained.")
    ctx = _context(doc)
    first = _candidate(doc, ctx, "detention", "Police detained students.")
    second = _candidate(doc, ctx, "detention", "Police detained workers.")

    _attach(doc, ctx, [first, second])

    assert first.counts == {}
    assert second.counts["detained"].min == 40


def test_counts_figure_stays_in_its_paragraph(blank: Language) -> None:
    doc = blank("Police detained students.\n\nIn all 40 detained.")
    ctx = _context(doc)
    detention = _candidate(doc, ctx, "detention", "Police detained students.")

    _attach(doc, ctx, [detention])

    assert detention.counts == {}


def test_counts_figure_never_goes_to_an_event_after_it(blank: Language) -> None:
    doc = blank("In all 40 detained. Police detained students.")
    ctx = _context(doc)
    detention = _candidate(doc, ctx, "detention", "Police detained students.")

    _attach(doc, ctx, [detention])

    assert detention.counts == {}


def test_counts_figure_without_a_key_is_dropped(blank: Language) -> None:
    doc = blank("Police detained students from 3 schools.")
    ctx = _context(doc)
    detention = _candidate(doc, ctx, "detention", doc.text)

    _attach(doc, ctx, [detention])

    assert detention.counts == {}


def test_counts_key_of_another_event_type_finds_no_home(blank: Language) -> None:
    doc = blank("Police detained students and 4 injured were treated.")
    ctx = _context(doc)
    detention = _candidate(doc, ctx, "detention", doc.text)

    _attach(doc, ctx, [detention])

    assert detention.counts == {}


def test_counts_first_figure_is_kept_unless_a_later_one_is_attributed(blank: Language) -> None:
    doc = blank(
        "Police detained 12 detained students. "
        "Later 15 detained were counted. "
        "In all 20 detained, according to Rights Watch Almaty."
    )
    ctx = _context(doc)
    detention = _candidate(doc, ctx, "detention", "Police detained 12 detained students.")

    _attach(doc, ctx, [detention])

    count = detention.counts["detained"]
    assert (count.min, count.attributed_to) == (20, "Rights Watch Almaty")


def test_counts_attributed_figure_is_not_replaced_by_a_later_one(blank: Language) -> None:
    doc = blank(
        "In all 20 detained, according to Rights Watch Almaty. "
        "Police said 9 detained, according to Police Almaty."
    )
    ctx = _context(doc)
    detention = _candidate(
        doc, ctx, "detention", "In all 20 detained, according to Rights Watch Almaty."
    )

    _attach(doc, ctx, [detention])

    assert detention.counts["detained"].min == 20


def test_counts_each_key_has_the_event_types_it_may_count() -> None:
    assert KEY_TYPES["detained"] == ("detention",)
    assert KEY_TYPES["participants"] == ("protest",)
    assert "killing" in KEY_TYPES["killed"]
    assert {"assault", "riot", "clash"} <= set(KEY_TYPES["injured"])
    assert set(KEY_TYPES) == {"detained", "killed", "injured", "hospitalised", "participants"}
