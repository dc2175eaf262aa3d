"""What an English sentence says about its event beyond who and where: counts, charges, demands.

``count_key`` reads which figure a number is (detained, killed, injured...) from the words that
govern it, ``attribution`` who claims the sentence's figures, ``find_charges`` what a person is
charged with and ``find_demands`` what protesters or signatories demand.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from khronika.vocabulary import vocabulary

_ENGLISH = vocabulary("english")
_COUNT_KEYS: tuple[tuple[str, frozenset[str]], ...] = tuple(
    (key, frozenset(lemmas)) for key, lemmas in _ENGLISH.table("count_keys").items()
)
_REPORTING = _ENGLISH.words("reporting_verbs")
# "Charged with X", "on charges of X", "arrested for X": which prepositions introduce the charge.
_CHARGE_PREPS: dict[str, tuple[str, ...]] = {
    head: tuple(preps) for head, preps in _ENGLISH.table("charge_prepositions").items()
}
_DEFAULT_CHARGE_PREPS = ("for", "on", "under")
_CHARGE_HEADS = _ENGLISH.words("charge_heads")
_DEMAND_WORDS = _ENGLISH.words("demand_verbs")
_MAX_PHRASE_WORDS = 14


def _governing_words(token: Token) -> set[str]:
    found = {token.lemma_.lower()}
    current = token
    for _ in range(4):
        found |= {c.lemma_.lower() for c in current.children if c.dep_ in ("amod", "acl", "relcl")}
        if current.head is current:
            break
        current = current.head
        found.add(current.lemma_.lower())
        if (
            current.pos_ in ("VERB", "AUX")
            and token.dep_ == "pobj"
            and token.head.lower_
            in (
                "to",
                "at",
            )
        ):
            # "the death toll rose to 12", "stood at 12": the figure is the subject's
            found |= {c.lemma_.lower() for c in current.children if c.dep_ == "nsubj"}
    return found


def count_key(token: Token) -> str | None:
    """Which count a numeral fills ('detained' for '30 were detained'), or None."""
    found = _governing_words(token)
    for key, lemmas in _COUNT_KEYS:
        if found & lemmas:
            return key
    return None


def attribution(sent: Span) -> str | None:
    """Who claims the figures of a sentence: 'according to X', 'X said'."""
    for token in sent:
        if token.lower_ == "according":
            objs = [c for t in token.subtree for c in t.children if c.dep_ == "pobj"]
            if objs:
                return _phrase(objs[0])
    for token in sent:
        if token.lemma_.lower() in _REPORTING and token.pos_ == "VERB":
            subjects = [c for c in token.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
            if subjects:
                return _phrase(subjects[0])
    return None


def _phrase(token: Token) -> str:
    text = " ".join(t.text for t in token.subtree)
    text = re.sub(r"\s+([,.’'])", r"\1", text)
    text = re.sub(r"^(the|a|an)\s+", "", text, flags=re.I)
    return " ".join(text.split()[:_MAX_PHRASE_WORDS]).strip(" ,.")


def tail_phrase(tokens: list[Token]) -> str | None:
    """The words of a complement, cut at the first comma, dash or clause break."""
    out: list[str] = []
    for token in tokens:
        if token.text in (",", "–", "—", ";", ".", "(") or (
            out and token.dep_ in ("relcl", "advcl")
        ):
            break
        if token.text in ("“", "”", '"', "‘", "’") and token.dep_ == "punct":
            continue
        out.append(token.text_with_ws)
    text = "".join(out).strip(" “”\"‘’'")
    parts = text.split()
    return " ".join(parts[:_MAX_PHRASE_WORDS]) if parts else None


def find_charges(sent: Span) -> list[str]:
    """What someone in the sentence is charged with, accused of or arrested for."""
    charges: list[str] = []
    for token in sent:
        if token.lemma_.lower() not in _CHARGE_HEADS:
            continue
        allowed = _CHARGE_PREPS.get(token.lemma_.lower(), _DEFAULT_CHARGE_PREPS)
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in allowed:
                charges.extend(_charges_after(prep))
    return list(dict.fromkeys(charges))


def _charges_after(prep: Token) -> list[str]:
    found: list[str] = []
    for obj in prep.children:
        if obj.dep_ not in ("pobj", "pcomp"):
            continue
        if obj.lemma_.lower() in ("charge", "charges", "suspicion"):
            found.extend(_of_complements(obj))
            continue
        if obj.pos_ == "NUM" or obj.ent_type_ in ("DATE", "TIME", "CARDINAL"):
            continue
        phrase = tail_phrase(list(obj.subtree))
        if phrase and len(phrase) > 3:
            found.append(phrase)
    return found


def _of_complements(noun: Token) -> list[str]:
    found = []
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                phrase = tail_phrase(list(obj.subtree))
                if phrase:
                    found.append(phrase)
    return found


def find_demands(sent: Span) -> list[str]:
    """What the sentence demands or calls for ('demanded the release of X', 'called for Y')."""
    demands: list[str] = []
    for token in sent:
        for obj in _demanded(token):
            phrase = tail_phrase(list(obj.subtree))
            if phrase and len(phrase) > 3:
                demands.append(phrase)
    return list(dict.fromkeys(demands))


def _demanded(token: Token) -> list[Token]:
    lemma = token.lemma_.lower()
    objects: list[Token] = []
    if lemma in _DEMAND_WORDS:
        objects = [c for c in token.children if c.dep_ in ("dobj", "ccomp", "xcomp")]
        if any(c.dep_ == "xcomp" for c in objects):
            # "urged the government to raise wages": the object is whom it urges
            objects = [c for c in objects if c.dep_ != "dobj"]
    elif lemma == "call":
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "for":
                objects += [c for c in prep.children if c.dep_ == "pobj"]
            if prep.dep_ == "prep" and prep.lower_ == "on":
                objects += [c for c in token.children if c.dep_ == "xcomp"]
    return objects
