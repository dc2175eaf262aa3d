"""The lexicon's named constraints ("needs"): each one accepts the sense it is there for and
rejects the look-alike it keeps out ("police beat the protesters", not "the team beat the record").

Each case parses one invented sentence and asks the rule's constraint about its trigger word.
"""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Token

from khronika.extract.en.constraints import CONSTRAINTS
from khronika.nlp.lexicon import TriggerRule

pytestmark = pytest.mark.model


def _rule(needs: str | None) -> TriggerRule:
    return TriggerRule(
        lemmas=("x",), pos=("VERB",), type="protest", subtype=None, weight=0.5, head=0, needs=needs
    )


def _trigger(nlp: Language, text: str, word: str) -> Token:
    doc = nlp(text)
    return next(t for t in doc if t.text == word)


def _check(nlp: Language, needs: str, text: str, word: str) -> bool:
    return CONSTRAINTS.satisfies(_rule(needs), _trigger(nlp, text, word))


CASES = [
    # who marches: a crowd, not troops or one official
    ("crowd_subject", "Thousands of people marched through Almaty.", "marched", True),
    ("crowd_subject", "Students marched to the akimat.", "marched", True),
    ("crowd_subject", "About 300 marched to the square.", "marched", True),
    ("crowd_subject", "The troops marched into the city.", "marched", False),
    ("crowd_subject", "The president marched into the hall.", "marched", False),
    # who strikes: workers, not the weather
    ("workers_subject", "Miners struck at the Karaganda pit.", "struck", True),
    ("workers_subject", "Teachers are striking over pay.", "striking", True),
    ("workers_subject", "The storm struck the coast.", "struck", False),
    # "held": in custody by the police, not a meeting held
    ("police_agent", "Marat Seitkali was held by police for two days.", "held", True),
    ("police_agent", "The meeting was held by the opposition.", "held", False),
    ("police_agent", "Police held the activist overnight.", "held", False),
    # an act done to people
    ("person_target", "Police beat the protesters.", "beat", True),
    ("person_target", "Officers beat him with batons.", "beat", True),
    ("person_target", "The team beat the record.", "beat", False),
    # an arrest made, not a state of custody
    ("not_custody_state", "The arrest of Marat Seitkali drew criticism.", "arrest", True),
    ("not_custody_state", "Marat Seitkali died in detention.", "detention", False),
    ("not_custody_state", "He remains under arrest.", "arrest", False),
    ("not_custody_state", "She spent a month in pre-trial detention.", "detention", False),
    # a march, not the month
    ("not_month", "The march ended at the square.", "march", True),
    ("not_month", "Police detained him in March.", "March", False),
    # storming a building, not a stage
    ("building_object", "Protesters stormed the akimat building.", "stormed", True),
    ("building_object", "Protesters stormed the stage.", "stormed", False),
    # deaths from violence or in custody
    ("violent_or_custody_death", "Marat Seitkali died in police custody.", "died", True),
    ("violent_or_custody_death", "The death of 13 officers shocked the town.", "death", True),
    ("violent_or_custody_death", "The death of the singer saddened fans.", "death", False),
    # the legal sense of "charge"
    ("legal_charge", "Prosecutors charged Marat Seitkali with extremism.", "charged", True),
    ("legal_charge", "Marat Seitkali was charged.", "charged", True),
    ("legal_charge", "The company charged customers a fee.", "charged", False),
    ("charge_noun_event", "Prosecutors brought charges against the blogger.", "charges", True),
    ("charge_noun_event", "Marat Seitkali faces charges of fraud.", "charges", True),
    ("charge_noun_event", "The charges are absurd, his lawyer said.", "charges", False),
    # tried in court, not tried to do something
    ("tried_in_court", "Marat Seitkali was tried in Almaty.", "tried", True),
    ("tried_in_court", "The court tried him in absentia.", "tried", True),
    ("tried_in_court", "Officials tried to pressure the editor.", "tried", False),
    # a new act, not a describing word
    ("not_modifier", "Youths rioted in the city centre.", "rioted", True),
    ("not_modifier", "Riot police blocked the road.", "Riot", False),
    ("not_modifier", "The court jailed the blogger.", "jailed", True),
    ("not_modifier", "The jailed blogger went on hunger strike.", "jailed", False),
    # a prison term received, not a letter
    ("prison_term_object", "Marat Seitkali received five years in prison.", "received", True),
    ("prison_term_object", "Marat Seitkali received a letter from his lawyer.", "received", False),
    # blocking what can be blocked: sites, roads
    ("blockable_object", "Authorities blocked access to the website.", "blocked", True),
    ("blockable_object", "Police blocked the road to the square.", "blocked", True),
    ("blockable_object", "The senate blocked the bill.", "blocked", False),
    # cutting communications, not gas
    ("communications_object", "Authorities cut off the internet in the region.", "cut", True),
    ("communications_object", "Mobile networks were jammed in the city.", "jammed", True),
    ("communications_object", "The company cut off gas supplies.", "cut", False),
    # closing a public space, not a shop's doors
    ("public_space_object", "Police closed the square.", "closed", True),
    ("public_space_object", "Police closed the border with Kyrgyzstan.", "closed", True),
    ("public_space_object", "The shop closed its doors.", "closed", False),
    # a threat of its own, not a threatened arrest
    ("not_xcomp_event", "Unknown men threatened the journalist.", "threatened", True),
    ("not_xcomp_event", "The mayor threatened to arrest the organisers.", "threatened", False),
    # searching premises, not for survivors
    (
        "search_of_premises",
        "Police searched the apartment of Aigerim Tulegenova.",
        "searched",
        True,
    ),
    ("search_of_premises", "Officers searched her home.", "searched", True),
    ("search_of_premises", "Rescuers searched for survivors.", "searched", False),
    # deploying forces, not software
    ("forces_argument", "The government deployed troops to the city.", "deployed", True),
    ("forces_argument", "The company deployed new software.", "deployed", False),
    # an appeal by a speaker, not a crowd's slogan or a legal appeal
    (
        "speaker_not_crowd",
        "Amnesty International urged the authorities to free him.",
        "urged",
        True,
    ),
    ("speaker_not_crowd", "Protesters urged the government to resign.", "urged", False),
    ("speaker_not_crowd", "Crowds at a rally calling for reforms gathered.", "calling", False),
    ("speaker_not_crowd", "His lawyer will appeal the verdict.", "appeal", False),
    (
        "speaker_not_crowd",
        "Activists called on residents to join the march.",
        "called",
        True,
    ),
    # reported speech whose speaker is news
    ("speaker_of_note", "Amnesty International said the trial was a sham.", "said", True),
    ("speaker_of_note", "His lawyer, Dana Ospan, said the charges were fabricated.", "said", True),
    ("speaker_of_note", "A passer-by said the weather was cold.", "said", False),
    ("speaker_of_note", "Police said they detained 30 people.", "said", False),
    ("speaker_of_note", "Reuters said the talks would resume.", "said", False),
    ("denies_a_claim", "The ministry denied the reports of torture.", "denied", True),
    ("denies_a_claim", "The ministry denied him a visa.", "denied", False),
    ("labels_someone", "The rights group called the verdict “shameful”.", "called", True),
    ("labels_someone", "The ministry described the rally as a riot.", "described", True),
    ("labels_someone", "Marat Seitkali called his mother.", "called", False),
    ("expressed", "The European Union expressed deep concern about the arrests.", "concern", True),
    ("expressed", "Concern grew among the villagers.", "Concern", False),
    ("issued_statement", "The union issued a statement on Monday.", "statement", True),
    ("issued_statement", "The statement of accounts was late.", "statement", False),
    ("speaker_demands", "The union demanded the release of the miners.", "demanded", True),
    ("speaker_demands", "Hundreds gathered to demand the release of the miners.", "demand", False),
    # other senses and other causes
    ("intransitive", "Thousands demonstrated in the capital.", "demonstrated", True),
    ("intransitive", "The company demonstrated its new phone.", "demonstrated", False),
    ("inflicted_injury", "Police injured dozens of protesters.", "injured", True),
    ("inflicted_injury", "Ten people were injured when a bus overturned.", "injured", False),
    ("inflicted_injury", "Three were killed and 20 injured in the clashes.", "injured", False),
    (
        "unrest_in_document",
        "Police closed the central square before the opposition rally.",
        "closed",
        True,
    ),
    ("unrest_in_document", "A road was closed due to snow.", "closed", False),
    ("labour_strike", "Teachers began a strike over pay.", "strike", True),
    ("labour_strike", "A drone strike hit the convoy.", "strike", False),
    ("public_gathering", "Police broke up an unsanctioned gathering.", "gathering", True),
    ("public_gathering", "The family held a gathering at home.", "gathering", False),
    ("aimed_at_people", "Police fired tear gas at the protesters.", "gas", True),
    ("aimed_at_people", "The warehouse stored tear gas.", "gas", False),
    ("not_military", "Police raided the office.", "raided", True),
    ("not_military", "An air raid hit the town.", "raid", False),
    ("legal_charge", "Marat Seitkali was charged on Monday.", "charged", True),
    ("legal_charge", "The phone was charged overnight.", "charged", False),
    ("shot_at_people", "Troops shot at a crowd of protesters.", "shot", True),
    ("shot_at_people", "The film was shot in Almaty.", "shot", False),
    (
        "crowd_in_unrest",
        "Hundreds gathered outside the court to demand his release.",
        "gathered",
        True,
    ),
    ("crowd_in_unrest", "Residents gathered to discuss the new school.", "gathered", False),
    # an authority's claim
    ("official_speaker", "The Interior Ministry said the rally was illegal.", "said", True),
    ("official_speaker", "Aigerim Tulegenova said the rally was peaceful.", "said", False),
    ("official_speaker", "Police said they would charge the organisers.", "said", False),
    ("official_labels_someone", "The president called the protesters terrorists.", "called", True),
    ("official_labels_someone", "Marat Seitkali called his mother.", "called", False),
    (
        "official_source_no_count",
        "According to the Interior Ministry, the rally was illegal.",
        "According",
        True,
    ),
    (
        "official_source_no_count",
        "According to the Interior Ministry, 40 people were detained.",
        "According",
        False,
    ),
    (
        "official_source_no_count",
        "According to witnesses, the rally was peaceful.",
        "According",
        False,
    ),
    # concessions: an official dismissed, an official resigning, a reversal promised
    ("government_object", "The president dismissed the governor of the region.", "dismissed", True),
    ("government_object", "The judge dismissed the complaint.", "dismissed", False),
    ("official_subject", "The interior minister resigned after the protests.", "resigned", True),
    ("official_subject", "Aigerim Tulegenova resigned from the choir.", "resigned", False),
    ("reversal_complement", "The government promised to lower fuel prices.", "promised", True),
    ("reversal_complement", "The mayor promised a new park.", "promised", False),
    ("in_response", "The vote was postponed in response to the protests.", "postponed", True),
    ("in_response", "The match was postponed until May.", "postponed", False),
    # counted wounds
    ("plural_count", "Twelve people suffered 30 wounds.", "wounds", True),
    ("plural_count", "He suffered wounds to the head.", "wounds", False),
    # people moved into custody
    ("into_police_vehicle", "Police put the activists into a van.", "put", True),
    ("into_police_vehicle", "Police put the barriers along the road.", "put", False),
    # a media outlet suspended, not a player
    ("media_object", "The regulator suspended the newspaper's website.", "suspended", True),
    ("media_object", "The club suspended the player.", "suspended", False),
    # restrictions of rights: rights, media or assembly restricted; not trade or look-alikes
    (
        "curtails_rights",
        "Parliament adopted restrictions on the freedom of assembly.",
        "restrictions",
        True,
    ),
    ("curtails_rights", "The government restricted media access to the trial.", "restricted", True),
    (
        "curtails_rights",
        "The ministry announced restrictions on grain exports.",
        "restrictions",
        False,
    ),
    (
        "curtails_rights",
        "They called to end measures restricting access to the media.",
        "restricting",
        False,
    ),
    ("from_doing", "Officials barred Dana Ospan from leaving the country.", "barred", True),
    ("from_doing", "The owner barred the door.", "barred", False),
    ("organisation_object", "The court dissolved the opposition party.", "dissolved", True),
    ("organisation_object", "The sugar dissolved in the tea.", "dissolved", False),
    # prevented from assembling or travelling
    (
        "assembly_complement",
        "Police prevented the activists from holding a rally.",
        "prevented",
        True,
    ),
    ("assembly_complement", "The fence prevented cows from escaping.", "prevented", False),
    ("travel_complement", "Border guards stopped her from leaving the country.", "stopped", True),
    ("travel_complement", "Officers stopped him travelling to Bishkek.", "stopped", True),
    ("travel_complement", "The rain stopped in the evening.", "stopped", False),
    # news-brief words (triggers-en-v4)
    ("armed_fighting", "Troops fought rebels near the border.", "fought", True),
    ("armed_fighting", "Fierce fighting between the army and militants went on.", "fighting", True),
    ("armed_fighting", "The minister vowed to fight corruption.", "fight", False),
    ("throws_missiles", "Youths threw stones at the police.", "threw", True),
    ("throws_missiles", "The pitcher threw the ball.", "threw", False),
    ("building_or_vehicle_object", "Rioters torched police cars.", "torched", True),
    ("building_or_vehicle_object", "The bakery burned the bread.", "burned", False),
    ("left_dead", "The attack left six soldiers dead.", "dead", True),
    ("left_dead", "The soldiers found the man dead.", "dead", False),
    ("court_context", "The court held a hearing in the case.", "hearing", True),
    ("court_context", "The senate committee held a hearing on the budget.", "hearing", False),
    ("pleads_guilty", "Marat Seitkali pleaded not guilty.", "pleaded", True),
    ("pleads_guilty", "She pleaded for calm.", "pleaded", False),
    ("restriction_object", "The government lifted the curfew.", "lifted", True),
    ("restriction_object", "The weightlifter lifted the bar.", "lifted", False),
]


@pytest.mark.parametrize(
    ("needs", "text", "word", "expected"),
    CASES,
    ids=[
        f"{needs}-{'yes' if ok else 'no'}-{word}-{i}"
        for i, (needs, _, word, ok) in enumerate(CASES)
    ],
)
def test_constraint_accepts_its_sense_and_rejects_the_look_alike(
    nlp: Language, needs: str, text: str, word: str, expected: bool
) -> None:
    assert _check(nlp, needs, text, word) is expected


def test_every_named_constraint_has_a_yes_and_a_no_case() -> None:
    answers: dict[str, set[bool]] = {}
    for needs, _, _, expected in CASES:
        answers.setdefault(needs, set()).add(expected)

    assert {name for name, seen in answers.items() if seen != {True, False}} == set()
    assert set(answers) == set(CONSTRAINTS)


def test_rule_without_a_constraint_accepts_any_trigger(nlp: Language) -> None:
    assert CONSTRAINTS.satisfies(_rule(None), _trigger(nlp, "The team beat the record.", "beat"))


def test_constraint_age_at_death_is_no_death_toll(nlp: Language) -> None:
    assert not _check(
        nlp, "violent_or_custody_death", "Marat Seitkali died of cancer at 80.", "died"
    )
