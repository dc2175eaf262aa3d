"""Who took part, in Russian: the trigger's arguments as actors, their kind and their role.

The subject of an active verb is its agent; the object, or the subject of a passive ('были
задержаны активисты'), its patient; an impersonal plural with no subject ('задержали
активиста') names no agent. A noun trigger's genitive ('задержание журналистов') is its
patient. Names are given in the nominative (natasha's normal form), common nouns as written
but in the nominative ('полицейских' -> 'полицейские').
"""

from __future__ import annotations

from spacy.tokens import Token

from khronika.extract.attributes import dedupe_actors
from khronika.extract.ru.parse import inflect_nominative, normal_form
from khronika.model import Actor
from khronika.vocabulary import vocabulary

_RU = vocabulary("russian")
_KINDS: dict[str, str] = {
    noun: kind for kind, nouns in _RU.table("actor_nouns").items() for noun in nouns
}
_OFFICIAL_TITLES = frozenset(_RU.table("actor_nouns")["official"])
_OFFICES = ("police", "security_service", "government", "court")
_AGENT_DEPS = ("nsubj",)
# Verbs whose subject is the one who died, not a killer.
_DYING = frozenset({"погибнуть", "скончаться", "умереть"})
_PATIENT_DEPS = ("obj", "nsubj:pass", "iobj")
_AGENT_ROLE = {"protest": "participant", "statement": "speaker", "clash": "participant"}
_PATIENT_ROLE = {"protest": "other", "clash": "participant", "deployment": "perpetrator"}


def _kind(token: Token) -> str | None:
    if token.ent_type_ == "PERSON":
        return "official" if _titled(token) else "person"
    if token.ent_type_ == "ORG":
        ent = next(e for e in token.doc.ents if e.start <= token.i < e.end)
        for t in ent:
            if t.lemma_ in _KINDS:
                return _KINDS[t.lemma_]
        return "other"
    return _KINDS.get(token.lemma_)


def _titled(token: Token) -> bool:
    """'президент Айдар Сейткалиев', 'министр внутренних дел X': a person speaking as an official."""
    ent = next(e for e in token.doc.ents if e.start <= token.i < e.end)
    before = token.doc[ent.start - 1] if ent.start > 0 else None
    heads = {token.head.lemma_} | ({before.lemma_} if before is not None else set())
    return bool(heads & _OFFICIAL_TITLES)


def _name(token: Token) -> str:
    doc = token.doc
    for ent in doc.ents:
        if ent.start <= token.i < ent.end:
            return normal_form(doc, ent.start_char, ent.end_char) or ent.text
    if "Case=Nom" in str(token.morph):
        return token.text
    return inflect_nominative(token.text.lower())


def _person_below(token: Token) -> Token | None:
    """'активистку Айгерим Тулегенову': the named person a common noun introduces."""
    for child in token.children:
        if child.dep_ in ("appos", "flat:name", "flat") and child.ent_type_ == "PERSON":
            return child
    return None


def actor_for(token: Token, role: str) -> list[Actor]:
    """The actors an argument token names (with its conjuncts); none for a pronoun."""
    out: list[Actor] = []
    for t in [token, *token.conjuncts]:
        person = _person_below(t) if t.ent_type_ != "PERSON" else None
        chosen = person or t
        kind = _kind(chosen)
        if kind is None or chosen.pos_ == "PRON":
            continue
        out.append(Actor(name=_name(chosen), kind=kind, role=role))
    return out


def _office_speakers(head: Token) -> list[Token]:
    """'в МВД заявили', 'в департаменте полиции сообщили': the office that spoke."""
    out = []
    for child in head.children:
        if child.dep_ != "obl" or not any(c.lemma_ == "в" for c in child.children):
            continue
        office = next((t for t in child.subtree if _KINDS.get(t.lemma_) in _OFFICES), None)
        if office is not None:
            out.append(office)
    return out


def _agents(type_: str, head: Token) -> list[Token]:
    agents = [c for c in head.children if c.dep_ in _AGENT_DEPS]
    if type_ == "statement" and not agents:
        agents = _office_speakers(head)
    if not agents and head.dep_ in ("xcomp", "conj", "obj") and head.head.pos_ == "VERB":
        # 'пообещали задержать', 'ОМОН применил газ', 'рабочие объявили забастовку'
        agents = [c for c in head.head.children if c.dep_ in _AGENT_DEPS]
    return agents


def actors_of(type_: str, head: Token) -> list[Actor]:
    """The actors of one trigger, with roles for its event type."""
    agents = _agents(type_, head)
    patients = [c for c in head.children if c.dep_ in _PATIENT_DEPS]
    if head.pos_ == "NOUN":
        patients += [c for c in head.children if c.dep_ == "nmod" and c.ent_type_ != "GPE"]
    # 'дело против журналиста', 'применил газ против протестующих': against whom
    holders = [head, head.head] if head.dep_ == "obj" else [head]
    patients += [
        c
        for h in holders
        for c in h.children
        if c.dep_ == "obl" and any(k.lemma_ == "против" for k in c.children)
    ]
    if head.lemma_ in _DYING:
        patients, agents = patients + agents, []  # 'погибли двое полицейских': the dead
    # a passive's agent: 'задержан полицейскими' (instrumental)
    agents += [
        c
        for c in head.children
        if c.dep_ == "obl"
        and "Case=Ins" in str(c.morph)
        and _kind(c) in ("police", "security_service", "court", "military")
    ]
    agent_role = _AGENT_ROLE.get(type_, "perpetrator")
    patient_role = _PATIENT_ROLE.get(type_, "target")
    actors = [a for t in agents for a in actor_for(t, agent_role)]
    actors += [a for t in patients for a in actor_for(t, patient_role)]
    return dedupe_actors(actors)
