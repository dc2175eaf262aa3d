"""Where an English sentence puts its event: named sites, a statement's topic, origins.

The place tracker (``extract.trackers``) asks these questions of the parse; the answers rest
on English prepositions ("outside the embassy", "solidarity with the workers of X", "from").
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from khronika.vocabulary import vocabulary, words

_ENGLISH = vocabulary("english")
_SITE_NOUNS = _ENGLISH.words("site_nouns") | words("regions", "local_government")
_SITE_PREPS = _ENGLISH.words("site_prepositions")
_SETTLEMENT_NOUNS = _ENGLISH.words("settlement_nouns")
# A proper-noun site also follows these: "in Victory Park", "on Republic Square".
_NAMED_SITE_PREPS = ("in", "on")
_NUMBER_UNITS: dict[str, int] = _ENGLISH.table("number_units")
# What a legal act is about hangs on these ("a case over the protest in X", "an inquiry into").
_CASE_TOPIC_PREPS = ("over", "about", "into", "concerning", "regarding")
# A statement's topic hangs on these prepositions ("condemn the arrests in Y").
_TOPIC_PREPS = ("with", "against", "over", "about", "on", "of", "to", "for")


class EnglishPlaceRules:
    """The place questions of ``extract.trackers.PlaceRules``, answered for English."""

    def site_phrase(self, head: Token, sent: Span) -> tuple[int, int] | None:
        """'outside the Kazakh embassy', 'in front of the court': a named site near the event."""
        return site_phrase(head, sent)

    def topic_tokens(self, head: Token) -> set[int]:
        """What a statement is about ('solidarity with the workers of X')."""
        return topic_tokens(head)

    def speaker_tokens(self, head: Token) -> set[int]:
        """Who speaks ('the US delegation', 'Kazakhstan's foreign ministry'): their country is
        the speaker's, not where the statement was made.
        """
        return speaker_tokens(head)

    def case_topic_tokens(self, head: Token) -> set[int]:
        """What a trial, charge or case is over ('a case over the unrest in X')."""
        return case_topic_tokens(head)

    def places_counted(self, head: Token) -> int:
        """'in both cities', 'in the three towns': how many places named before the phrase means."""
        return places_counted(head)

    def is_origin(self, token: Token) -> bool:
        """A place something came from ('arrived from Almaty') is not where the act was."""
        return governing_prep(token) == "from"


def site_phrase(head: Token, sent: Span) -> tuple[int, int] | None:
    """'outside the Kazakh embassy', 'in front of the court': a named site near the event."""
    preps = [t for t in sent if t.lower_ in _SITE_PREPS and t.dep_ == "prep"]
    subtree = {t.i for t in head.subtree}
    preps.sort(key=lambda p: (p.i not in subtree, abs(p.i - head.i)))
    named = [
        t
        for t in sent
        if t.lower_ in _NAMED_SITE_PREPS
        and t.dep_ == "prep"
        and any(
            c.dep_ == "pobj" and c.pos_ == "PROPN" and c.lemma_.lower() in _SITE_NOUNS
            for c in t.children
        )
    ]
    for prep in preps + named:
        for pobj in (c for c in prep.subtree if c.dep_ == "pobj"):
            if pobj.lemma_.lower() in _SITE_NOUNS:
                tokens = list(prep.subtree)
                start = tokens[0].idx
                last = tokens[-1]
                return start, last.idx + len(last)
    return None


def governing_prep(token: Token) -> str:
    """The preposition a place hangs on, up to three steps up ('from' in 'from the city of X')."""
    current = token
    for _ in range(5):
        if current.dep_ == "pobj":
            prep = current.head
            # "from the city of X": the "of" only names the city; the preposition is above it.
            if prep.lower_ != "of" or prep.head.lemma_.lower() not in _SETTLEMENT_NOUNS:
                return prep.lower_
        if current.head is current:
            break
        current = current.head
    return ""


def topic_tokens(head: Token) -> set[int]:
    """What a statement is about ('solidarity with the workers of X', 'condemn the arrests in Y')."""
    topic: set[int] = set()
    for child in head.children:
        if child.dep_ in ("dobj", "xcomp", "ccomp") or (
            child.dep_ == "prep" and child.lower_ in _TOPIC_PREPS
        ):
            topic |= {t.i for t in child.subtree}
    return topic


def speaker_tokens(head: Token) -> set[int]:
    """The subject phrase of a statement, less any place it is said to be in ('activists in X')."""
    tokens: set[int] = set()
    verb = head
    # "X were compelled to protest", "X said and urged": the subject is the governing verb's.
    while verb.dep_ in ("xcomp", "conj") and verb.head is not verb and not _has_subject(verb):
        verb = verb.head
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "agent"):
            placed = {
                t.i
                for prep in child.subtree
                if prep.dep_ == "prep" and prep.lower_ in _SITE_PREPS
                for t in prep.subtree
            }
            tokens |= {t.i for t in child.subtree} - placed
    return tokens


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def case_topic_tokens(head: Token) -> set[int]:
    """Tokens under 'over', 'about', 'into' in the trigger's phrase: what the legal act is about."""
    return {
        t.i
        for prep in head.subtree
        if prep.dep_ == "prep" and prep.lower_ in _CASE_TOPIC_PREPS
        for t in prep.subtree
    }


def places_counted(head: Token) -> int:
    """2 for 'detained dozens in both cities', 3 for 'in the three towns', else 0.

    Only a plural settlement noun that a place preposition governs, in the trigger's own phrase.
    """
    for token in head.subtree:
        if token.tag_ != "NNS" or token.lemma_.lower() not in _SETTLEMENT_NOUNS:
            continue
        if token.dep_ != "pobj" or token.head.lower_ not in _SITE_PREPS:
            continue
        for child in token.children:
            if child.lower_ == "both":
                return 2
            if child.dep_ == "nummod" and child.lower_ in _NUMBER_UNITS:
                return int(_NUMBER_UNITS[child.lower_])
    return 0
