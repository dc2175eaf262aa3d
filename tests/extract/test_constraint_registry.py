"""The registry of named constraints: a lexicon rule's ``needs`` names a registered check, and
a name nobody registered fails loudly (at lexicon check and extractor construction), never
passes every trigger silently."""

from __future__ import annotations

from dataclasses import replace

import pytest
from spacy.language import Language

from khronika.extract.constraints import Constraints, UnknownConstraintError
from khronika.extract.en.constraints import CONSTRAINTS
from khronika.extract.en.extractor import EnglishExtractor
from khronika.extract.places import Gazetteer
from khronika.nlp.lexicon import Lexicon, TriggerRule, load_lexicon


def _rule(needs: str | None) -> TriggerRule:
    return TriggerRule(
        lemmas=("march",),
        pos=("VERB",),
        type="protest",
        subtype=None,
        weight=0.6,
        head=0,
        needs=needs,
    )


def _lexicon_needing(name: str) -> Lexicon:
    english = load_lexicon("en", "v1")
    return replace(english, triggers=(*english.triggers, _rule(name)))


def test_a_registered_check_is_found_by_its_name() -> None:
    registry = Constraints("xx")

    @registry.register("always")
    def always(head: object) -> bool:
        return True

    assert registry.get("always") is always
    assert "always" in registry
    assert list(registry) == ["always"]
    assert len(registry) == 1


def test_an_unknown_name_raises_and_names_the_language() -> None:
    registry = Constraints("xx")

    with pytest.raises(UnknownConstraintError, match="'crowd_subjct' for language 'xx'"):
        registry.get("crowd_subjct")


def test_a_name_is_registered_once() -> None:
    registry = Constraints("xx")
    registry.register("twice")(lambda head: True)

    with pytest.raises(ValueError, match="already registered"):
        registry.register("twice")(lambda head: False)


def test_the_lexicon_check_lists_every_unknown_name() -> None:
    lexicon = replace(load_lexicon("en", "v1"), triggers=(_rule("zz"), _rule(None), _rule("aa")))

    with pytest.raises(UnknownConstraintError, match="needs unknown constraints: aa, zz"):
        CONSTRAINTS.check_lexicon(lexicon)


def test_the_shipped_english_lexicon_names_only_registered_constraints() -> None:
    versions = [load_lexicon("en", v) for v in ("v1", "v2", "v3", "v4")]
    for lexicon in versions:
        CONSTRAINTS.check_lexicon(lexicon)  # raises otherwise

    needed = {r.needs for lexicon in versions for r in lexicon.triggers if r.needs}
    assert needed == set(CONSTRAINTS)  # and every registered check is used by some rule


def test_the_english_extractor_refuses_a_lexicon_with_an_unknown_constraint(
    gazetteer: Gazetteer,
) -> None:
    with pytest.raises(UnknownConstraintError, match="no_such_check"):
        EnglishExtractor(_lexicon_needing("no_such_check"), gazetteer)


@pytest.mark.model
def test_a_rule_without_constraint_passes_and_a_named_one_is_asked(nlp: Language) -> None:
    doc = nlp("Hundreds of workers marched to the square. The troops marched into the city.")
    crowd, troops = (t for t in doc if t.text == "marched")

    assert CONSTRAINTS.satisfies(_rule(None), troops)
    assert CONSTRAINTS.satisfies(_rule("crowd_subject"), crowd)
    assert not CONSTRAINTS.satisfies(_rule("crowd_subject"), troops)


@pytest.mark.model
def test_satisfies_with_an_unknown_name_raises_rather_than_passing(nlp: Language) -> None:
    head = nlp("Students marched.")[1]

    with pytest.raises(UnknownConstraintError):
        CONSTRAINTS.satisfies(_rule("no_such_check"), head)
