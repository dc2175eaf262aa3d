"""The label mappings: public labels land on our types, "none", or are left out."""

from __future__ import annotations

from khronika.learn.labels import (
    CLASSES,
    EXCLUDE,
    NONE,
    TYPES,
    combine,
    geneva_label,
    kairos_label,
    plover_label,
)
from khronika.model import EVENT_TYPES


def test_the_classes_are_our_twelve_types_then_none() -> None:
    assert tuple(EVENT_TYPES) == TYPES
    assert len(TYPES) == 12
    assert CLASSES[-1] == NONE


def test_plover_protests_riots_and_coercion_map_by_mode() -> None:
    assert plover_label("PROTEST", "demo-org") == "protest"
    assert plover_label("PROTEST", "strike-hun") == "protest"
    assert plover_label("PROTEST", "riot-spon") == "riot"
    assert plover_label("COERCE", "arrest") == "detention"
    assert plover_label("COERCE", "curfew") == "restriction"
    assert plover_label("COERCE", "confiscate") == EXCLUDE
    assert plover_label("FIGHT", "firearms") == "clash"
    assert plover_label("MOBILIZE", "troops") == "deployment"


def test_a_plover_assault_with_dead_is_a_killing() -> None:
    assert plover_label("ASSAULT", "beat") == "assault"
    assert plover_label("ASSAULT", "torture", dead=True) == "killing"


def test_plover_diplomacy_is_a_non_event() -> None:
    for event in ("AGREE", "CONSULT", "AID", "COOPERATE", "REJECT", "SANCTION"):
        assert plover_label(event, None) == NONE
    assert plover_label("DISAPPROVE", None) == "statement"
    assert plover_label("THREATEN", "relations") == EXCLUDE


def test_kairos_types_map_by_their_longest_prefix() -> None:
    assert kairos_label("Justice.ArrestJailDetain.Unspecified") == "detention"
    assert kairos_label("Justice.Sentence.Unspecified") == "legal_action"
    assert kairos_label("Life.Die.Unspecified") == "killing"
    assert kairos_label("Conflict.Demonstrate.Unspecified") == "protest"
    assert kairos_label("Conflict.Demonstrate.DemonstrateWithViolence") == "riot"
    assert kairos_label("Conflict.Attack.DetonateExplode") == EXCLUDE
    assert kairos_label("Transaction.ExchangeBuySell.Unspecified") == NONE


def test_geneva_frames_outside_our_types_are_non_events() -> None:
    assert geneva_label("Arrest") == "detention"
    assert geneva_label("Hostile_encounter") == "clash"
    assert geneva_label("Catastrophe") == NONE
    assert geneva_label("Attack") == EXCLUDE


def test_a_sentence_keeps_every_type_of_ours_and_drops_the_rest() -> None:
    assert combine(["detention", NONE, "protest", EXCLUDE]) == ("protest", "detention")
    assert combine([NONE, NONE]) == ()
    assert combine([]) == ()
    assert combine([EXCLUDE, NONE]) is None
