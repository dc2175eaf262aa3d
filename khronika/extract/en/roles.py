"""The parties of an English trigger and their roles: who did it, to whom, who organised it.

Agents and patients come from ``arguments``; each becomes an actor (``actors.actor_for``),
linked to a full name the document gave, with the role its event type gives it (the agent of
a protest takes part, of a detention perpetrates it; a statement's agent speaks).
"""

from __future__ import annotations

from spacy.tokens import Token

from khronika.extract.attributes import dedupe_actors
from khronika.extract.en.actors import actor_for
from khronika.extract.en.arguments import arguments_of
from khronika.extract.people import link_person
from khronika.extract.state import DocumentState
from khronika.model import Actor
from khronika.vocabulary import words

_AGENT_ROLE = {
    "protest": "participant",
    "riot": "participant",
    "clash": "participant",
    "statement": "speaker",
    "deployment": "perpetrator",
}
_PATIENT_ROLE = {"protest": "other", "clash": "participant", "deployment": "perpetrator"}
_ORGANISING = words("english", "organising_verbs")
_UNDERGOING = words("english", "undergoing_verbs")
# A party with the role "other" is kept only when it can have a stake of its own.
_STAKEHOLDER_KINDS = ("person", "movement", "party", "union", "ngo")


def role_for(type_: str, head: Token, is_agent: bool) -> str:
    """The role an agent or patient of a ``type_`` event plays ('organiser' of a called rally)."""
    if is_agent:
        if type_ == "protest" and (
            head.lemma_.lower() in _ORGANISING or head.head.lemma_.lower() in _ORGANISING
        ):
            return "organiser"
        return _AGENT_ROLE.get(type_, "perpetrator")
    return _PATIENT_ROLE.get(type_, "target")


def _arguments(head: Token) -> tuple[tuple[Token, ...], tuple[Token, ...]]:
    if head.lower_ == "according":
        # "According to the Interior Ministry, ...": the source is the speaker.
        sources = [c for t in head.children for c in t.children if c.dep_ == "pobj"]
        return tuple(sources), ()
    args = arguments_of(head)
    if head.lemma_.lower() in _UNDERGOING and not args.patients:
        return (), args.agents  # "Marat died in custody": the dead are the killing's targets
    return args.agents, args.patients


def actors_of(type_: str, head: Token, state: DocumentState) -> list[Actor]:
    """The actors of a trigger read as a ``type_`` event, one per name and role."""
    agents, patients = _arguments(head)
    found: list[Actor] = []
    for tokens, is_agent in ((agents, True), (patients, False)):
        for token in tokens:
            actor = _actor(type_, head, token, is_agent, state)
            if actor is not None:
                found.append(actor)
    return dedupe_actors(found)


def _actor(
    type_: str, head: Token, token: Token, is_agent: bool, state: DocumentState
) -> Actor | None:
    if state.in_dateline(token.idx):
        return None  # "MINSK, Belarus --" files the report; it does nothing
    mention = actor_for(token)
    if mention is None:
        return None
    if token.ent_type_ == "GPE" and type_ != "statement":
        return None  # a country "detains" only in headlines; its organs are named elsewhere
    mention = link_person(mention, state.people)
    role = role_for(type_, head, is_agent)
    if type_ == "statement" and not is_agent and mention.kind == "media":
        return None  # "told AFP", "told reporters": whom the words were said to, no target
    if role == "other" and mention.kind not in _STAKEHOLDER_KINDS:
        return None
    return Actor(name=mention.name, kind=mention.kind, role=role)
