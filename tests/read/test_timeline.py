"""A person's timeline: their happenings in date order, each with their role in words."""

from __future__ import annotations

import pytest
from readworld import DANA, MARAT

from khronika.read import describe_role, timeline, timelines
from khronika.store import Store


def test_a_timeline_runs_in_date_order_with_the_undated_last(store: Store) -> None:
    story = timeline(store, DANA)
    assert story.entity == DANA
    assert [step.cluster.id for step in story.steps] == ["cl_detention", "cl_fine", "cl_summons"]
    assert [step.roles for step in story.steps] == [("detained",), ("fined",), ("summoned",)]


def test_a_speaker_spoke(store: Store) -> None:
    [step] = timeline(store, MARAT).steps
    assert (step.cluster.id, step.roles) == ("cl_fine", ("spoke",))


def test_timelines_finds_everyone_by_part_of_a_spelling(store: Store) -> None:
    assert [story.entity.id for story in timelines(store, "Ospanova")] == ["pe_dana"]
    assert timelines(store, "Nobody Atall") == []


@pytest.mark.parametrize(
    ("event_type", "subtype", "role", "words"),
    [
        ("legal_action", "trial", "target", "tried"),
        ("legal_action", "appeal", "target", "prosecuted"),  # an unlisted subtype: the type's
        ("assault", "torture", "target", "tortured"),
        ("statement", None, "target", "target"),  # no word for it: the role as it is
        ("statement", None, "signatory", "signed"),
        ("protest", None, "organiser", "organised"),
        ("protest", None, "witness", "witness"),
    ],
)
def test_describe_role(event_type: str, subtype: str | None, role: str, words: str) -> None:
    assert describe_role(event_type, subtype, role) == words
