"""Reported speech in English: who may make a statement, and what kind of statement it is.

A reporting verb ("said", "told", "warned", "denied") is a ``statement`` only when its speaker
is someone whose word is news in a rights report: an authority, a party, a movement, a union,
an NGO, an international body, or a person named with a role (a lawyer, a spokesman, a
relative, a politician). Bystanders, protesters and the reporting outlet are sources, not
statements. The subtype comes from the speaker and the content: an authority's claim is an
``official_claim``; anyone else's is an ``appeal`` when it asks for something, a
``condemnation`` when it judges the acts or reports a repressive one (the words are the
lexicon's ``speech_content`` subtype rules), and no statement at all when it does neither.
"""

from __future__ import annotations

from collections.abc import Mapping

from spacy.tokens import Token

from khronika.extract.en.actors import NOUN_KINDS, actor_for
from khronika.nlp.components import sentence_of
from khronika.vocabulary import vocabulary, words

_ENGLISH = vocabulary("english")
# Kinds whose word is news by itself (an authority, an organisation, an international body).
_NOTABLE_KINDS = frozenset(
    {
        "government",
        "police",
        "official",
        "court",
        "security_service",
        "military",
        "foreign_military",
        "party",
        "movement",
        "union",
        "ngo",
        "international_body",
    }
)
OFFICIAL_KINDS = frozenset(
    {"government", "police", "official", "court", "security_service", "military"}
)
_OFFICIAL_WORDS = (
    _ENGLISH.words("official_words")
    | words("regions", "local_government")
    | words("regions", "state_seats")
)
# Nouns that give a named person a voice of their own ("his lawyer", "the activist's mother").
_SPEAKER_ROLES = _ENGLISH.words("speaker_role_nouns") | _ENGLISH.words("official_titles")
_GATHERINGS = _ENGLISH.words("gathering_nouns")
_NOT_IN_POWER = _ENGLISH.words("not_in_power_words")
# Event types whose report by a non-official speaker accuses the authorities of an act.
_REPRESSIVE_TYPES = frozenset(
    {"detention", "assault", "killing", "legal_action", "harassment", "restriction", "deployment"}
)


def is_official(token: Token) -> bool:
    """An authority: a state body's noun, a ministry or president in the phrase, a country."""
    mention = actor_for(token)
    if mention is not None and mention.kind in _NOTABLE_KINDS - OFFICIAL_KINDS:
        return False  # "the Helsinki Committee", "the ruling party": not the state itself
    near = {t.lower_ for t in token.subtree} | {
        t.lower_ for t in token.doc[max(0, token.i - 4) : token.i]
    }
    if near & _NOT_IN_POWER:
        return False  # a former president, the ombudsman: not the authorities at issue
    kind = NOUN_KINDS.get(token.lemma_.lower())
    if kind in OFFICIAL_KINDS:
        return True
    if {t.lower_ for t in token.subtree} & _OFFICIAL_WORDS:
        return True
    if token.ent_type_ == "GPE" and token.dep_ in ("nsubj", "csubj"):
        return True
    return mention is not None and mention.kind in OFFICIAL_KINDS


def _has_role(token: Token) -> bool:
    """A person named with a role: 'his lawyer, Ana Lima', 'Ana Lima, the group's head'."""
    near = [token, *token.children]
    if token.dep_ == "appos":
        near.append(token.head)
    found = {t.lemma_.lower() for n in near for t in n.subtree} | {
        t.lower_ for t in token.doc[max(0, token.i - 4) : token.i]
    }
    return bool(found & _SPEAKER_ROLES)


def is_notable_speaker(token: Token) -> bool:
    """Whether a speaker's words are a statement in a rights report (see the module's rule)."""
    if token.pos_ == "PRON":
        return False
    if any(c.dep_ == "compound" and c.lemma_.lower() in _GATHERINGS for c in token.children):
        return False  # "the protest leader": a voice of the protest, whose demands it carries
    if is_official(token):
        return True
    if token.lemma_.lower() in _SPEAKER_ROLES:
        return True
    if any(c.dep_ == "compound" and c.lower_ == "rights" for c in token.children):
        return True  # "a rights group", "the human rights body"
    mention = actor_for(token)
    if mention is None:
        return False
    if mention.kind in _NOTABLE_KINDS:
        return True
    return mention.kind == "person" and _has_role(token)


def content_words(head: Token) -> set[str]:
    """Lemmas and words of what was said: the verb's complements and objects, or, for a noun
    ('a statement'), its sentence.
    """
    parts = [c for c in head.children if c.dep_ in ("ccomp", "xcomp", "dobj", "prep", "oprd")]
    tokens = [t for p in parts for t in p.subtree] if head.pos_ == "VERB" else []
    tokens = tokens or list(sentence_of(head))
    return {t.lemma_.lower() for t in tokens} | {t.lower_ for t in tokens}


def reports_repressive_act(head: Token, trigger_types: Mapping[int, str]) -> bool:
    """The verb's clause holds a trigger of a repressive act ('said police beat them');
    ``trigger_types`` gives the event type of each trigger head in the document.
    """
    clause = [t for c in head.children if c.dep_ in ("ccomp", "xcomp") for t in c.subtree]
    return any(t.i != head.i and trigger_types.get(t.i) in _REPRESSIVE_TYPES for t in clause)
