"""Versioned trigger lexicons: which lemmas announce which event types.

A lexicon is a JSON file ``lexicons/triggers-<lang>-<version>.json``. A rule set that changes
behaviour gets a new version name; old versions keep loading, so results stay reproducible.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from khronika.errors import KhronikaError
from khronika.model import EVENT_TYPES


@dataclass(frozen=True)
class TriggerRule:
    """One trigger: a lemma sequence, the part of speech of its head, and the event it signals."""

    lemmas: tuple[str, ...]
    pos: tuple[str, ...]
    type: str
    subtype: str | None
    weight: float
    head: int
    needs: str | None = None
    subtypes: str | None = None

    @property
    def key(self) -> str:
        """The rule's lemmas and parts of speech, as one readable key."""
        return f"{' '.join(self.lemmas)}/{'|'.join(self.pos)}"


@dataclass(frozen=True)
class SubtypeRule:
    """Argument words that choose a subtype ('ban_object': a media ban, a protest ban...)."""

    words: frozenset[str]
    subtype: str
    or_entity: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Lexicon:
    """One version of a language's trigger rules and subtype rules."""

    version: str
    language: str
    triggers: tuple[TriggerRule, ...]
    subtype_rules: dict[str, tuple[SubtypeRule, ...]]


def _parse_trigger(raw: dict[str, Any]) -> TriggerRule:
    lemmas = tuple(raw["lemma"].split())
    pos = tuple(raw["pos"])
    type_ = raw["type"]
    subtype = raw.get("subtype")
    if type_ not in EVENT_TYPES or (subtype and subtype not in EVENT_TYPES[type_]):
        raise KhronikaError(f"lexicon rule {raw['lemma']!r}: bad type {type_}/{subtype}")
    # Verbs are headed by their first word ("round up"), nouns by their last ("hunger strike").
    default_head = 0 if "VERB" in pos else len(lemmas) - 1
    return TriggerRule(
        lemmas=lemmas,
        pos=pos,
        type=type_,
        subtype=subtype,
        weight=float(raw["weight"]),
        head=int(raw.get("head", default_head)),
        needs=raw.get("needs"),
        subtypes=raw.get("subtypes"),
    )


def _parse_subtype_rules(
    raw: dict[str, list[dict[str, Any]]],
) -> dict[str, tuple[SubtypeRule, ...]]:
    return {
        name: tuple(
            SubtypeRule(
                words=frozenset(rule["words"]),
                subtype=rule["subtype"],
                or_entity=frozenset(rule.get("or_entity", ())),
            )
            for rule in rules
        )
        for name, rules in raw.items()
    }


@lru_cache(maxsize=8)
def load_lexicon(language: str = "en", version: str = "v1") -> Lexicon:
    """Load ``triggers-<language>-<version>.json`` shipped with the package."""
    name = f"triggers-{language}-{version}.json"
    try:
        raw = json.loads(resources.files("khronika.nlp.lexicons").joinpath(name).read_text("utf-8"))
    except FileNotFoundError as exc:
        raise KhronikaError(f"no trigger lexicon {name!r}") from exc
    return Lexicon(
        version=raw["version"],
        language=raw["language"],
        triggers=tuple(_parse_trigger(r) for r in raw["triggers"]),
        subtype_rules=_parse_subtype_rules(raw.get("subtype_rules", {})),
    )
