"""What an English sentence says about its event beyond the trigger: which count a figure is
(detained, injured, killed...), who claims it, the charges and the demands.
"""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Span, Token

from khronika.extract.en.attributes import attribution, count_key, find_charges, find_demands

pytestmark = pytest.mark.model


def _token(nlp: Language, text: str, word: str) -> Token:
    return next(t for t in nlp(text) if t.text == word)


def _sentence(nlp: Language, text: str) -> Span:
    return next(iter(nlp(text).sents))


# --- which count a figure is -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "figure", "key"),
    [
        ("Police detained 30 protesters.", "30", "detained"),
        ("30 people were detained.", "30", "detained"),
        ("Four people were hospitalised.", "Four", "hospitalised"),
        ("At least 15 people were injured.", "15", "injured"),
        ("12 wounded protesters were treated.", "12", "injured"),
        ("Five people died.", "Five", "killed"),
        ("Some 2,000 people gathered in the square.", "2,000", "participants"),
    ],
)
def test_count_key_from_the_words_the_figure_hangs_on(
    nlp: Language, text: str, figure: str, key: str
) -> None:
    assert count_key(_token(nlp, text, figure)) == key


def test_count_key_of_things_is_none(nlp: Language) -> None:
    assert count_key(_token(nlp, "Police seized 40 computers.", "40")) is None


def test_count_key_death_toll_rose_to(nlp: Language) -> None:
    assert count_key(_token(nlp, "The death toll rose to 12.", "12")) == "killed"


def test_count_key_participants_as_a_noun(nlp: Language) -> None:
    assert count_key(_token(nlp, "The rally drew 500 participants.", "500")) == "participants"


# --- who claims the figures --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("According to the Health Ministry, 40 people were injured.", "Health Ministry"),
        ("More than 100 people were detained, the Interior Ministry said.", "Interior Ministry"),
        ("Rights groups reported that 50 people were detained.", "Rights groups"),
        (
            "Human rights defender Dana Ospan told reporters that 12 were detained.",
            "Human rights defender Dana Ospan",
        ),
    ],
)
def test_attribution_names_the_source(nlp: Language, text: str, source: str) -> None:
    assert attribution(_sentence(nlp, text)) == source


@pytest.mark.parametrize(
    "text", ["He said 20 people were detained.", "Police detained 30 protesters."]
)
def test_attribution_none_for_a_pronoun_or_no_source(nlp: Language, text: str) -> None:
    assert attribution(_sentence(nlp, text)) is None


def test_attribution_according_to_wins_over_a_reporting_verb(nlp: Language) -> None:
    text = "According to the Health Ministry, 40 people were injured, the mayor said."

    assert attribution(_sentence(nlp, text)) == "Health Ministry"


# --- charges -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "charges"),
    [
        (
            "Prosecutors charged Marat Seitkali with organising an unsanctioned rally.",
            ["organising an unsanctioned rally"],
        ),
        (
            "Marat Seitkali was detained on charges of inciting social discord.",
            ["inciting social discord"],
        ),
        (
            "Marat Seitkali was charged under Article 174 of the Criminal Code.",
            ["Article 174 of the Criminal Code"],
        ),
        ("The court found Marat Seitkali guilty of hooliganism.", ["hooliganism"]),
        ("Marat Seitkali was arrested on suspicion of fraud.", ["fraud"]),
        (
            "Marat Seitkali was sentenced to five years for extremism, a charge he denies.",
            ["extremism"],
        ),
    ],
)
def test_find_charges_reads_the_offence(nlp: Language, text: str, charges: list[str]) -> None:
    assert find_charges(_sentence(nlp, text)) == charges


@pytest.mark.parametrize(
    "text",
    [
        "Marat Seitkali was jailed for ten days.",  # a term, not a charge
        "Marat Seitkali was detained on Monday.",  # a date, not a charge
        "Police detained Marat Seitkali.",
    ],
)
def test_find_charges_none_for_terms_dates_or_no_charge(nlp: Language, text: str) -> None:
    assert find_charges(_sentence(nlp, text)) == []


# --- demands -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "demands"),
    [
        (
            "Protesters demanded the release of political prisoners.",
            ["the release of political prisoners"],
        ),
        (
            "Activists called for the resignation of the governor.",
            ["the resignation of the governor"],
        ),
        (
            "Activists called on the authorities to free Marat Seitkali.",
            ["to free Marat Seitkali"],
        ),
        (
            "Workers rallied, demanding higher wages and better housing.",
            ["higher wages and better housing"],
        ),
    ],
)
def test_find_demands_reads_what_is_demanded(nlp: Language, text: str, demands: list[str]) -> None:
    assert find_demands(_sentence(nlp, text)) == demands


@pytest.mark.parametrize("text", ["Police detained the protesters.", "They demanded it."])
def test_find_demands_none_without_a_demand_or_with_a_bare_pronoun(
    nlp: Language, text: str
) -> None:
    assert find_demands(_sentence(nlp, text)) == []


def test_find_demands_addressee_of_urge_is_no_demand(nlp: Language) -> None:
    text = "The union urged the government to raise wages."

    assert find_demands(_sentence(nlp, text)) == ["to raise wages"]
