"""A person's story, read from the store: every happening they appear in, in date order.

Shared by the CLI (``khronika person``), the web desk's person page and the API. A role is told
the way a monitor would say it: "detained", "charged", "tried", "beaten", "spoke", rather than
the contract's bare "target" or "speaker".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from khronika.model import Cluster, Entity
from khronika.read.lookup import people_named
from khronika.store import ClusterStore, EventFilter, RegistryStore


class TimelineSource(RegistryStore, ClusterStore, Protocol):
    """What a timeline reads: the registry's mentions and the clusters they are in."""


# What happened to a target, by event type and subtype (subtype None: any other subtype).
_TARGET_ROLES: dict[tuple[str, str | None], str] = {
    ("detention", None): "detained",
    ("assault", None): "beaten",
    ("assault", "torture"): "tortured",
    ("killing", None): "killed",
    ("legal_action", None): "prosecuted",
    ("legal_action", "investigation"): "investigated",
    ("legal_action", "charge"): "charged",
    ("legal_action", "trial"): "tried",
    ("legal_action", "sentence"): "sentenced",
    ("legal_action", "fine"): "fined",
    ("legal_action", "acquittal"): "acquitted",
    ("legal_action", "release"): "released",
    ("harassment", None): "harassed",
    ("harassment", "summons"): "summoned",
    ("harassment", "threat"): "threatened",
    ("harassment", "raid"): "raided",
    ("harassment", "surveillance"): "watched",
    ("restriction", None): "restricted",
    ("concession", None): "released",
}
_OTHER_ROLES = {
    "speaker": "spoke",
    "signatory": "signed",
    "participant": "took part",
    "organiser": "organised",
    "perpetrator": "perpetrator",
}


@dataclass(frozen=True)
class Step:
    """One happening of a person's timeline and what they were in it."""

    cluster: Cluster
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Timeline:
    """A person (or organisation) of the registry and their happenings in date order."""

    entity: Entity
    steps: tuple[Step, ...]


def describe_role(event_type: str, subtype: str | None, role: str) -> str:
    """The role in words: a target of a trial was "tried", a signatory "signed"."""
    if role == "target":
        return _TARGET_ROLES.get((event_type, subtype)) or _TARGET_ROLES.get(
            (event_type, None), "target"
        )
    return _OTHER_ROLES.get(role, role)


def timeline(store: TimelineSource, entity: Entity) -> Timeline:
    """Every happening ``entity`` appears in, earliest first (undated last), with its roles."""
    roles: dict[str, dict[str, None]] = {}
    for mention in store.mentions_of(entity.id):
        if mention.cluster:
            roles.setdefault(mention.cluster, {})[mention.role] = None
    # One query for all of them: the store's person filter, not a lookup per cluster.
    steps = [
        Step(
            cluster=cluster,
            roles=tuple(
                describe_role(cluster.event.type, cluster.event.subtype, role)
                for role in roles.get(cluster.id, ())
            ),
        )
        for cluster in store.clusters(EventFilter(person=entity.id))
        if cluster.id in roles
    ]
    steps.sort(key=_step_order)
    return Timeline(entity=entity, steps=tuple(steps))


def timelines(store: TimelineSource, name: str) -> list[Timeline]:
    """The timeline of everyone in the registry ``name`` names, in any script or usual spelling
    (:func:`khronika.read.lookup.people_named`).
    """
    return [timeline(store, entity) for entity in people_named(store, name)]


def _step_order(step: Step) -> tuple[date, str]:
    return step.cluster.event.date.start or date.max, step.cluster.id
