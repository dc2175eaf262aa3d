"""What a trigger's syntax says, one invented sentence at a time: who acted and on whom (active
and passive voice, the "by" agent, reduced relatives, conjuncts, nouns with "by" and "of"),
whether the act happened, was only announced or did not happen, and which subtype it has.
"""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Token

from khronika.extract.en.arguments import (
    arguments_of,
    in_quotes_or_slogan,
    is_negated,
    is_passive,
    mentions_firearms,
    status_of,
    subtype_of,
)
from khronika.nlp.lexicon import Lexicon, load_lexicon
from khronika.settings import Settings

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon("en", Settings().lexicon_version)


def _token(nlp: Language, text: str, word: str) -> Token:
    return next(t for t in nlp(text) if t.text == word)


def _roles(nlp: Language, text: str, word: str) -> tuple[list[str], list[str], bool]:
    args = arguments_of(_token(nlp, text, word))
    return [t.text for t in args.agents], [t.text for t in args.patients], args.passive


# --- agents and patients -----------------------------------------------------------------------


def test_arguments_active_voice_subject_acts_on_object(nlp: Language) -> None:
    agents, patients, passive = _roles(nlp, "Police detained Marat Seitkali in Almaty.", "detained")

    assert (agents, patients, passive) == (["Police"], ["Seitkali"], False)


def test_arguments_passive_with_by_agent(nlp: Language) -> None:
    agents, patients, passive = _roles(
        nlp, "Marat Seitkali was detained by police in Almaty.", "detained"
    )

    assert (agents, patients, passive) == (["police"], ["Seitkali"], True)


def test_arguments_passive_without_agent_has_only_the_patient(nlp: Language) -> None:
    agents, patients, passive = _roles(nlp, "Marat Seitkali was detained in Almaty.", "detained")

    assert (agents, patients, passive) == ([], ["Seitkali"], True)


def test_arguments_reduced_relative_patient_is_the_modified_noun(nlp: Language) -> None:
    text = "Protesters detained by police were taken to a station."

    agents, patients, passive = _roles(nlp, text, "detained")

    assert (agents, patients, passive) == (["police"], ["Protesters"], True)


def test_arguments_reduced_relative_of_an_event_noun(nlp: Language) -> None:
    agents, patients, _ = _roles(
        nlp, "Police attacked the march organised by students.", "organised"
    )

    assert (agents, patients) == (["students"], ["march"])


def test_arguments_conjunct_subjects_and_objects_all_count(nlp: Language) -> None:
    agents, patients, _ = _roles(
        nlp, "Police and soldiers detained students and teachers.", "detained"
    )

    assert (agents, patients) == (["Police", "soldiers"], ["students", "teachers"])


def test_arguments_conjunct_passive_subjects_and_agents(nlp: Language) -> None:
    text = "Marat Seitkali and Dana Ospan were detained by police and soldiers."

    agents, patients, _ = _roles(nlp, text, "detained")

    assert (agents, patients) == (["police", "soldiers"], ["Seitkali", "Ospan"])


def test_arguments_second_verb_inherits_the_subject(nlp: Language) -> None:
    agents, patients, _ = _roles(nlp, "Police stepped in and detained three activists.", "detained")

    assert (agents, patients) == (["Police"], ["activists"])


def test_arguments_controlled_verb_inherits_the_subject(nlp: Language) -> None:
    agents, patients, _ = _roles(nlp, "Officers tried to detain the blogger.", "detain")

    assert (agents, patients) == (["Officers"], ["blogger"])


def test_arguments_relative_clause_who_is_the_noun_it_modifies(nlp: Language) -> None:
    text = "The officers who detained Aigerim Tulegenova wore masks."

    agents, patients, _ = _roles(nlp, text, "detained")

    assert (agents, patients) == (["officers"], ["Tulegenova"])


def test_arguments_gerund_modifier_acts_for_its_noun(nlp: Language) -> None:
    agents, _, _ = _roles(nlp, "Activists gathering outside the court were detained.", "gathering")

    assert agents == ["Activists"]


def test_arguments_quantity_gives_way_to_the_counted_noun(nlp: Language) -> None:
    agents, patients, _ = _roles(nlp, "Dozens of activists were arrested by police.", "arrested")

    assert (agents, patients) == (["police"], ["activists"])


def test_arguments_noun_with_of_and_by(nlp: Language) -> None:
    text = "The arrest of Aigerim Tulegenova by security officers drew protests."

    agents, patients, passive = _roles(nlp, text, "arrest")

    assert (agents, patients, passive) == (["officers"], ["Tulegenova"], False)


def test_arguments_noun_with_possessive_agent(nlp: Language) -> None:
    text = "Police's detention of Dana Ospan was illegal, her lawyer said."

    agents, patients, _ = _roles(nlp, text, "detention")

    assert (agents, patients) == (["Police"], ["Ospan"])


def test_arguments_noun_with_on_names_the_patient(nlp: Language) -> None:
    text = "The crackdown on protesters by the army killed 12 people."

    agents, patients, _ = _roles(nlp, text, "crackdown")

    assert (agents, patients) == (["army"], ["protesters"])


def test_arguments_light_verb_lends_its_subject_to_the_event_noun(nlp: Language) -> None:
    agents, patients, _ = _roles(nlp, "Police held a raid on the newspaper office.", "raid")

    assert (agents, patients) == (["Police"], ["office"])


def test_arguments_light_verb_with_object_of_on(nlp: Language) -> None:
    text = "Security forces launched a crackdown on the opposition."

    agents, patients, _ = _roles(nlp, text, "crackdown")

    assert (agents, patients) == (["forces"], ["opposition"])


def test_arguments_in_protest_the_acting_subject_protests(nlp: Language) -> None:
    agents, _, _ = _roles(nlp, "Workers broke away in protest.", "protest")

    assert agents == ["Workers"]


def test_arguments_adjective_trigger_its_subject_is_the_one_hurt(nlp: Language) -> None:
    agents, patients, passive = _roles(nlp, "Aigerim Tulegenova was also hurt.", "hurt")

    assert (agents, patients, passive) == ([], ["Tulegenova"], True)


def test_arguments_event_noun_without_actors_has_none(nlp: Language) -> None:
    agents, patients, _ = _roles(nlp, "There were no protests in the capital.", "protests")

    assert (agents, patients) == ([], [])


def test_arguments_conjoined_passive_shares_the_patient(nlp: Language) -> None:
    _, patients, passive = _roles(
        nlp, "Marat Seitkali was arrested and charged with fraud.", "charged"
    )

    assert (patients, passive) == (["Seitkali"], True)


def test_arguments_passive_relative_who_is_the_noun_it_modifies(nlp: Language) -> None:
    text = "Aigerim Tulegenova, who was detained on Monday, was released."

    _, patients, _ = _roles(nlp, text, "detained")

    assert patients == ["Tulegenova"]


# --- voice -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word", "passive"),
    [
        ("Marat Seitkali was detained in Almaty.", "detained", True),
        ("Protesters detained by police were taken to a station.", "detained", True),
        ("The students were forced to leave.", "forced", True),
        ("Police detained Marat Seitkali.", "detained", False),
        ("Police kept the activists in custody.", "kept", False),
    ],
)
def test_is_passive(nlp: Language, text: str, word: str, passive: bool) -> None:
    assert is_passive(_token(nlp, text, word)) is passive


# --- happened, announced, or not at all -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The prosecutor plans to charge Marat Seitkali.", "charge"),
        ("Police will detain anyone who joins the rally.", "detain"),
        ("The mayor threatened to arrest the organisers.", "arrest"),
        ("Police are expected to disperse the rally.", "disperse"),
        ("The court could jail the blogger.", "jail"),
        ("Activists called for a rally on Sunday.", "rally"),
        ("Opposition groups are planning a rally in the capital.", "rally"),
        ("The rally will take place on Sunday.", "rally"),
        ("The mayor made a threat against reporters.", "threat"),
        ("Unless the strike ends, police will detain the leaders.", "detain"),
    ],
)
def test_status_announced_when_planned_threatened_or_modal(
    nlp: Language, text: str, word: str
) -> None:
    assert status_of(_token(nlp, text, word)) == "announced"


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Police detained 15 protesters in Bishkek.", "detained"),
        ("Activists held a rally on Sunday.", "rally"),
        ("Police detained the blogger after a search.", "detained"),
        ("Marat Seitkali was detained by police in Almaty.", "detained"),
    ],
)
def test_status_occurred_for_a_reported_act(nlp: Language, text: str, word: str) -> None:
    assert status_of(_token(nlp, text, word)) == "occurred"


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Police did not detain anyone at the rally.", "detain"),
        ("Marat Seitkali was never charged.", "charged"),
        ("There were no arrests at the rally.", "arrests"),
        ("If police disperse the rally, the workers will strike.", "disperse"),
        ("Police did not say whether they detained anyone.", "detained"),
    ],
)
def test_is_negated_for_denied_or_hypothetical_acts(nlp: Language, text: str, word: str) -> None:
    assert is_negated(_token(nlp, text, word))


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Police detained 15 protesters in Bishkek.", "detained"),
        ("Aigerim Tulegenova was detained after the rally.", "detained"),
        ("Nobody knows why police detained Dana Ospan.", "detained"),
    ],
)
def test_is_negated_not_for_a_plain_report(nlp: Language, text: str, word: str) -> None:
    assert not is_negated(_token(nlp, text, word))


@pytest.mark.parametrize(
    ("text", "word"),
    [("Police detained no one at the rally.", "detained"), ("No one was detained.", "detained")],
)
def test_is_negated_no_one_detained(nlp: Language, text: str, word: str) -> None:
    assert is_negated(_token(nlp, text, word))


# --- slogans and quotes ------------------------------------------------------------------------


def test_in_quotes_or_slogan_an_exclamation_is_a_slogan(nlp: Language) -> None:
    assert in_quotes_or_slogan(_token(nlp, "Free the arrested students!", "arrested"))


def test_in_quotes_or_slogan_quoted_speech_with_a_verb_is_quoted(nlp: Language) -> None:
    text = "Protesters shouted “Stop the arrests” outside the court."

    assert in_quotes_or_slogan(_token(nlp, text, "arrests"))


def test_in_quotes_or_slogan_quoted_term_without_a_verb_names_a_real_measure(
    nlp: Language,
) -> None:
    text = "Police launched a “preventive detention” campaign."

    assert not in_quotes_or_slogan(_token(nlp, text, "detention"))


def test_in_quotes_or_slogan_a_trigger_after_the_closing_quote_is_not_quoted(
    nlp: Language,
) -> None:
    text = "“We will not be silent,” said Aigerim Tulegenova before police detained her."

    assert not in_quotes_or_slogan(_token(nlp, text, "detained"))


def test_in_quotes_or_slogan_plain_report_is_neither(nlp: Language) -> None:
    assert not in_quotes_or_slogan(_token(nlp, "Police detained Marat Seitkali.", "detained"))


# --- firearms (clash or assault) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word", "firearms"),
    [
        ("Police fired rubber bullets at the crowd.", "fired", True),
        ("Clashes broke out in the city. Troops shot at the protesters.", "Clashes", True),
        ("Police fought protesters near the square.", "fought", False),
        # only the trigger's sentence and the next one are read
        (
            "Clashes broke out in the city. Nobody was hurt. Troops later used guns.",
            "Clashes",
            False,
        ),
    ],
)
def test_mentions_firearms_in_the_sentence_or_the_next(
    nlp: Language, text: str, word: str, firearms: bool
) -> None:
    assert mentions_firearms(_token(nlp, text, word)) is firearms


# --- subtypes chosen by argument words ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word", "subtype"),
    [
        ("The authorities banned all rallies in the capital.", "banned", "assembly_ban"),
        ("The authorities banned the opposition party.", "banned", "organisation_ban"),
        ("The court banned the Alga movement.", "banned", "organisation_ban"),
        ("The authorities imposed a ban on rallies.", "ban", "assembly_ban"),
        ("The authorities imposed a ban on travel abroad.", "ban", "travel_ban"),
        ("The authorities blocked the Telegram messenger.", "blocked", "internet_shutdown"),
        ("The authorities blocked several news websites.", "blocked", "website_block"),
        ("Russia deployed peacekeepers to the region.", "deployed", "foreign_troops"),
        ("The government deployed troops to the region.", "deployed", None),
        ("Marat Seitkali died in a prison cell.", "died", "death_in_custody"),
        ("Marat Seitkali died after police beat him.", "died", None),
    ],
)
def test_subtype_of_reads_the_argument_words(
    nlp: Language, lexicon: Lexicon, text: str, word: str, subtype: str | None
) -> None:
    head = _token(nlp, text, word)
    rule = next(lexicon.triggers[t.rule] for t in head.doc._.triggers if t.head == head.i)

    assert subtype_of(rule, head, lexicon) == subtype


def test_subtype_of_a_rule_with_a_fixed_subtype_keeps_it(nlp: Language, lexicon: Lexicon) -> None:
    head = _token(nlp, "Prosecutors charged Marat Seitkali with fraud.", "charged")
    rule = next(lexicon.triggers[t.rule] for t in head.doc._.triggers if t.head == head.i)

    assert (rule.subtypes, subtype_of(rule, head, lexicon)) == (None, "charge")
