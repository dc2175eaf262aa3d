"""Constraints for the words short news briefs use (triggers-en-v4): armed fighting, what a
rioting crowd throws or burns, "left N dead", court hearings and pleas, restrictions lifted.

Registered in the same registry as :mod:`.constraints`, which imports this module at its end
so the registry is whole wherever it is read; kept apart because that module is long already.
"""

from __future__ import annotations

from spacy.tokens import Token

from khronika.extract.en.arguments import FORCES, argument_words, object_words
from khronika.extract.en.constraints import register
from khronika.nlp.components import sentence_of
from khronika.vocabulary import vocabulary

_ENGLISH = vocabulary("english")
_ARMED = _ENGLISH.words("armed_group_words")
_MISSILES = _ENGLISH.words("thrown_missiles")
_BUILDINGS_OR_VEHICLES = _ENGLISH.words("building_words") | _ENGLISH.words("vehicles")
_COURT = _ENGLISH.words("court_words")
_PLEAS = frozenset({"guilty", "innocent"})
_LIFTABLE = _ENGLISH.words("liftable_restrictions")


@register("armed_fighting")
def armed_fighting(head: Token) -> bool:
    """Fighting with an armed group, or between forces and someone ('fierce fighting with
    rebels', 'troops fought insurgents'); not a fight against corruption or a fight in sport.
    """
    words = argument_words(head) | {
        t.lemma_.lower() for c in head.children for t in c.subtree if c.dep_ == "prep"
    }
    if words & _ARMED:
        return True
    sent = {t.lemma_.lower() for t in sentence_of(head)} | {t.lower_ for t in sentence_of(head)}
    return head.pos_ == "NOUN" and bool(sent & _ARMED) and bool(sent & FORCES)


@register("throws_missiles")
def throws_missiles(head: Token) -> bool:
    """Stones, rocks, bottles or petrol bombs are what is thrown ('hurled rocks at police',
    'pelted the police with stones'); not a ball, a party or a glance.
    """
    return bool(argument_words(head) & _MISSILES)


@register("building_or_vehicle_object")
def building_or_vehicle_object(head: Token) -> bool:
    """A building or a vehicle is what is torched, burnt or stoned ('torched police cars')."""
    return bool(object_words(head) & _BUILDINGS_OR_VEHICLES)


@register("left_dead")
def left_dead(head: Token) -> bool:
    """'The attack left eight people dead': 'dead' predicated of the object of 'leave'."""
    verb = head.head
    if head.dep_ not in ("oprd", "xcomp", "ccomp", "acomp") or verb.lemma_.lower() != "leave":
        return False
    return any(c.dep_ == "dobj" for c in verb.children)


@register("court_context")
def court_context(head: Token) -> bool:
    """A hearing in court, not a hearing of parliament or a hearing aid: a court, judge or
    tribunal in its sentence.
    """
    sent = sentence_of(head)
    return any(t.lemma_.lower() in _COURT or t.lower_ in _COURT for t in sent)


@register("pleads_guilty")
def pleads_guilty(head: Token) -> bool:
    """'Pleaded guilty', 'pleaded not guilty': a plea in court, not a plea for help."""
    return any(t.lower_ in _PLEAS for t in head.subtree)


@register("restriction_object")
def restriction_object(head: Token) -> bool:
    """A curfew, ban or state of emergency is what is lifted or eased ('lifted the curfew');
    not a lifted weight or eased tension.
    """
    return bool(object_words(head) & _LIFTABLE)
