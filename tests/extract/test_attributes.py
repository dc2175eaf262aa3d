"""What an event takes straight from its sentence: the sentence as evidence (trimmed), a
one-line summary of bounded length, and one actor per name and role.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from khronika.extract.attributes import (
    SUMMARY_LENGTH,
    dedupe_actors,
    sentence_evidence,
    summary,
)
from khronika.model import Actor, Document, Evidence


@pytest.fixture(scope="module")
def blank() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def _document(text: str) -> Document:
    return Document(
        name="report.txt", text=text, sha256=Document.hash_bytes(text.encode()), language="en"
    )


def test_sentence_evidence_trims_the_line_breaks_around_a_sentence(blank: Language) -> None:
    text = "Officers came at dawn.\n\n  Police detained Marat Seitkali in Almaty.  \n"
    document = _document(text)
    [sentence] = [s for s in blank(text).sents if "detained" in s.text]

    evidence = sentence_evidence(document, sentence)

    assert sentence.text != evidence.text  # the parser's sentence carries the spaces
    assert evidence.text == "Police detained Marat Seitkali in Almaty."
    assert text[evidence.start : evidence.end] == evidence.text
    assert evidence.doc == "report.txt"


def test_sentence_evidence_of_the_first_sentence_starts_at_zero(blank: Language) -> None:
    text = "Police detained Marat Seitkali. He was freed on Monday."

    evidence = sentence_evidence(_document(text), next(iter(blank(text).sents)))

    assert (evidence.start, evidence.end, evidence.text) == (
        0,
        31,
        "Police detained Marat Seitkali.",
    )


def _evidence(text: str) -> Evidence:
    return Evidence.from_text("report.txt", text, 0, len(text))


def test_summary_puts_the_sentence_on_one_line() -> None:
    text = "Police detained\nMarat   Seitkali\tin Almaty."

    assert summary(_evidence(text)) == "Police detained Marat Seitkali in Almaty."


def test_summary_of_a_short_sentence_is_the_sentence() -> None:
    text = "Police detained Marat Seitkali."

    assert summary(_evidence(text)) == text


def test_summary_of_a_long_sentence_is_cut_at_a_word_with_an_ellipsis() -> None:
    text = "Police detained " + "the activist Marat Seitkali and " * 12 + "others."

    cut = summary(_evidence(text))

    assert len(cut) <= SUMMARY_LENGTH
    assert cut.endswith("…")
    assert text.startswith(cut.removesuffix("…"))
    assert cut.removesuffix("…").split()[-1] in text.split()


def test_summary_exactly_at_the_limit_is_kept_whole() -> None:
    text = ("x" * 9 + " ") * (SUMMARY_LENGTH // 10 - 1) + "x" * 10

    assert len(text) == SUMMARY_LENGTH
    assert summary(_evidence(text)) == text


def test_dedupe_actors_one_per_name_and_role_first_kept() -> None:
    actors = [
        Actor(name="Police", kind="police", role="perpetrator"),
        Actor(name="police", kind="other", role="perpetrator"),
        Actor(name="Marat Seitkali", kind="person", role="target"),
        Actor(name="Marat Seitkali", kind="person", role="speaker"),
    ]

    assert dedupe_actors(actors) == [actors[0], actors[2], actors[3]]


def test_dedupe_actors_of_none_is_none() -> None:
    assert dedupe_actors([]) == []
