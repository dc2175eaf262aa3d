"""khronika's spaCy components: triggers, entity repairs, line breaks, and the versioned lexicon."""

from __future__ import annotations

import pytest
from spacy.language import Language

from khronika.errors import KhronikaError
from khronika.model import EVENT_TYPES
from khronika.nlp import load_lexicon
from khronika.nlp.lexicon import TriggerRule
from khronika.settings import Settings

KHRONIKA_PIPES = ("khronika_lines", "khronika_entities", "khronika_triggers")


def _triggers(nlp: Language, text: str) -> dict[str, TriggerRule]:
    """Matched trigger text -> the lexicon rule it matched."""
    doc = nlp(text)
    lexicon = load_lexicon("en", Settings().lexicon_version)
    return {doc[t.start : t.end].text: lexicon.triggers[t.rule] for t in doc._.triggers}


def _ents(nlp: Language, text: str) -> set[tuple[str, str]]:
    return {(e.text, e.label_) for e in nlp(text).ents}


def _sentences(nlp: Language, text: str) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents]


# --- trigger matching --------------------------------------------------------------------------


@pytest.mark.model
def test_triggers_match_inflected_verb_as_detention(nlp: Language) -> None:
    found = _triggers(nlp, "Police detained the editor on Friday.")

    rule = found["detained"]
    assert (rule.type, rule.subtype) == ("detention", None)
    assert rule.lemmas == ("detain",)


@pytest.mark.model
def test_triggers_match_multiword_hunger_strike_verb(nlp: Language) -> None:
    found = _triggers(nlp, "The jailed poet went on hunger strike in his cell.")

    rule = found["went on hunger strike"]
    assert (rule.type, rule.subtype) == ("protest", "hunger_strike")
    assert rule.lemmas == ("go", "on", "hunger", "strike")


@pytest.mark.model
def test_triggers_match_rally_noun_as_demonstration(nlp: Language) -> None:
    found = _triggers(nlp, "Thousands joined the rally in Tbilisi.")

    rule = found["rally"]
    assert (rule.type, rule.subtype) == ("protest", "demonstration")
    assert rule.pos == ("NOUN",)


@pytest.mark.model
def test_triggers_record_lexicon_version_on_doc(nlp: Language) -> None:
    doc = nlp("Police detained the editor.")

    assert doc._.lexicon_version == f"en-{Settings().lexicon_version}"


@pytest.mark.model
def test_triggers_ignore_sentence_without_event_words(nlp: Language) -> None:
    assert _triggers(nlp, "The museum opened a new wing for modern painting.") == {}


# --- entity repairs ----------------------------------------------------------------------------


@pytest.mark.model
def test_entities_unknown_acronym_becomes_org(nlp: Language) -> None:
    assert ("XYZB", "ORG") in _ents(nlp, "Officials from the XYZB visited the town on Friday.")


@pytest.mark.model
def test_entities_repair_does_not_add_title_mep_as_org(nlp: Language) -> None:
    # With the statistical NER off, only khronika's repair writes entities.
    with nlp.select_pipes(disable=["ner"]):
        ents = _ents(nlp, "Anna Berg MEP asked why the XYZB had banned the rally.")

    assert ents == {("XYZB", "ORG")}


@pytest.mark.model
def test_entities_title_mep_is_not_an_org(nlp: Language) -> None:
    ents = _ents(nlp, "Anna Berg MEP asked the commission about the case.")

    assert ("MEP", "ORG") not in ents


@pytest.mark.model
def test_entities_quoted_movement_name_becomes_org(nlp: Language) -> None:
    ents = _ents(nlp, "Members of the “Free Voice” movement gathered outside the court.")

    assert ("Free Voice", "ORG") in ents


@pytest.mark.model
def test_entities_acronyms_in_all_caps_line_are_left_alone(nlp: Language) -> None:
    # A shouted headline or a signature line: its capitals are not organisations.
    ents = _ents(nlp, "POLICE RAID XYZB OFFICE IN TASHKENT\n\nThe raid lasted an hour.")

    assert ("XYZB", "ORG") not in ents


# --- line breaks -------------------------------------------------------------------------------


@pytest.mark.model
def test_lines_headline_without_full_stop_is_its_own_sentence(nlp: Language) -> None:
    text = "Police disperse picket in Tashkent\n\nOfficers removed the banners of the picketers."

    assert _sentences(nlp, text) == [
        "Police disperse picket in Tashkent",
        "Officers removed the banners of the picketers.",
    ]


@pytest.mark.model
def test_lines_hard_wrap_inside_paragraph_does_not_end_sentence(nlp: Language) -> None:
    text = (
        "Open letter on Minsk\n\n"
        "We condemn the detention of the students and\n"
        "the teachers of the school in Minsk. They must be freed."
    )

    sentences = _sentences(nlp, text)

    assert (
        "We condemn the detention of the students and\nthe teachers of the school in Minsk."
        in sentences
    )


@pytest.mark.model
def test_lines_line_ending_with_full_stop_ends_sentence(nlp: Language) -> None:
    text = "Open letter\n\nThe court met on Friday.\nJudges heard the case of the editor."

    assert "Judges heard the case of the editor." in _sentences(nlp, text)


# --- lexicon -----------------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_lexicon_loads_its_version_string(version: str) -> None:
    lexicon = load_lexicon("en", version)

    assert lexicon.version == f"en-{version}"
    assert lexicon.language == "en"
    assert len(lexicon.triggers) > 50


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_lexicon_every_rule_has_a_valid_type_and_subtype(version: str) -> None:
    lexicon = load_lexicon("en", version)

    for rule in lexicon.triggers:
        assert rule.type in EVENT_TYPES, rule.key
        assert rule.subtype is None or rule.subtype in EVENT_TYPES[rule.type], rule.key
        assert 0 <= rule.head < len(rule.lemmas), rule.key
        assert 0.0 < rule.weight <= 1.0, rule.key


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_lexicon_subtype_rules_name_valid_subtypes(version: str) -> None:
    lexicon = load_lexicon("en", version)
    all_subtypes = {s for subtypes in EVENT_TYPES.values() for s in subtypes}

    for rule in lexicon.triggers:
        if rule.subtypes is not None:
            assert rule.subtypes in lexicon.subtype_rules, rule.key
    for name, options in lexicon.subtype_rules.items():
        for option in options:
            assert option.subtype in all_subtypes, name


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_lexicon_every_needs_names_a_known_constraint(version: str) -> None:
    from khronika.extract.en.constraints import CONSTRAINTS

    lexicon = load_lexicon("en", version)

    assert {r.needs for r in lexicon.triggers if r.needs} <= set(CONSTRAINTS)


def test_lexicon_unknown_version_raises_khronika_error() -> None:
    with pytest.raises(KhronikaError, match="no trigger lexicon"):
        load_lexicon("en", "v999")


# --- the pipeline as a whole -------------------------------------------------------------------


@pytest.mark.model
def test_pipeline_analysis_lists_khronika_components(nlp: Language) -> None:
    summary = nlp.analyze_pipes()["summary"]

    for name in KHRONIKA_PIPES:
        assert name in summary
    assert summary["khronika_triggers"]["assigns"] == ["doc._.triggers"]
    assert summary["khronika_entities"]["assigns"] == ["doc.ents"]
    assert summary["khronika_lines"]["assigns"] == ["token.is_sent_start"]


@pytest.mark.model
def test_pipeline_order_puts_lines_before_parser_and_triggers_last(nlp: Language) -> None:
    names = nlp.pipe_names

    assert names.index("khronika_lines") < names.index("parser")
    assert names.index("khronika_entities") == names.index("ner") + 1
    assert names[-1] == "khronika_triggers"


@pytest.mark.model
def test_pipeline_analysis_reports_no_problems(nlp: Language) -> None:
    problems = nlp.analyze_pipes()["problems"]

    assert all(not problems[name] for name in KHRONIKA_PIPES)


@pytest.mark.model
def test_a_word_form_the_lemmatiser_gets_wrong_is_repaired_before_the_rules_read_it(
    nlp: Language,
) -> None:
    doc = nlp("Activists staged a rally and were staging another.")

    assert [t.lemma_ for t in doc if t.lower_.startswith("stag")] == ["stage", "stage"]
