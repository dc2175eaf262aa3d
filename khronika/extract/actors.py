"""Who took part: naming an argument token as an actor, its ``kind``, and linking short names.

Kinds come from three sources, in order: the entity label and its words ("Interior Ministry" is
government), the noun's own lemma ("police", "protesters"), and words around it ("President X"
is an official). A first name or surname later in a text is linked to the full name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

# Common nouns that name actors, by kind. Plural and singular lemmas both appear as lemmas.
NOUN_KINDS: dict[str, str] = {
    **dict.fromkeys(
        "police policeman policemen officer officers omon gendarmerie militia riot-police "
        "law-enforcement cop cops".split(),
        "police",
    ),
    **dict.fromkeys("knb fsb kgb nsc sgb gknb".split(), "security_service"),
    **dict.fromkeys(
        "troops troop soldier army military unit units paratrooper".split(), "military"
    ),
    **dict.fromkeys(
        "authority authorities government prosecutor prosecutors ministry regime "
        "administration akimat investigator investigators parliament embassy embassies "
        "delegation state kremlin mayor's".split(),
        "government",
    ),
    **dict.fromkeys("court judge tribunal".split(), "court"),
    **dict.fromkeys(
        "protester protesters demonstrator demonstrators activist activists supporter "
        "supporters participant participants crowd oppositionist oppositionists picketer "
        "rally-goer marcher".split(),
        "protesters",
    ),
    **dict.fromkeys("worker workers miner miners employee employees".split(), "workers"),
    **dict.fromkeys(
        "journalist journalists reporter reporters cameraman cameramen photographer blogger "
        "outlet outlets media broadcaster newspaper editor".split(),
        "media",
    ),
    **dict.fromkeys(
        "resident residents citizen citizens civilian civilians people passer-by passers-by "
        "villager villagers local locals person individual individuals community relative "
        "relatives student students member members opposition leader leaders".split(),
        "civilians",
    ),
    **dict.fromkeys("defender defenders watchdog watchdogs ngo ngos".split(), "ngo"),
    **dict.fromkeys(
        "official officials president governor minister mp mps deputy".split(), "official"
    ),
    "lawyer": "person",
    "lawmaker": "official",
    "lawmakers": "official",
}

# Words inside an organisation's name that give its kind; checked in this order.
_ORG_WORDS: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "international_body",
        frozenset(
            "european union eu un united nations osce csto nato cis council europe parliamentary "
            "assembly commission unesco unicef".split()
        ),
    ),
    ("security_service", frozenset("knb fsb kgb security service intelligence".split())),
    ("police", frozenset("police militia omon".split())),
    ("court", frozenset("court tribunal".split())),
    (
        "government",
        frozenset(
            "ministry government prosecutor prosecutor's office administration akimat "
            "committee investigative parliament embassy delegation interior kremlin mayor's "
            "authorities".split()
        ),
    ),
    ("union", frozenset("union unions".split())),
    ("party", frozenset("party".split())),
    (
        "media",
        frozenset(
            "tv radio news media press agency service newspaper times post journal channel "
            "broadcaster gazette rfe/rl azattyq".split()
        ),
    ),
    (
        "ngo",
        frozenset(
            "human rights watch amnesty center centre foundation bureau cpj ngo institute "
            "helsinki memorial".split()
        ),
    ),
    ("movement", frozenset("movement campaign front choice resistance coalition bloc".split())),
)
# Well-known NGO name patterns that contain a government word ("Committee").
_NGO_NAMES = re.compile(
    r"committee to protect|human rights watch|amnesty|helsinki|rights (center|centre|group)", re.I
)
# "International" names that contain a government word but are not governments.
_INTERNATIONAL_OVERRIDES = frozenset({"european parliament", "council of europe"})

_TITLES_OFFICIAL = frozenset(
    "president minister governor judge mp mep ombudsman defender mayor speaker premier "
    "chancellor prosecutor-general representative ambassador king prime lawmaker senator "
    "deputy chairman head".split()
)
_HONORIFICS = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Mx)\.?\s+")
_DETERMINERS = frozenset(
    "the a an some several many other these those this that his her their its".split()
)
_QUANTITY_LEMMAS = frozenset(
    "dozen dozens hundred hundreds thousand thousands score scores".split()
)


@dataclass(frozen=True)
class ActorMention:
    name: str
    kind: str
    token: int  # head token index, for ordering and counts


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
    start = min([t.i for t in left] + [token.i])
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
    if "security forces" in low or "law enforcement" in low:
        return "police"
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


@dataclass
class PersonIndex:
    """Full names seen in a document, so 'Ainur' or 'Kurmanov' can be read as 'Ainur Kurmanov'."""

    by_part: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, doc: Doc) -> PersonIndex:
        index = cls()
        for ent in doc.ents:
            if ent.label_ == "PERSON" and len(ent) >= 2:
                full = _clean(ent.text)
                for part in full.split():
                    index.by_part.setdefault(_name_key(part), full)
        return index

    def full_name(self, name: str) -> str | None:
        parts = name.split()
        if len(parts) != 1:
            return None
        return self.by_part.get(_name_key(parts[0]))


def _name_key(part: str) -> str:
    return re.sub(r"[’']s$", "", part).lower()


def link_person(actor: ActorMention, people: PersonIndex) -> ActorMention:
    """A lone given name or surname (even one the model called an ORG) becomes the full name."""
    full = people.full_name(actor.name)
    if full and actor.kind in ("person", "other", "official", "movement"):
        kind = actor.kind if actor.kind == "official" else "person"
        return ActorMention(name=full, kind=kind, token=actor.token)
    return actor


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
    if word.lower() in ("de", "van", "von", "der", "da", "di", "le", "la"):
        return word.lower()
    return "-".join(part.capitalize() for part in word.split("-"))
