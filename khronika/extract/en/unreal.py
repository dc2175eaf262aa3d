"""Acts a sentence names without reporting them as done.

News text names many acts it does not report: the one that is lacking ("the lack of an
investigation"), put off ("the sentencing was postponed"), a purpose ("trials designed to
intimidate"), a trend ("arrests have multiplied"), the content of a conviction ("convicted of
closing off a street": ``charge_content``, asked only of sanctioning types), the topic of a
rule ("regulations for public gatherings": ``topic_of_law``, asked of the other types), a
future condition ("until he is released"), an act refused or a proposal rejected ("refused to
lift the curfew", "rejected an appeal for deploying troops"), one still awaited ("awaiting
trial") or a restriction being lifted ("lifted the state of emergency": the lifting is the news). Each is a way English is written, not a word list of one
text, so each holds in any report.
"""

from __future__ import annotations

from spacy.tokens import Token

from khronika.vocabulary import vocabulary

_ENGLISH = vocabulary("english")
_LACKING = _ENGLISH.words("lacking_nouns")
_DEFERRING = _ENGLISH.words("deferring_verbs")
_PURPOSE = _ENGLISH.words("purpose_verbs")
_TREND = _ENGLISH.words("trend_verbs")
_CONVICTION = _ENGLISH.words("conviction_words")
_FUTURE_TIME = _ENGLISH.words("future_time_marks")
_PRESENT_TAGS = frozenset({"VBZ", "VBP"})
_LAW = _ENGLISH.words("law_nouns")
_REJECTING = _ENGLISH.words("rejecting_verbs")
_PROPOSALS = _ENGLISH.words("proposal_nouns")
_AWAITING = _ENGLISH.words("awaiting_verbs")
# Verbs that cancel with "off": "called off the strike", "put off the hearing".
_CANCELLING_PHRASAL = _ENGLISH.words("cancelling_with_off")
_LIFTING = _ENGLISH.words("lifting_verbs")
_LIFTABLE = _ENGLISH.words("liftable_restrictions")
# "the law on rallies", "rules for public gatherings": the prepositions a law's topic hangs on.
_TOPIC_PREPS = frozenset({"about", "for", "governing", "of", "on", "regarding"})


def _first_conjunct(token: Token) -> Token:
    """'injuring a guard and closing off a street': the first of coordinated words."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token


def lacking(head: Token) -> bool:
    """'the lack of an investigation', 'the failure to investigate': the act did not happen."""
    current = _first_conjunct(head)
    for _ in range(3):
        if current.dep_ not in ("pobj", "prep", "acl", "xcomp") or current.head is current:
            return False
        current = current.head
        if current.pos_ == "NOUN" and current.lemma_.lower() in _LACKING:
            return True
    return False


def deferred(head: Token) -> bool:
    """'the hearing was postponed', 'officials cancelled the rally', 'the union called off the
    strike': put off, not held.
    """
    if head.pos_ not in ("NOUN", "PROPN"):
        return False
    noun = _first_conjunct(head)
    if noun.dep_ not in ("nsubj", "nsubjpass", "dobj"):
        return False
    verb = noun.head
    return any(v.lemma_.lower() in _DEFERRING or _called_off(v) for v in (verb, *verb.conjuncts))


def _called_off(verb: Token) -> bool:
    """'the union called off the strike': a phrasal verb that cancels."""
    return verb.lemma_.lower() in _CANCELLING_PHRASAL and any(
        c.dep_ == "prt" and c.lower_ == "off" for c in verb.children
    )


def purpose(head: Token) -> bool:
    """'sham trials designed to intimidate', 'a law meant to silence critics': an aim."""
    governor = head.head
    return (
        head.dep_ == "xcomp"
        and governor.tag_ == "VBN"
        and governor.lemma_.lower() in _PURPOSE
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in governor.children)
    )


def trend(head: Token) -> bool:
    """'arrests and detentions have multiplied': a count of acts rising, no act of its own."""
    noun = _first_conjunct(head)
    if head.tag_ != "NNS" or noun.dep_ != "nsubj":
        return False
    if any(c.dep_ in ("det", "nummod", "poss") for c in head.children):
        return False
    return noun.head.lemma_.lower() in _TREND


def charge_content(head: Token) -> bool:
    """'convicted of injuring a guard and closing off a street': what the court found, not a
    ban or an arrest the report tells of (a protest someone is convicted of did take place).
    """
    verb = _first_conjunct(head)
    if head.tag_ != "VBG" or verb.dep_ != "pcomp":
        return False
    prep = verb.head
    return prep.dep_ == "prep" and prep.head.lemma_.lower() in _CONVICTION


def topic_of_law(head: Token) -> bool:
    """'violating regulations for public gatherings', 'the law on rallies': what a rule is
    about, not an act the report tells of.
    """
    noun = _first_conjunct(head)
    if head.pos_ not in ("NOUN", "PROPN") or noun.dep_ != "pobj":
        return False
    prep = noun.head
    return (
        prep.lower_ in _TOPIC_PREPS
        and prep.head.pos_ == "NOUN"
        and prep.head.lemma_.lower() in _LAW
    )


def future_condition(head: Token) -> bool:
    """'until he is released', 'till the ban is lifted': a present tense after 'until' is the
    future; the act has not happened.
    """
    marked = any(c.dep_ == "mark" and c.lower_ in _FUTURE_TIME for c in head.children)
    if not marked:
        return False
    return head.tag_ in _PRESENT_TAGS or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in _PRESENT_TAGS for c in head.children
    )


def rejected(head: Token) -> bool:
    """'refused to lift the curfew', 'rejected an appeal for deploying troops', 'opposed a plan
    to send troops': an act refused, or inside a proposal turned down, was not done. A rejected
    act itself ('rejected the ban') did happen: the rejection is a statement about it.
    """
    verb = _first_conjunct(head)
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _REJECTING:
        return True  # "refused to release him"
    current = verb
    for _ in range(4):
        if current.head is current or current.dep_ not in ("pobj", "pcomp", "prep", "acl", "xcomp"):
            return False
        current = current.head
        if current.pos_ == "NOUN" and current.lemma_.lower() in _PROPOSALS:
            return current.dep_ == "dobj" and current.head.lemma_.lower() in _REJECTING
    return False


def awaited(head: Token) -> bool:
    """'in prison awaiting trial': the act is still to come."""
    noun = _first_conjunct(head)
    return noun.dep_ == "dobj" and noun.head.lemma_.lower() in _AWAITING


def lifted(head: Token) -> bool:
    """'lifted the curfew', 'the ban was eased', 'the lifting of the state of emergency': the
    restriction named is ending; the concession is the event, not a new restriction.
    """
    noun = _first_conjunct(head)
    if noun.pos_ not in ("NOUN", "PROPN") or not any(t.lower_ in _LIFTABLE for t in noun.subtree):
        return False  # "police ended the protest": the protest did take place
    governor = noun.head
    if noun.dep_ == "pobj" and governor.lower_ == "of":
        governor = governor.head  # "the lifting of the curfew"
    elif noun.dep_ not in ("dobj", "nsubjpass"):
        return False
    return governor.lemma_.lower() in _LIFTING or governor.lemma_.lower() == "lifting"


def unreal(head: Token) -> bool:
    """The trigger names an act the sentence does not report as done."""
    checks = (lacking, deferred, purpose, trend, future_condition, rejected, awaited, lifted)
    return any(check(head) for check in checks)
