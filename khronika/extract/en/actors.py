"""Who took part, in English: naming an argument token as an actor and its ``kind``.

Kinds come from three sources, in order: the entity label and its words ("Interior Ministry" is
government), the noun's own lemma ("police", "protesters"), and words around it ("President X"
is an official). A first name or surname later in a text is linked to the full name.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from khronika.extract.people import ActorMention, PersonIndex, link_person
from khronika.vocabulary import vocabulary, words

__all__ = [
    "NOUN_KINDS",
    "ActorMention",
    "PersonIndex",
    "actor_for",
    "link_person",
    "noun_phrase",
    "org_kind",
    "person_index",
    "quantity_head",
    "signatories",
]

_ENGLISH = vocabulary("english")


def _region(key: str) -> frozenset[str]:
    return words("regions", key)


# Region words joined to the English ones, by the kind of actor they name.
_REGIONAL_NOUNS = {
    "police": _region("riot_police"),
    "security_service": _region("security_services") | _region("security_services_other"),
    "government": _region("local_government") | _region("state_seats"),
}
_REGIONAL_ORG_WORDS = {
    **_REGIONAL_NOUNS,
    "security_service": _region("security_services"),
    "media": _region("media"),
    "movement": _region("movement_words"),
}


def _noun_kinds() -> dict[str, str]:
    kinds: dict[str, str] = {}
    for kind, nouns in _ENGLISH.table("actor_nouns").items():
        kinds.update(dict.fromkeys(nouns, kind))
    for kind, nouns in _REGIONAL_NOUNS.items():
        kinds.update(dict.fromkeys(sorted(nouns), kind))
    return kinds


# Common nouns that name actors, by kind. Plural and singular lemmas both appear as lemmas.
NOUN_KINDS: dict[str, str] = _noun_kinds()

# Words inside an organisation's name that give its kind; checked in the file's order.
_ORG_WORDS: tuple[tuple[str, frozenset[str]], ...] = tuple(
    (kind, frozenset(keys) | _REGIONAL_ORG_WORDS.get(kind, frozenset()))
    for kind, keys in _ENGLISH.table("organisation_words").items()
)
_NGO_NAMES = re.compile(
    r"committee to protect|human rights watch|amnesty|helsinki|rights (center|centre|group)", re.I
)
# "International" names that contain a government word but are not governments.
_INTERNATIONAL_OVERRIDES = _ENGLISH.words("international_overrides")

_TITLES_OFFICIAL = _ENGLISH.words("official_titles")
_FORMER = frozenset({"former", "ex"})
_HONORIFICS = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Mx)\.?\s+")
_DETERMINERS = _ENGLISH.words("determiners")
_QUANTITY_LEMMAS = _ENGLISH.words("quantity_lemmas")
_NAME_PARTICLES = _ENGLISH.words("name_particles")


def org_kind(name: str, next_word: str = "") -> str:
    """Kind of an organisation from the words of its name (and a following 'movement')."""
    words = set(re.findall(r"[a-z/']+", f"{name} {next_word}".lower()))
    if name.lower().removeprefix("the ") in _INTERNATIONAL_OVERRIDES:
        return "international_body"
    if _NGO_NAMES.search(name):
        return "ngo"
    for kind, keys in _ORG_WORDS:
        if words & keys:
            return kind
    return "other"


def _entity_of(token: Token) -> Span | None:
    """The entity a token belongs to, found from its IOB tag rather than a scan of doc.ents."""
    if not token.ent_type_:
        return None
    doc = token.doc
    start = token.i
    while start > 0 and token.ent_iob_ != "B" and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=token.ent_type_)


def _has_official_title(span: Span) -> bool:
    doc = span.doc
    left = doc[max(0, span.start - 4) : span.start]
    apposition = [t for t in span.root.children if t.dep_ == "appos"]
    words = {t.lower_ for t in left} | {w.lower_ for a in apposition for w in a.subtree}
    if words & _FORMER:
        return False  # "former deputy minister X" holds no office now
    return bool(words & _TITLES_OFFICIAL)


def _clean(text: str) -> str:
    text = _HONORIFICS.sub("", text.strip(" ,.;:“”\"‘’'()"))
    words = text.split()
    while words and words[0].lower() in _DETERMINERS:
        words.pop(0)
    name = " ".join(words)
    return re.sub(r"[’']s$", "", name).strip()


def noun_phrase(token: Token) -> str:
    """A short name for a common-noun actor: its compounds and adjectives, then the noun."""
    left = [
        t
        for t in token.lefts
        if t.dep_ in ("compound", "amod", "nmod")
        and not t.like_num
        and t.lower_ not in _DETERMINERS
    ]
    # a compound's own compounds too: "Law enforcement officers"
    start = min([t.left_edge.i if t.dep_ == "compound" else t.i for t in left] + [token.i])
    words = [t.text for t in token.doc[start : token.i + 1] if t.dep_ != "punct"]
    phrase = " ".join(words)
    of = [c for c in token.rights if c.dep_ == "prep" and c.lower_ == "of"]
    if of:
        obj = [c for c in of[0].children if c.dep_ == "pobj"]
        if obj and obj[0].pos_ in ("NOUN", "PROPN") and len(list(obj[0].subtree)) <= 4:
            phrase += " of " + " ".join(t.text for t in obj[0].subtree)
    return _clean(phrase)


def quantity_head(token: Token) -> Token:
    """'Dozens of people', 'some 50 of them': the noun behind a quantity, else the token."""
    if token.like_num or token.lemma_.lower() in _QUANTITY_LEMMAS:
        for prep in token.rights:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                objs = [c for c in prep.children if c.dep_ == "pobj"]
                if objs:
                    return objs[0]
    return token


def _named_apposition(token: Token) -> Token | None:
    """'The leader of the campaign, Ana Lima, was hurt': the name beside a description."""
    for child in token.children:
        if child.dep_ == "appos" and child.ent_type_ == "PERSON":
            return child
    return None


def actor_for(token: Token) -> ActorMention | None:
    """The actor named by an argument token, or None when it is no actor (a pronoun, a thing)."""
    token = quantity_head(token)
    if token.pos_ == "PRON":
        return None
    named = _named_apposition(token) if not token.ent_type_ else None
    if named is not None:
        token = named
    ent = _entity_of(token)
    if ent is not None and ent.label_ in ("PERSON", "ORG", "GPE", "NORP", "FAC"):
        return _actor_from_entity(ent, token)
    lemma = token.lemma_.lower()
    kind = NOUN_KINDS.get(lemma) or NOUN_KINDS.get(token.lower_)
    if kind is None:
        return None
    name = noun_phrase(token)
    kind = _refine_common_kind(kind, name)
    return ActorMention(name=name or token.text, kind=kind, token=token.i)


def _refine_common_kind(kind: str, name: str) -> str:
    low = name.lower()
    if kind == "military" and re.search(r"\b(russian|foreign|csto|peacekeep\w*)\b", low):
        return "foreign_military"
    if "security forces" in low or "law enforcement" in low or "police forces" in low:
        return "police"
    if kind == "military" and re.search(r"\b(opposition|political|democratic)\b", low):
        return "movement"  # "opposition forces" are parties and movements, not troops
    return kind


def _actor_from_entity(ent: Span, token: Token) -> ActorMention | None:
    name = _clean(ent.text)
    if not name:
        return None
    if ent.label_ == "PERSON":
        kind = "official" if _has_official_title(ent) else "person"
    elif ent.label_ == "GPE":
        # A country or capital acting ("Astana shrugged the criticism off") is its government.
        kind = "government"
    elif ent.label_ == "NORP":
        return None
    else:
        following = ent.doc[ent.end].lemma_ if ent.end < len(ent.doc) else ""
        kind = org_kind(name, following)
        if kind == "other" and _looks_like_person(ent):
            kind = "person"  # the model reads some Central Asian names as organisations
    return ActorMention(name=name, kind=kind, token=token.i)


def _looks_like_person(ent: Span) -> bool:
    words = [t for t in ent if not t.is_punct]
    return 2 <= len(words) <= 3 and all(t.is_title and t.is_alpha for t in words)


def person_index(doc: Doc) -> PersonIndex:
    """The document's full person names, cleaned of English titles and articles."""
    return PersonIndex.of(doc, clean=_clean)


_SIGN_OFF = re.compile(
    r"^\s*(yours (sincerely|faithfully|truly)|sincerely|signed|signatories)\b", re.I | re.M
)
_SIGNATURE = re.compile(
    r"^\s*(?P<surname>[A-ZÀ-ÞĀ-Ž][A-ZÀ-ÞĀ-Ž'’\-]+(?:\s+[A-ZÀ-ÞĀ-Ž][A-ZÀ-ÞĀ-Ž'’\-]+)*)\s+"
    r"(?P<given>[A-ZÀ-Þ][a-zß-ÿ'’\-]+(?:\s+[A-ZÀ-Þ][a-zß-ÿ'’\-]+)*)"
    r"(?:\s+(?P<title>MEP|MP|MSP|TD|Senator))?\s*$"
)
_NAME_LINE = re.compile(
    r"^\s*(?P<name>[A-ZÀ-Þ][a-zß-ÿ'’\-]+(?:\s+[A-ZÀ-Þ][A-Za-zß-ÿ'’\-]+){1,3})"
    r"(?:,?\s+(?P<title>MEP|MP|MSP|TD|Senator))?\s*$"
)


def signatories(text: str) -> list[tuple[str, int, int]]:
    """Names under a letter's sign-off ("Yours sincerely,"): (name, start, end) of each line.

    Open letters list their signers as "SURNAME Given MEP" or "Given Surname"; names are
    returned as "Given Surname" with the offsets of the line they came from.
    """
    found = _SIGN_OFF.search(text)
    if not found:
        return []
    names = []
    offset = found.end()
    for line in text[found.end() :].splitlines(keepends=True):
        stripped = line.strip()
        start = offset + line.find(stripped) if stripped else offset
        offset += len(line)
        if not stripped:
            continue
        caps = _SIGNATURE.match(stripped)
        plain = _NAME_LINE.match(stripped)
        if caps:
            surname = " ".join(_title_case(w) for w in caps["surname"].split())
            names.append((f"{caps['given']} {surname}", start, start + len(stripped)))
        elif plain:
            name = re.sub(r"\s+(MEP|MP|MSP|TD|Senator)$", "", plain["name"])
            names.append((name, start, start + len(stripped)))
        elif len(names) > 0:
            break
    return names


def _title_case(word: str) -> str:
    """MURPHY -> Murphy, KILL-NIELSEN -> Kill-Nielsen, DE -> de (a particle)."""
    if word.lower() in _NAME_PARTICLES:
        return word.lower()
    return "-".join(part.capitalize() for part in word.split("-"))
