"""What a trigger's syntax says: who acted, on whom, whether it happened, and which subtype.

Reads the dependency parse around one trigger token. ``arguments_of`` finds agents and patients
(active and passive voice, reduced relatives, conjoined and controlled verbs, nouns with "by"
and "of"); ``satisfies`` checks a lexicon rule's named constraint; ``status_of`` tells an event
that happened from one that is threatened or planned, and ``is_negated`` one that did not.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from khronika.extract.en.actors import NOUN_KINDS, quantity_head
from khronika.extract.en.speech import content_words
from khronika.nlp.components import sentence_of
from khronika.nlp.lexicon import Lexicon, TriggerRule
from khronika.vocabulary import vocabulary, words

_ENGLISH = vocabulary("english")

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
# Verbs that take an event noun as object and lend it their subject ("police held a raid").
LIGHT_VERBS = _ENGLISH.words("light_verbs")
# Governing words that make an event threatened, planned or promised rather than done.
ANNOUNCING = _ENGLISH.words("announcing_words")
# Nouns that are announcements themselves ("a threat to arrest").
_ANNOUNCEMENTS = _ENGLISH.words("announcement_nouns")
MODALS = _ENGLISH.words("modals")
HYPOTHETICAL_MARKS = _ENGLISH.words("hypothetical_marks")
FORCES = _ENGLISH.words("forces") | words("regions", "riot_police")
CROWD = _ENGLISH.words("crowd_words")
PERSON_LIKE_ENTS = frozenset({"PERSON", "ORG", "NORP"})
FIREARMS = _ENGLISH.words("firearms")
# "no one", "nobody": an act done to nobody did not happen.
_NOBODY = _ENGLISH.words("nobody_words")
# "denied detaining anyone": the act is denied, not reported.
_NEGATING = _ENGLISH.words("negating_verbs")
# "called on the authorities to release X": the act is asked for, not done.
APPEALING = _ENGLISH.words("appeal_verbs")


@dataclass(frozen=True)
class Arguments:
    """Who acted (agents) and on whom (patients), and whether the voice is passive."""

    agents: tuple[Token, ...]
    patients: tuple[Token, ...]
    passive: bool


def _with_conjuncts(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for token in tokens:
        out.append(token)
        out.extend(c for c in token.conjuncts if c.i > token.i)
    return out


def children(token: Token, deps: frozenset[str] | set[str]) -> list[Token]:
    """The token's children attached with one of ``deps``."""
    return [c for c in token.children if c.dep_ in deps]


def pobj_of(token: Token, preps: set[str], dep: str = "prep") -> list[Token]:
    """Objects of the token's prepositions ``preps`` ('by police', 'against X')."""
    found: list[Token] = []
    for prep in token.children:
        if prep.dep_ in (dep, "agent") and prep.lower_ in preps:
            found.extend(c for c in prep.children if c.dep_ == "pobj")
    return found


def is_passive(verb: Token) -> bool:
    """A passive verb: 'were detained', or a participle on a noun ('protesters detained')."""
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return True
    if verb.dep_ == "conj" and verb.tag_ == "VBN" and verb.head is not verb:
        # "was arrested and charged": the second participle shares the first's passive voice
        own_subject = any(c.dep_ in SUBJECT_DEPS for c in verb.children)
        return not own_subject and is_passive(verb.head)
    # "protesters detained by police", "were set free": a past participle modifying a noun.
    return verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod")


def _inherited_subject(verb: Token) -> list[Token]:
    """Subjects of a verb that has none of its own: 'police stepped in and detained X'."""
    head = verb.head
    if verb.dep_ in ("conj", "xcomp", "advcl") and head is not verb:
        subjects = children(head, SUBJECT_DEPS)
        if not subjects and verb.dep_ == "xcomp":
            subjects = children(head, PASSIVE_SUBJECT_DEPS)  # "X were compelled to protest"
        if subjects:
            return subjects
        if head.dep_ in ("conj", "xcomp") and head.head is not head:
            return children(head.head, SUBJECT_DEPS)
    if verb.dep_ == "relcl":
        return [verb.head]
    if verb.dep_ in ("acl",) and verb.tag_ == "VBG":
        return [verb.head]
    return []


def _verb_arguments(verb: Token) -> Arguments:
    passive = is_passive(verb)
    subjects = children(verb, SUBJECT_DEPS)
    if any(s.tag_ in ("WDT", "WP") for s in subjects):
        subjects = [verb.head]
    if passive:
        agents = pobj_of(verb, {"by"}, dep="agent")
        patients = children(verb, PASSIVE_SUBJECT_DEPS)
        if verb.dep_ == "relcl" and any(p.tag_ in ("WP", "WDT") for p in patients):
            patients = [verb.head]  # "X, who was detained on Monday": X was detained
        if not patients and verb.dep_ in ("acl", "amod"):
            patients = [verb.head]
        if not patients and verb.dep_ == "conj":
            patients = children(verb.head, PASSIVE_SUBJECT_DEPS)
    else:
        agents = subjects or _inherited_subject(verb)
        patients = children(verb, {"dobj", "dative", "oprd"})
        if not patients:
            patients = pobj_of(verb, {"against", "on", "upon", "at"})
    return Arguments(
        agents=tuple(_with_conjuncts([quantity_head(a) for a in agents])),
        patients=tuple(_with_conjuncts([quantity_head(p) for p in patients])),
        passive=passive,
    )


def _noun_arguments(noun: Token) -> Arguments:
    agents = pobj_of(noun, {"by"}) + children(noun, {"poss"})
    agents += [c for c in noun.lefts if c.dep_ == "compound" and is_actor_token(c)]
    patients = pobj_of(noun, {"of", "against", "on"})
    head = noun.head
    if noun.dep_ in ("dobj", "pobj") and head.lemma_.lower() in LIGHT_VERBS:
        verb = head if noun.dep_ == "dobj" else head.head
        agents += children(verb, SUBJECT_DEPS) or _inherited_subject(verb)
        if noun.dep_ == "dobj" and not patients:
            # "fired tear gas at protesters", "carried out raids on homes"
            patients = pobj_of(verb, {"at", "against", "on", "into"})
    if noun.dep_ in ("nsubj", "nsubjpass") and not agents:
        patients += children(head, {"dobj"})
    if noun.dep_ == "pobj" and head.lower_ == "in" and head.head.pos_ == "VERB":
        # "workers broke away in protest": whoever did the act protested
        verb = head.head
        agents += children(verb, SUBJECT_DEPS) or _inherited_subject(verb)
    return Arguments(
        agents=tuple(_with_conjuncts([quantity_head(a) for a in agents])),
        patients=tuple(_with_conjuncts([quantity_head(p) for p in patients])),
        passive=False,
    )


def arguments_of(head: Token) -> Arguments:
    """The agents and patients of a verb, adjective or event noun."""
    if head.pos_ in ("VERB", "AUX") or (head.pos_ == "ADJ" and head.tag_ == "VBN"):
        return _verb_arguments(head)
    if head.pos_ == "ADJ":
        # "X was also hurt": the adjective's subject is the one hurt.
        subjects = children(head.head, SUBJECT_DEPS) if head.dep_ == "acomp" else []
        return Arguments(agents=(), patients=tuple(subjects), passive=True)
    return _noun_arguments(head)


def is_actor_token(token: Token) -> bool:
    """A person, organisation or people, or a noun that names actors ('police')."""
    return token.ent_type_ in PERSON_LIKE_ENTS or token.lemma_.lower() in NOUN_KINDS


def lemmas(tokens: tuple[Token, ...] | list[Token]) -> set[str]:
    """Lemmas and lower-cased words of the tokens' subtrees."""
    words: set[str] = set()
    for token in tokens:
        for t in token.subtree:
            words.add(t.lemma_.lower())
            words.add(t.lower_)
    return words


def argument_words(head: Token) -> set[str]:
    """Words of a trigger's arguments and of its prepositions, complements and modifiers."""
    args = arguments_of(head)
    words = lemmas(args.agents) | lemmas(args.patients)
    for child in head.children:
        if child.dep_ in ("prep", "xcomp", "prt", "compound", "amod", "dobj", "attr"):
            words |= lemmas([child])
    return words


def object_words(head: Token) -> set[str]:
    """Words of what the act was done to: objects, compounds, 'ban on X', 'blocking of X'."""
    args = arguments_of(head)
    words = lemmas(args.patients)
    for child in head.children:
        if child.dep_ in ("compound", "prt", "dobj", "nsubjpass") or (
            child.dep_ == "prep" and child.lower_ in ("on", "of", "against", "to")
        ):
            words |= lemmas([child])
    if not args.patients and head.pos_ == "NOUN":
        words |= lemmas(args.agents)
    return words


def subtype_of(rule: TriggerRule, head: Token, lexicon: Lexicon) -> str | None:
    """The rule's subtype, or one chosen by the words of the trigger's arguments."""
    if rule.subtypes is None:
        return rule.subtype
    words = (
        object_words(head)
        if rule.subtypes in ("ban_object", "block_object")
        else argument_words(head)
    )
    if rule.subtypes == "death_cause":
        words |= {t.lemma_.lower() for t in sentence_of(head)}
    if rule.subtypes == "speech_content":
        words = content_words(head)
    for option in lexicon.subtype_rules.get(rule.subtypes, ()):
        if words & option.words:
            return option.subtype
        if option.or_entity and any(
            t.ent_type_ in option.or_entity for t in arguments_of(head).patients
        ):
            return option.subtype
    return rule.subtype


def mentions_firearms(head: Token) -> bool:
    """Firearms in the trigger's sentence or the next one (the rule for calling fighting a clash)."""
    sent = sentence_of(head)
    words = {t.lemma_.lower() for t in sent} | {t.lower_ for t in sent}
    doc = head.doc
    if sent.end < len(doc):
        words |= {t.lemma_.lower() for t in sentence_of(doc[sent.end])}
    return bool(words & FIREARMS)


def _governors(token: Token, limit: int = 4) -> list[Token]:
    chain = []
    current = token
    for _ in range(limit):
        if current.head is current or current.dep_ not in (
            "xcomp",
            "ccomp",
            "pcomp",
            "pobj",
            "prep",
            "dobj",
            "acl",
            "conj",
            "advcl",
            "relcl",
        ):
            break
        current = current.head
        chain.append(current)
    return chain


def status_of(head: Token) -> str:
    """'announced' when the trigger is wanted, planned, threatened or promised; else 'occurred'."""
    if head.lemma_.lower() in _ANNOUNCEMENTS:
        return "announced"
    if head.pos_ in ("NOUN", "PROPN"):
        # "plans for a rally", "called for a protest": only a noun's own governor plans it
        governor = head.head.head if head.dep_ == "pobj" else head.head
        calls_for = (
            governor.lemma_.lower() == "call" and head.dep_ == "pobj" and head.head.lower_ == "for"
        )
        planned = calls_for or governor.lemma_.lower() in ANNOUNCING | {
            "organise",
            "organize",
            "plan",
        }
        modal = any(c.dep_ == "aux" and c.lower_ in MODALS for c in governor.children)
        return "announced" if planned or modal else "occurred"
    for token in [head, *_governors(head)]:
        if token.lemma_.lower() in ANNOUNCING and token is not head:
            return "announced"
        if any(c.dep_ == "aux" and c.lower_ in MODALS for c in token.children):
            return "announced"
    if head.lemma_.lower() in _ANNOUNCEMENTS:
        return "announced"
    return "occurred"


def _nobody(token: Token) -> bool:
    """'no one', 'nobody', 'none of them'."""
    if token.lower_ in _NOBODY:
        return True
    return token.lower_ == "one" and any(c.lower_ == "no" for c in token.children)


def is_negated(head: Token) -> bool:
    """'did not detain', 'no arrests', 'if police disperse', 'no one was detained', 'denied
    beating him': the event is not reported as real.
    """
    governors = _governors(head, limit=3)
    if any(g.lemma_.lower() in _NEGATING for g in governors):
        return True
    if head.pos_ in ("VERB", "AUX") and any(
        _nobody(c) for c in head.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")
    ):
        return True
    for token in [head, *governors]:
        for child in token.children:
            if child.dep_ == "neg":
                return True
            if child.dep_ == "det" and child.lower_ in ("no", "any") and token.pos_ == "NOUN":
                return True
            if child.dep_ == "mark" and child.lower_ in HYPOTHETICAL_MARKS:
                return True
    return False


def is_asked_for(head: Token) -> bool:
    """'called on the authorities to release X', 'urged police to free them': a demand."""
    current = head
    for _ in range(4):
        if (
            current.dep_ not in ("xcomp", "ccomp", "dobj", "pobj", "prep")
            or current.head is current
        ):
            return False  # "the release of those abducted": a modifier tells what was done
        current = current.head
        if current.pos_ == "VERB" and current.lemma_.lower() in APPEALING:
            return True
    return False


def in_quotes_or_slogan(head: Token) -> bool:
    """A chanted slogan ('Free the arrested!') or a quoted phrase names no event of its own."""
    sent = sentence_of(head)
    if sent.text.rstrip().endswith("!"):
        return True
    opened: int | None = None
    for token in sent:
        if token.i >= head.i:
            break
        if token.text in ("“", "«"):
            opened = token.i
        elif token.text in ("”", "»"):
            opened = None
    if opened is None:
        return False
    closing = next((t.i for t in sent if t.i > head.i and t.text in ("”", "»")), sent.end)
    quoted = head.doc[opened + 1 : closing]
    # Quoted speech has a verb; a quoted term ("a “red security level”") names a real measure.
    return any(t.pos_ in ("VERB", "AUX") for t in quoted)
