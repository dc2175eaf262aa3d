"""The learned layer on a document's rule events: drop, retype, blend, or leave alone.

Events and the typer's readings are built by hand over one invented report, so only the last
tests (marked ``model``) load the encoder.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from khronika.extract.en import learned_policy, with_learned_typing
from khronika.extract.learned import (
    NEVER,
    EventScore,
    LearnedTyping,
    Policy,
    encode_once,
    evidence_sentences,
    revise,
    roles_fit,
    score_events,
)
from khronika.learn import shipped
from khronika.learn.data import split_sentences
from khronika.learn.labels import CLASSES
from khronika.model import Actor, Count, Event, Evidence, Place
from khronika.settings import ExtractionSettings, Settings

TEXT = (
    "Rally in Oral\n"
    "Hundreds of people marched through Oral on Saturday against the new land law. "
    "Police detained Aigerim Tulegenova and four other marchers. "
    "The regional football club beat its rivals three to one."
)
ORAL = Place(name="Oral", country="KZ", precision="city", text="Oral")


def _sentence(text: str) -> Evidence:
    start = TEXT.index(text)
    return Evidence.from_text("oral.txt", TEXT, start, start + len(text))


MARCH = _sentence("Hundreds of people marched through Oral on Saturday against the new land law.")
ARREST = _sentence("Police detained Aigerim Tulegenova and four other marchers.")
FOOTBALL = _sentence("The regional football club beat its rivals three to one.")


def _event(kind: str, evidence: Evidence, **fields: object) -> Event:
    return Event(type=kind, evidence=(evidence,), location=ORAL, confidence=0.7, **fields)  # type: ignore[arg-type]


def _reading(row: int, **probabilities: float) -> EventScore:
    rest = 1.0 - sum(probabilities.values())
    others = [c for c in CLASSES if c not in probabilities]
    filled = {c: rest / len(others) for c in others} | probabilities
    return EventScore(frozenset({row}), filled)


def test_an_event_whose_sentence_reports_nothing_of_ours_is_dropped() -> None:
    beating = _event("assault", FOOTBALL)
    march = _event("protest", MARCH, subtype="march")
    readings = [_reading(3, none=0.92), _reading(1, protest=0.8, none=0.05)]
    kept = revise([beating, march], readings, Policy(drop_none=0.8))
    assert kept == [march]


def test_an_unsure_none_keeps_the_event() -> None:
    beating = _event("assault", FOOTBALL)
    assert revise([beating], [_reading(3, none=0.6)], Policy(drop_none=0.8)) == [beating]


def test_a_confident_other_type_retypes_and_drops_a_subtype_that_does_not_belong() -> None:
    march = _event(
        "legal_action",
        MARCH,
        subtype="release",
        actors=(Actor("marchers", "protesters", "participant"),),
        counts={"participants": Count(min=100, max=None, text="Hundreds")},
    )
    [event] = revise([march], [_reading(1, protest=0.75, none=0.05)], Policy(retype=0.6))
    assert (event.type, event.subtype) == ("protest", None)
    assert event.id != march.id  # the id says what the event is
    assert (event.location, event.actors, event.counts, event.evidence, event.date) == (
        march.location,
        march.actors,
        march.counts,
        march.evidence,
        march.date,
    )


def test_a_subtype_that_belongs_to_both_types_stays() -> None:
    release = _event("legal_action", ARREST, subtype="release")
    [event] = revise([release], [_reading(2, concession=0.7, none=0.1)], Policy(retype=0.6))
    assert (event.type, event.subtype) == ("concession", "release")


def test_a_speaker_keeps_a_statement_a_statement() -> None:
    speaker = Actor("Dana Ospan", "person", "speaker")
    said = _event("statement", ARREST, actors=(speaker,))
    assert not roles_fit(said, "detention")
    assert revise([said], [_reading(2, detention=0.9)], Policy(retype=0.6)) == [said]


def test_a_retype_that_would_repeat_an_event_of_the_same_sentence_is_not_made() -> None:
    # "marched ... and were detained": the rules found both; the typer leans to one
    protest = _event("protest", ARREST)
    detention = _event("detention", ARREST)
    readings = [_reading(2, protest=0.7), _reading(2, protest=0.7)]
    assert revise([protest, detention], readings, Policy(retype=0.6)) == [protest, detention]


def test_blending_moves_confidence_and_drops_what_falls_below_the_minimum() -> None:
    march = _event("protest", MARCH)
    beating = _event("assault", FOOTBALL)
    readings = [_reading(1, protest=0.9, none=0.02), _reading(3, none=0.9)]
    kept = revise([march, beating], readings, Policy(blend=0.5, min_confidence=0.5))
    assert [e.type for e in kept] == ["protest"]
    assert kept[0].confidence == pytest.approx(0.5 * 0.7 + 0.5 * 0.98)


def test_the_layer_off_changes_nothing() -> None:
    events = [_event("assault", FOOTBALL), _event("legal_action", MARCH, subtype="release")]
    readings = [_reading(3, none=0.99), _reading(1, protest=0.99)]
    assert revise(events, readings, Policy()) == events
    assert Policy().drop_none == Policy().retype == NEVER


def test_an_event_without_a_reading_is_kept_as_it_is() -> None:
    march = _event("protest", MARCH)
    assert revise([march], [None], Policy(drop_none=0.1, retype=0.1, blend=1.0)) == [march]


def test_evidence_is_found_in_the_sentence_that_holds_it() -> None:
    spans = split_sentences(TEXT)
    rows = evidence_sentences(TEXT, _event("detention", ARREST), spans)
    assert [TEXT[slice(*spans[row])] for row in rows] == [ARREST.text]
    elsewhere = Evidence(doc="other.txt", start=0, end=5, text="Crowd")
    assert (
        evidence_sentences(TEXT, replace(_event("protest", MARCH), evidence=(elsewhere,)), spans)
        == []
    )


def test_the_settings_switch_the_layer() -> None:
    class Rules:
        name = "rules-v1"

    rules = Rules()
    off = Settings(extraction=ExtractionSettings(learned_typing=False))
    assert with_learned_typing(rules, off) is rules  # type: ignore[arg-type,comparison-overlap]
    policy = learned_policy(
        Settings(extraction=ExtractionSettings(learned_drop_none=0.6, learned_blend=0.25))
    )
    assert (policy.drop_none, policy.retype, policy.blend) == (0.6, NEVER, 0.25)


@pytest.mark.model
def test_the_shipped_typer_reads_each_events_sentence() -> None:
    events = [_event("protest", MARCH), _event("detention", ARREST), _event("assault", FOOTBALL)]
    scores = score_events(shipped(), TEXT, events)
    assert all(score is not None for score in scores)
    march, arrest, football = scores
    assert march is not None and march.top_type == "protest"
    assert arrest is not None and arrest.top_type == "detention"
    assert football is not None and football.event_probability < march.event_probability


@pytest.mark.model
def test_the_wrapped_rules_drop_a_sports_beating() -> None:
    class Rules:
        name = "rules-v1"

        def events(self, doc: object, document: object) -> list[Event]:
            return [_event("protest", MARCH), _event("assault", FOOTBALL)]

    class Document:
        text = TEXT

    layer = LearnedTyping(Rules(), shipped(), Policy(drop_none=0.5))
    kept = layer.events(None, Document())  # type: ignore[arg-type]
    assert [e.type for e in kept] == ["protest"]
    assert layer.name == "rules-v1+event-types-v1"


@pytest.mark.model
def test_the_default_settings_wrap_the_rules_in_the_shipped_layer() -> None:
    class Rules:
        name = "rules-v1"

    layer = with_learned_typing(Rules(), Settings())  # type: ignore[arg-type]
    assert isinstance(layer, LearnedTyping)
    assert not layer.whole_document
    assert (layer.policy.drop_none, layer.policy.retype, layer.policy.blend) == (0.8, NEVER, 0.0)


@pytest.mark.model
def test_the_candidates_gist_reads_like_the_whole_documents() -> None:
    events = [_event("protest", MARCH), _event("detention", ARREST)]
    alone = score_events(shipped(), TEXT, events, whole_document=False)
    assert [s.top_type for s in alone if s is not None] == ["protest", "detention"]


def test_a_sentence_given_twice_is_encoded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from khronika.extract import learned

    asked: list[list[str]] = []

    def encode(sentences: list[str]) -> np.ndarray:
        asked.append(list(sentences))
        return np.array([[float(len(s)), 1.0] for s in sentences])

    monkeypatch.setattr(learned.encoder, "encode", encode)
    headline, body = "Police detained Dana Ospan.", "She was freed on Monday."

    vectors = encode_once([headline, body, headline])

    assert asked == [[headline, body]]
    assert vectors.tolist() == [[27.0, 1.0], [24.0, 1.0], [27.0, 1.0]]
    asked.clear()
    assert encode_once([body, headline]).tolist() == [[24.0, 1.0], [27.0, 1.0]]
    assert asked == [[body, headline]]
