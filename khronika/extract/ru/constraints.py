"""The Russian constraint registry: what a trigger word needs around it to report an event.

"Акция" is a protest when people take part in it and no sale; "доставили" a detention when
taken to the police; "осудили" a sentence with a term and a condemnation without one. Each
check reads the head token's dependents and governor in natasha's Universal Dependencies parse.
"""

from __future__ import annotations

from spacy.tokens import Token

from khronika.extract.constraints import Constraints
from khronika.nlp.components import sentence_of
from khronika.vocabulary import vocabulary

_RU = vocabulary("russian")
CONSTRAINTS = Constraints("ru")
_ACTOR_NOUNS = frozenset(n for nouns in _RU.table("actor_nouns").values() for n in nouns)


def _lemmas(tokens: object) -> set[str]:
    return {t.lemma_ for t in tokens}  # type: ignore[attr-defined]


def _near(head: Token) -> set[str]:
    """Lemmas of the head's dependents and of its governor."""
    return _lemmas(head.children) | {head.head.lemma_}


def _arguments(head: Token) -> set[str]:
    """Lemmas of the head's dependents and of their dependents (a preposition's noun)."""
    out: set[str] = set()
    for child in head.children:
        out.add(child.lemma_)
        out |= _lemmas(child.children)
    return out


@CONSTRAINTS.register("protest_action")
def protest_action(head: Token) -> bool:
    """'акция' is a protest when a protest word qualifies it or people take part in it."""
    sent = {t.lemma_ for t in sentence_of(head)}
    if sent & _RU.words("commercial_words"):
        return False
    return bool(_near(head) & _RU.words("protest_action_context")) or bool(
        sent & _RU.words("protest_action_context")
    )


@CONSTRAINTS.register("held_protest")
def held_protest(head: Token) -> bool:
    """'протесты прошли', 'участие в протестах': held; 'в знак протеста' is a motive."""
    if head.head.lemma_ == "знак" or any(c.lemma_ == "знак" for c in head.children):
        return False
    return "Number=Plur" in str(head.morph) or head.head.lemma_ in _RU.words("protest_governors")


@CONSTRAINTS.register("not_charge_name")
def not_charge_name(head: Token) -> bool:
    """'организация массовых беспорядков' is the name of an offence, not a riot."""
    return not any(a.lemma_ in _RU.words("charge_context") for a in head.ancestors)


@CONSTRAINTS.register("not_term")
def not_term(head: Token) -> bool:
    """'15 суток ареста', 'под арестом': a term or a state, not an arrest made."""
    if head.head.lemma_ in _RU.words("term_units"):
        return False
    return not any(c.lemma_ in ("под", "домашний") for c in head.children)


@CONSTRAINTS.register("to_police")
def to_police(head: Token) -> bool:
    """'доставили в отдел', 'увезли в отделение полиции': taken into custody."""
    return bool(_arguments(head) & _RU.words("custody_places"))


@CONSTRAINTS.register("case_object")
def case_object(head: Token) -> bool:
    """'возбуждено дело': the thing opened is a case."""
    return bool(_lemmas(head.children) & {"дело", "производство"})


def _has_term(head: Token) -> bool:
    """'на 15 суток', 'к трём годам колонии', 'десятью сутками ареста': a term is given."""
    for child in head.children:
        if child.lemma_ not in _RU.words("term_units") or child.dep_ not in ("obl", "nmod"):
            continue
        case = {c.lemma_ for c in child.children if c.dep_ == "case"}
        counted = any(c.dep_.startswith("nummod") for c in child.children)
        if case & {"на", "к"} or (counted and not case):
            return True
    return False


@CONSTRAINTS.register("to_term")
def to_term(head: Token) -> bool:
    """'осудили на три года': a sentence."""
    return _has_term(head)


@CONSTRAINTS.register("not_to_term")
def not_to_term(head: Token) -> bool:
    """'осудили задержания': a condemnation (no term of years)."""
    return not _has_term(head)


@CONSTRAINTS.register("imposed_fine")
def imposed_fine(head: Token) -> bool:
    """'назначили штраф', 'заменили арест на штраф', 'штраф в 50 тысяч тенге': imposed."""
    governors = {head.head.lemma_, head.head.head.lemma_}  # 'сменил арест на штраф'
    return bool(governors & _RU.words("fine_verbs")) or bool(
        _lemmas(head.subtree) & _RU.words("currencies")  # 'штрафы от 10 до 16 тыс. руб.'
    )


@CONSTRAINTS.register("square_object")
def square_object(head: Token) -> bool:
    """'перекрыли площадь': a public space closed."""
    return bool(_lemmas(head.children) & _RU.words("public_spaces"))


@CONSTRAINTS.register("force_object")
def force_object(head: Token) -> bool:
    """'стянули силовиков', 'стянули технику': forces brought in."""
    return bool(_arguments(head) & _RU.words("force_words"))


def _people(token: Token) -> bool:
    return token.ent_type_ in ("PERSON", "ORG") or token.lemma_ in _ACTOR_NOUNS


@CONSTRAINTS.register("person_object")
def person_object(head: Token) -> bool:
    """'отпустили активиста': a person let go; 'освободить поля от гречихи' is no release."""
    objects = [c for c in head.children if c.dep_ in ("obj", "nsubj:pass")]
    if not objects:
        return head.dep_ in ("conj", "xcomp") or "Number=Plur" in str(head.morph)
    return any(
        _people(o) or "Animacy=Anim" in str(o.morph) or "Person=" in str(o.morph) for o in objects
    )  # 'его отпустили': a personal pronoun is a person


@CONSTRAINTS.register("between_people")
def between_people(head: Token) -> bool:
    """'столкновения протестующих с полицией': people on both sides, not cars on a bend."""
    return any(_people(t) for c in head.children for t in (c, *c.conjuncts))


@CONSTRAINTS.register("is_term")
def is_term(head: Token) -> bool:
    """'15 суток ареста', '25-суточный арест': an administrative arrest as a term served."""
    return head.head.lemma_ in ("сутки", "сутка") or any(
        c.dep_ == "amod" and c.lemma_.endswith("суточный") for c in head.children
    )


@CONSTRAINTS.register("not_at_war")
def not_at_war(head: Token) -> bool:
    """'погибли на войне', 'погиб на фронте': a soldier's death, not a killing of this record."""
    return not (_arguments(head) & _RU.words("war_words"))


_OFFICIAL_KINDS = ("police", "security_service", "government", "official", "court")


def _kind_of(token: Token) -> str | None:
    for kind, nouns in _RU.table("actor_nouns").items():
        if token.lemma_ in nouns:
            return str(kind)
    return None


@CONSTRAINTS.register("official_speaker")
def official_speaker(head: Token) -> bool:
    """'в МВД сообщили', 'ГУБОП подтвердил': the authorities' own account of events."""
    speakers = [c for c in head.children if c.dep_ == "nsubj"]
    speakers += [c for c in head.children if c.dep_ == "obl"]  # 'в полиции сообщили'
    return any(_kind_of(t) in _OFFICIAL_KINDS for s in speakers for t in (s, *s.subtree))


@CONSTRAINTS.register("property_object")
def property_object(head: Token) -> bool:
    """'разгромили здание акимата', 'подожгли машины': property; 'разгромил соперника' in sport
    (a team, a person) is no riot.
    """
    objects = [c for c in head.children if c.dep_ in ("obj", "nsubj:pass")]
    return any(
        o.pos_ == "NOUN" and "Animacy=Inan" in str(o.morph) and not o.ent_type_ for o in objects
    )


@CONSTRAINTS.register("convicted_person")
def convicted_person(head: Token) -> bool:
    """'осуждённого в прошлом году активиста', 'был осуждён Марат': a person condemned in the
    passive is convicted; 'действия полиции осуждены' is a condemnation of acts.
    """
    if "Voice=Pass" not in str(head.morph):
        return False
    people = [c for c in head.children if c.dep_ in ("obj", "nsubj:pass", "nsubj")]
    if head.dep_.startswith("acl"):
        people.append(head.head)
    return any(_people(p) or "Animacy=Anim" in str(p.morph) for p in people)


@CONSTRAINTS.register("speech_object")
def speech_object(head: Token) -> bool:
    """'отметил, что …': something said; 'отметили праздник', 'отметить на карте' are no speech."""
    return any(c.dep_ in ("ccomp", "parataxis") for c in head.children)
