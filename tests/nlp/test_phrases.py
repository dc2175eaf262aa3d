"""Phrase triggers looked up by their first word find what spaCy's Matcher found, in its order."""

from __future__ import annotations

import spacy
from spacy.matcher import Matcher
from spacy.tokens import Doc

from khronika.nlp.phrases import PhraseIndex, PhraseMatch

# Rules as the trigger matcher gives them: (rule index, the forms each word may take).
PHRASES = [
    (3, [["carry", "Carry"], ["out", "Out"], ["raid", "Raid"]]),
    (5, [["hunger", "Hunger"], ["strike", "Strike"]]),
    (7, [["strike", "Strike"], ["action", "Action"]]),
    (8, [["hunger", "Hunger"], ["strike", "Strike"]]),  # the same words as rule 5
    (9, [["go", "Go"], ["on", "On"], ["hunger", "Hunger"], ["strike", "Strike"]]),
]


VOCAB = spacy.blank("en").vocab  # English lexical attributes: a word's lower-case text


def _doc(words: list[str], lemmas: list[str]) -> Doc:
    return Doc(VOCAB, words=words, lemmas=lemmas)


def _spacy_matches(doc: Doc) -> list[PhraseMatch]:
    """What spaCy's Matcher gives for the same rules: all lemmas fit, or all lower-case words."""
    matcher = Matcher(doc.vocab)
    for rule, words in PHRASES:
        matcher.add(
            str(rule),
            [
                [{"LEMMA": {"IN": forms}} for forms in words],
                [{"LOWER": {"IN": forms}} for forms in words],
            ],
        )
    return [
        PhraseMatch(int(doc.vocab.strings[key]), start, end) for key, start, end in matcher(doc)
    ]


def test_a_phrase_is_found_by_its_lemmas_and_reported_once() -> None:
    doc = _doc(
        ["Officers", "carried", "out", "raids", "on", "Monday"],
        ["officer", "carry", "out", "raid", "on", "Monday"],
    )

    assert PhraseIndex(PHRASES).matches(doc) == [PhraseMatch(3, 1, 4)]
    assert PhraseIndex(PHRASES).matches(doc) == _spacy_matches(doc)


def test_a_headline_word_the_lemmatiser_missed_is_found_by_its_lower_case_text() -> None:
    doc = _doc(["Activists", "Carry", "Out", "Raids"], ["Activists", "Carry", "Out", "Raids"])

    assert PhraseIndex(PHRASES).matches(doc) == []  # "Raids" is neither a form nor lower-case
    doc = _doc(["Activists", "CARRY", "OUT", "RAID"], ["Activists", "CARRY", "OUT", "RAID"])

    assert PhraseIndex(PHRASES).matches(doc) == [PhraseMatch(3, 1, 4)]
    assert PhraseIndex(PHRASES).matches(doc) == _spacy_matches(doc)


def test_overlapping_phrases_come_in_the_matchers_order_by_end_then_start_then_rule() -> None:
    doc = _doc(
        ["Dana", "Ospan", "went", "on", "hunger", "strike", "action", "again"],
        ["Dana", "Ospan", "go", "on", "hunger", "strike", "action", "again"],
    )

    found = PhraseIndex(PHRASES).matches(doc)

    assert found == [
        PhraseMatch(9, 2, 6),
        PhraseMatch(5, 4, 6),
        PhraseMatch(8, 4, 6),
        PhraseMatch(7, 5, 7),
    ]
    assert found == _spacy_matches(doc)


def test_a_phrase_cut_off_by_the_end_of_the_text_is_not_found() -> None:
    doc = _doc(
        ["Irina", "Volkova", "began", "a", "hunger"], ["Irina", "Volkova", "begin", "a", "hunger"]
    )

    assert PhraseIndex(PHRASES).matches(doc) == []
    assert len(PhraseIndex(PHRASES)) == 5
    assert PhraseIndex([]).matches(doc) == []
