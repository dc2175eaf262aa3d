"""Whether a name the gazetteer knows is a place in this text: the support a hit needs.

A capitalised word the gazetteer knows may be a surname ("Marat Ospan ... Ospan said"), part
of a longer personal name ("Aung San Suu Kyi"), a modifier ("Kenya-style protests") or a
foreign village that shares a movement's spelling. A coder reads a place where the text
supports one: the model's place label, a place preposition ("in", "outside", "the city of"),
the place's size and the document's country. These rules ask for that support.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from khronika.extract.places import Gazetteer, GazetteerEntry, normalise_place_name
from khronika.vocabulary import words

__all__ = [
    "KNOWN_TOWN",
    "WORLD_CITY",
    "has_place_preposition",
    "is_supported",
    "person_name_keys",
    "with_subdivision_word",
]

# Cities this large are known by name the world over: a mention needs no further support.
WORLD_CITY = 1_000_000
# A foreign town of this size that the model labels a place is trusted without a preposition;
# smaller namesakes of a movement or a word need "in", "near", "the town of".
KNOWN_TOWN = 100_000

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_PREPOSITIONS = words("english", "place_prepositions")
_SETTLEMENT_NOUNS = words("english", "settlement_nouns")
_DIRECTIONS = words("english", "direction_words")
# "Minsk region", "the Surkhandarya province": a name and the kind of subdivision it is.
_SUBDIVISION_WORDS = (
    words("english", "subdivision_words") | words("regions", "subdivision_words")
) - {"republic", "state"}


def _climb_coordination(token: Token) -> Token:
    """'in Almaty and Shymkent', 'in Astana, the capital': the first of the coordinated names."""
    for _ in range(6):
        if token.dep_ not in ("conj", "appos") or token.head is token:
            break
        token = token.head
    return token


def has_place_preposition(span: Span) -> bool:
    """Whether a place preposition governs the name: 'in X', 'near X and Y', 'the city of X'."""
    token = _climb_coordination(span.root)
    if token.dep_ == "pobj":
        prep = token.head
        if prep.lower_ in _PREPOSITIONS:
            return True
        if prep.lower_ == "of" and prep.head.lemma_.lower() in _SETTLEMENT_NOUNS:
            return True
    # The parse may hang the name elsewhere: look left past "the" and "northern".
    doc = span.doc
    i = span.start - 1
    while i >= 0 and (doc[i].pos_ == "DET" or doc[i].lower_ in _DIRECTIONS):
        i -= 1
    return i >= 0 and doc[i].lower_ in _PREPOSITIONS and doc[i].pos_ == "ADP"


def with_subdivision_word(span: Span) -> Span | None:
    """'Minsk region' for 'Minsk' followed by a lower-case subdivision word, else None."""
    doc = span.doc
    if (
        span.end < len(doc)
        and doc[span.end].lower_ in _SUBDIVISION_WORDS
        and doc[span.end].is_lower
    ):
        return doc[span.start : span.end + 1]
    return None


def person_name_keys(doc: Doc, gazetteer: Gazetteer) -> frozenset[str]:
    """Normalised words of the full personal names in a text ('Marat Ospan' -> marat, ospan).

    A PERSON entity that reads as a known place under a place preposition ("in Nur Sultan") is
    the model's mistake, not a name, and a larger city the model took for a person ("Nur
    Sultan police") is not one either.
    """
    keys: set[str] = set()
    for ent in doc.ents:
        if ent.label_ != "PERSON" or len(ent) < 2 or has_place_preposition(ent):
            continue
        if _well_known(gazetteer.lookup(ent.text)):
            continue
        keys |= {
            normalise_place_name(t.text)
            for t in ent
            if t.is_alpha and t.is_title and not _country_or_region(gazetteer.lookup(t.text))
        }
    return frozenset(keys)


def _well_known(entry: GazetteerEntry | None) -> bool:
    """A country, a region or a sizeable city: as a whole 'name' it is a place the model misread."""
    return entry is not None and (entry.kind != "city" or entry.population >= KNOWN_TOWN)


def _country_or_region(entry: GazetteerEntry | None) -> bool:
    # "Azerbaijan Letter" in a headline: the country is no one's surname. Towns are ("Kabul").
    return entry is not None and entry.kind != "city"


def _hyphen_modifier(span: Span) -> bool:
    """'Kenya-style protests', 'an Almaty-based group': the name qualifies a word, no place."""
    doc = span.doc
    end = span.end
    return (
        end + 1 < len(doc)
        and not span[-1].whitespace_
        and doc[end].text == "-"
        and doc[end + 1].is_lower
    )


def _inside_longer_name(span: Span) -> bool:
    """'Aung San' of 'Aung San Suu Kyi': the name goes on past the span."""
    root = span.root
    return root.dep_ == "compound" and root.head.pos_ == "PROPN" and root.head not in span


def _is_person_name(span: Span, person_keys: frozenset[str], supported: bool) -> bool:
    keys = {normalise_place_name(t.text) for t in span if t.is_alpha}
    if keys and keys <= person_keys and not (supported and span.label_ in _PLACE_LABELS):
        return True  # a surname or first name the text gives in full elsewhere
    return span.label_ == "PERSON" and not supported and _inside_longer_name(span)


def is_supported(
    span: Span, entry: GazetteerEntry, country: str | None, person_keys: frozenset[str]
) -> bool:
    """Whether the text supports reading ``span`` as ``entry`` (``country``: the document's)."""
    if _hyphen_modifier(span):
        return False
    supported = has_place_preposition(span)
    if _is_person_name(span, person_keys, supported):
        return False
    local = country is not None and entry.country == country
    if span.label_ == "PERSON" and not (supported or local or entry.population >= WORLD_CITY):
        return False  # "Nur Sultan" the model took for a person is a capital; a village is not
    if entry.kind == "country" or country is None or local:
        return True
    if entry.population >= WORLD_CITY:
        return True
    if span.label_ not in _PLACE_LABELS:
        return False  # a capitalised word the model saw no place in ("Oyan") is no foreign town
    return entry.kind != "city" or supported or entry.population >= KNOWN_TOWN
