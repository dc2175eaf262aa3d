"""How sure an event is: the rule's weight moved by parties, a stated date and place, and a
headline; kept between 0 and the ceiling. Built on a blank pipeline with a sentencizer, so
sentences are cut at full stops and no model is loaded.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Token

from khronika.extract.confidence import confidence, is_headline
from khronika.settings import ExtractionSettings

adjust = ExtractionSettings()


@pytest.fixture(scope="module")
def blank() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def _token(nlp: Language, text: str, word: str) -> Token:
    return next(t for t in nlp(text) if t.text == word)


BODY = "The blogger was known for his videos. Police detained Marat Seitkali."


def _score(nlp: Language, weight: float, **given: bool) -> float:
    flags = {"has_actors": False, "date_explicit": False, "place_explicit": False, **given}
    return confidence(weight, head=_token(nlp, BODY, "detained"), text=BODY, **flags)


def test_confidence_parties_date_and_place_each_add_a_step(blank: Language) -> None:
    assert _score(blank, 0.6) == pytest.approx(0.6 + adjust.without_actors)
    assert _score(blank, 0.6, has_actors=True) == pytest.approx(0.6 + adjust.with_actors)
    assert _score(blank, 0.6, has_actors=True, date_explicit=True) == pytest.approx(
        0.6 + adjust.with_actors + adjust.explicit_date
    )
    assert _score(
        blank, 0.6, has_actors=True, date_explicit=True, place_explicit=True
    ) == pytest.approx(0.75)


def test_confidence_missing_parties_cost_as_much_as_named_ones_give(blank: Language) -> None:
    with_parties = _score(blank, 0.6, has_actors=True)
    without = _score(blank, 0.6)

    assert with_parties - without == pytest.approx(0.1)


def test_confidence_is_capped_below_one(blank: Language) -> None:
    score = _score(blank, 0.95, has_actors=True, date_explicit=True, place_explicit=True)

    assert score == adjust.ceiling == 0.99


def test_confidence_never_goes_below_zero(blank: Language) -> None:
    assert _score(blank, 0.01) == 0.0


def test_confidence_headline_costs_a_step(blank: Language) -> None:
    text = "Police detain Marat Seitkali.\nThe blogger was known for his videos."
    head = _token(blank, text, "detain")

    score = confidence(
        0.6, has_actors=True, date_explicit=False, place_explicit=False, head=head, text=text
    )

    assert score == pytest.approx(0.6 + adjust.with_actors + adjust.headline)


def test_is_headline_first_sentence_ended_by_a_line_break(blank: Language) -> None:
    text = "Police detain Marat Seitkali.\nThe blogger was known for his videos."

    assert is_headline(_token(blank, text, "detain"), text)


def test_is_headline_not_for_the_first_sentence_running_on(blank: Language) -> None:
    text = "Police detain Marat Seitkali. The blogger was known for his videos."

    assert not is_headline(_token(blank, text, "detain"), text)


def test_is_headline_not_for_a_later_line(blank: Language) -> None:
    text = "The blogger was known for his videos.\nPolice detain Marat Seitkali.\nMore follows."

    assert not is_headline(_token(blank, text, "detain"), text)


def test_confidence_steps_are_small_and_a_condemned_act_costs_the_most() -> None:
    steps = [
        adjust.with_actors,
        -adjust.without_actors,
        adjust.explicit_date,
        adjust.explicit_place,
        -adjust.headline,
    ]

    assert all(step == pytest.approx(0.05) for step in steps)
    assert max(steps) < -adjust.condemned_act


def test_confidence_other_settings_move_the_score(blank: Language) -> None:
    strict = ExtractionSettings(without_actors=-0.2, ceiling=0.9)
    head = _token(blank, BODY, "detained")

    def score(weight: float, has_actors: bool) -> float:
        return confidence(
            weight,
            has_actors=has_actors,
            date_explicit=True,
            place_explicit=True,
            head=head,
            text=BODY,
            adjust=strict,
        )

    assert score(0.6, has_actors=False) == pytest.approx(0.5)
    assert score(0.95, has_actors=True) == 0.9
