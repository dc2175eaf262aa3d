"""English extraction: a parsed spaCy Doc and its Document in, evidence-linked Events out.

For each trigger the nlp stage found: check the rule's constraint, drop negated, hypothetical
and slogan mentions, read the arguments, then give the event its date, place, counts, charges
and demands from its sentence (or, failing that, from what the text said just before). Mentions
of one happening are merged (``candidates``); each field stays traceable to its sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from khronika.extract.actors import PersonIndex, actor_for, link_person, signatories
from khronika.extract.arguments import (
    arguments_of,
    in_quotes_or_slogan,
    is_negated,
    mentions_firearms,
    satisfies,
    status_of,
    subtype_of,
)
from khronika.extract.candidates import Candidate, merge_candidates
from khronika.extract.context import DocumentContext, PlaceMention, build_context
from khronika.extract.dates import resolve_date
from khronika.extract.places import Gazetteer
from khronika.extract.quantities import Quantity, find_quantities
from khronika.model import Actor, Count, Document, Event, Evidence, PartialDate, Place
from khronika.nlp.components import sentence_of
from khronika.nlp.lexicon import Lexicon, TriggerRule
from khronika.settings import Settings

_AGENT_ROLE = {
    "protest": "participant",
    "riot": "participant",
    "clash": "participant",
    "statement": "speaker",
    "deployment": "perpetrator",
}
_PATIENT_ROLE = {"protest": "other", "clash": "participant", "deployment": "perpetrator"}
_ORGANISING = frozenset("organise organize call lead stage spearhead initiate".split())
_SITE_NOUNS = frozenset(
    "embassy square building court courthouse parliament ministry headquarters stadium akimat "
    "office administration hall palace station consulate monument park prison centre center "
    "street avenue road".split()
)
_SITE_PREPS = frozenset("outside at near in front opposite inside by before".split())
_COUNT_KEYS: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "hospitalised",
        frozenset("hospitalise hospitalize hospitalised hospitalized hospital".split()),
    ),
    ("killed", frozenset("kill die dead death killing murder toll".split())),
    ("detained", frozenset("detain arrest detention custody round hold detainee".split())),
    ("injured", frozenset("injure wound hurt affect injury casualty wounded injured".split())),
    (
        "participants",
        frozenset(
            "gather rally protest join participate march demonstrate attend turn picket come".split()
        ),
    ),
)
_KEY_TYPES = {
    "detained": ("detention",),
    "killed": ("killing", "statement"),
    "injured": ("assault", "riot", "clash", "statement"),
    "hospitalised": ("assault", "riot", "clash", "killing"),
    "participants": ("protest",),
}
_REPORTING = frozenset("say report confirm claim tell state announce add estimate".split())
_MAX_PHRASE_WORDS = 14


@dataclass(frozen=True)
class ExtractorInfo:
    name: str = "en-rules"
    language: str = "en"


def _sentence_evidence(document: Document, sent: Span) -> Evidence:
    text = document.text
    start, end = sent.start_char, sent.end_char
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Evidence.from_text(document.name, text, start, end)


def _summary(evidence: Evidence) -> str:
    text = " ".join(evidence.text.split())
    if len(text) <= 240:
        return text
    return text[:237].rsplit(" ", 1)[0] + "…"


# --- actors ------------------------------------------------------------------------------------


def _role_for(type_: str, head: Token, is_agent: bool) -> str:
    if is_agent:
        if type_ == "protest" and (
            head.lemma_.lower() in _ORGANISING or head.head.lemma_.lower() in _ORGANISING
        ):
            return "organiser"
        return _AGENT_ROLE.get(type_, "perpetrator")
    return _PATIENT_ROLE.get(type_, "target")


def _arguments(head: Token) -> tuple[tuple[Token, ...], tuple[Token, ...]]:
    if head.lower_ == "according":
        # "According to the Interior Ministry, ...": the source is the speaker.
        sources = [c for t in head.children for c in t.children if c.dep_ == "pobj"]
        return tuple(sources), ()
    args = arguments_of(head)
    return args.agents, args.patients


def _actors(
    type_: str, head: Token, people: PersonIndex, datelines: Sequence[tuple[int, int]] = ()
) -> list[Actor]:
    agents, patients = _arguments(head)
    found: list[Actor] = []
    for tokens, is_agent in ((agents, True), (patients, False)):
        for token in tokens:
            if any(s <= token.idx < e for s, e in datelines):
                continue  # "MINSK, Belarus --" files the report; it does nothing
            mention = actor_for(token)
            if mention is None:
                continue
            if token.ent_type_ == "GPE" and type_ != "statement":
                continue  # a country "detains" only in headlines; its organs are named elsewhere
            mention = link_person(mention, people)
            role = _role_for(type_, head, is_agent)
            if role == "other" and mention.kind not in (
                "person",
                "movement",
                "party",
                "union",
                "ngo",
            ):
                continue
            found.append(Actor(name=mention.name, kind=mention.kind, role=role))
    return _dedupe(found)


def _dedupe(actors: list[Actor]) -> list[Actor]:
    seen: dict[tuple[str, str], Actor] = {}
    for actor in actors:
        seen.setdefault((actor.name.lower(), actor.role), actor)
    return list(seen.values())


# --- dates -------------------------------------------------------------------------------------


def _char_distance(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    if a_end <= b_start:
        return b_start - a_end
    if b_end <= a_start:
        return a_start - b_end
    return 0


class DateTracker:
    """Resolves each event's date; remembers the last resolved date as the anchor for 'that day'."""

    def __init__(self, ctx: DocumentContext) -> None:
        self.ctx = ctx
        self.anchor: PartialDate | None = None
        self.last_by_paragraph: dict[int, PartialDate] = {}
        self.cache: dict[int, PartialDate] = {}

    def _resolve(self, start: int, text: str) -> PartialDate:
        if start not in self.cache:
            self.cache[start] = resolve_date(text, published=self.ctx.published, anchor=self.anchor)
        return self.cache[start]

    def advance_to(self, char: int) -> None:
        """Resolve every date phrase before ``char`` in order, so anchors follow the narrative."""
        for mention in self.ctx.dates:
            if mention.start >= char:
                break
            if mention.start in self.cache:
                continue
            resolved = self._resolve(mention.start, mention.text)
            if resolved.precision != "unknown" and self._usable(resolved):
                self.anchor = resolved
                self.last_by_paragraph[self.ctx.paragraph_of(mention.start)] = resolved

    def _usable(self, resolved: PartialDate) -> bool:
        """A phrase dated after publication ('talks suspended until 2028') dates no event of it."""
        published = self.ctx.published
        return not (published and resolved.start and resolved.start > published)

    def for_trigger(self, head: Token) -> tuple[PartialDate, bool]:
        sent = sentence_of(head)
        self.advance_to(sent.start_char)
        mentions = [
            m for m in self.ctx.dates_in(sent) if self._usable(self._resolve(m.start, m.text))
        ]
        if mentions:
            best = min(
                mentions,
                key=lambda m: (
                    _tree_distance(head, m.start, m.end),
                    _char_distance(m.start, m.end, head.idx, head.idx + len(head)),
                ),
            )
            return self._resolve(best.start, best.text), True
        carried = self.last_by_paragraph.get(self.ctx.paragraph_of(head.idx))
        if carried is not None:
            return PartialDate(carried.start, carried.end, carried.precision, None), False
        return PartialDate(), False


def _tree_distance(head: Token, start: int, end: int) -> int:
    """Steps from a phrase up the dependency tree to the trigger; far when not below it."""
    span = head.doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return 99
    token = span.root
    for steps in range(12):
        if token.i == head.i:
            return steps
        if token.head is token:
            break
        token = token.head
    return 50


# --- places ------------------------------------------------------------------------------------


def _site_phrase(head: Token, sent: Span) -> tuple[int, int] | None:
    """'outside the Kazakh embassy', 'in front of the court': a named site near the event."""
    preps = [t for t in sent if t.lower_ in _SITE_PREPS and t.dep_ == "prep"]
    subtree = {t.i for t in head.subtree}
    preps.sort(key=lambda p: (p.i not in subtree, abs(p.i - head.i)))
    named = [
        t
        for t in sent
        if t.lower_ == "in"
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


def _governing_prep(token: Token) -> str:
    current = token
    for _ in range(3):
        if current.dep_ == "pobj":
            return current.head.lower_
        if current.head is current:
            break
        current = current.head
    return ""


def _best_place(mentions: list[PlaceMention], head: Token) -> PlaceMention:
    """The place the act happened in: below the trigger, most specific, not an origin ('from')."""
    doc = head.doc
    subtree = {t.i for t in head.subtree}
    rank = {"city": 0, "region": 1, "country": 2}

    def key(m: PlaceMention) -> tuple[int, int, int, int]:
        origin = _governing_prep(doc[m.token]) == "from"
        return (origin, m.token not in subtree, rank.get(m.entry.kind, 3), abs(m.token - head.i))

    return min(mentions, key=key)


def _topic_tokens(head: Token) -> set[int]:
    """What a statement is about ('solidarity with the workers of X', 'condemn the arrests in Y')."""
    topic: set[int] = set()
    for child in head.children:
        if child.dep_ in ("dobj", "xcomp", "ccomp") or (
            child.dep_ == "prep"
            and child.lower_ in ("with", "against", "over", "about", "on", "of", "to", "for")
        ):
            topic |= {t.i for t in child.subtree}
    return topic


class PlaceTracker:
    def __init__(self, ctx: DocumentContext, gazetteer: Gazetteer) -> None:
        self.ctx = ctx
        self.gazetteer = gazetteer
        self.last_city_by_paragraph: dict[int, PlaceMention] = {}

    def remember(self, sent: Span) -> None:
        for mention in self.ctx.places_in(sent):
            if mention.entry.kind in ("city", "region"):
                self.last_city_by_paragraph[self.ctx.paragraph_of(mention.start)] = mention

    def for_trigger(self, head: Token, type_: str, actors: list[Actor]) -> tuple[Place, bool]:
        sent = sentence_of(head)
        mentions = self.ctx.places_in(sent)
        if type_ == "statement":
            topic = _topic_tokens(head)
            mentions = [m for m in mentions if m.token not in topic]
        site = _site_phrase(head, sent)
        if mentions:
            best = _best_place(mentions, head)
            place = self.gazetteer.to_place(best.entry, text=best.text)
            if best.entry.kind == "city" and site:
                place = _as_site(place, self.ctx.text, site)
            return place, True
        carried = (
            self.last_city_by_paragraph.get(self.ctx.paragraph_of(head.idx)) or self.ctx.sole_city
        )
        if type_ == "statement":
            return self._statement_place(actors), False
        if carried is not None:
            place = self.gazetteer.to_place(carried.entry, text=None)
            if site:
                return _as_site(place, self.ctx.text, site), True
            return place, False
        return self._country_place(), False

    def _country_place(self) -> Place:
        if self.ctx.main_country:
            return Place(country=self.ctx.main_country, precision="country")
        return Place()

    def _statement_place(self, actors: list[Actor]) -> Place:
        """A statement is placed at the country only when the authorities of that country speak."""
        domestic = {"government", "police", "official", "court", "security_service"}
        speakers = [a for a in actors if a.role in ("speaker", "signatory")]
        if speakers and all(a.kind in domestic for a in speakers):
            return self._country_place()
        return Place()


def _as_site(place: Place, text: str, site: tuple[int, int]) -> Place:
    return Place(
        name=place.name,
        country=place.country,
        admin1=place.admin1,
        lat=place.lat,
        lon=place.lon,
        precision="site",
        text=text[site[0] : site[1]],
    )


# --- counts, charges, demands ------------------------------------------------------------------


def _governing_words(token: Token) -> set[str]:
    words = {token.lemma_.lower()}
    current = token
    for _ in range(4):
        words |= {c.lemma_.lower() for c in current.children if c.dep_ in ("amod", "acl", "relcl")}
        if current.head is current:
            break
        current = current.head
        words.add(current.lemma_.lower())
    return words


def count_key(token: Token) -> str | None:
    words = _governing_words(token)
    for key, lemmas in _COUNT_KEYS:
        if words & lemmas:
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
    words = [t.text for t in token.subtree]
    text = " ".join(words)
    text = re.sub(r"\s+([,.’'])", r"\1", text)
    text = re.sub(r"^(the|a|an)\s+", "", text, flags=re.I)
    return " ".join(text.split()[:_MAX_PHRASE_WORDS]).strip(" ,.")


def _tail_phrase(tokens: list[Token]) -> str | None:
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
    words = text.split()
    return " ".join(words[:_MAX_PHRASE_WORDS]) if words else None


# "Charged with X", "on charges of X", "arrested for X": which prepositions introduce the charge.
_CHARGE_PREPS = {
    "charge": ("with", "of", "for", "on", "under"),
    "accuse": ("of",),
    "guilty": ("of",),
    "suspicion": ("of",),
}
_CHARGE_HEADS = frozenset(
    "charge accuse convict guilty sentence arrest detain indict prosecute case suspicion jail term".split()
)


def find_charges(sent: Span) -> list[str]:
    charges: list[str] = []
    for token in sent:
        if token.lemma_.lower() not in _CHARGE_HEADS:
            continue
        for prep in token.children:
            allowed = _CHARGE_PREPS.get(token.lemma_.lower(), ("for", "on", "under"))
            if prep.dep_ != "prep" or prep.lower_ not in allowed:
                continue
            for obj in prep.children:
                if obj.dep_ not in ("pobj", "pcomp"):
                    continue
                if obj.lemma_.lower() in ("charge", "charges", "suspicion"):
                    charges.extend(_of_complements(obj))
                    continue
                if obj.pos_ == "NUM" or obj.ent_type_ in ("DATE", "TIME", "CARDINAL"):
                    continue
                phrase = _tail_phrase(list(obj.subtree))
                if phrase and len(phrase) > 3:
                    charges.append(phrase)
    return list(dict.fromkeys(charges))


def _of_complements(noun: Token) -> list[str]:
    found = []
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                phrase = _tail_phrase(list(obj.subtree))
                if phrase:
                    found.append(phrase)
    return found


_DEMAND_WORDS = frozenset("demand urge".split())


def find_demands(sent: Span) -> list[str]:
    demands: list[str] = []
    for token in sent:
        lemma = token.lemma_.lower()
        objects: list[Token] = []
        if lemma in _DEMAND_WORDS:
            objects = [c for c in token.children if c.dep_ in ("dobj", "ccomp", "xcomp")]
        elif lemma == "call":
            for prep in token.children:
                if prep.dep_ == "prep" and prep.lower_ == "for":
                    objects += [c for c in prep.children if c.dep_ == "pobj"]
                if prep.dep_ == "prep" and prep.lower_ == "on":
                    objects += [c for c in token.children if c.dep_ == "xcomp"]
        for obj in objects:
            phrase = _tail_phrase(list(obj.subtree))
            if phrase and len(phrase) > 3:
                demands.append(phrase)
    return list(dict.fromkeys(demands))


# --- the extractor -----------------------------------------------------------------------------


_INSTITUTIONAL = frozenset({"government", "international_body", "ngo", "official"})


def _retype(
    rule: TriggerRule, head: Token, actors: list[Actor], subtype: str | None
) -> tuple[str, str | None]:
    """Corrections the trigger word alone cannot make."""
    if rule.type == "clash" and not mentions_firearms(head):
        # the project's convention: fighting without firearms is a killing or an assault
        deadly = any(
            t.lemma_.lower() in ("deadly", "fatal", "kill", "death") for t in sentence_of(head)
        )
        return ("killing", None) if deadly else ("assault", None)
    if rule.type == "protest" and head.pos_ == "VERB" and head.lemma_.lower() == "protest":
        # "the EU protested over X", "I protest the murder of ...": objecting, not marching
        by_institutions = bool(actors) and all(a.kind in _INSTITUTIONAL for a in actors)
        if by_institutions or any(c.dep_ == "dobj" for c in head.children):
            return "statement", "condemnation"
    return rule.type, subtype


def _confidence(
    rule: TriggerRule,
    actors: list[Actor],
    date_explicit: bool,
    place_explicit: bool,
    head: Token,
    text: str,
) -> float:
    score = rule.weight
    score += 0.05 if actors else -0.05
    score += 0.05 if date_explicit else 0.0
    score += 0.05 if place_explicit else 0.0
    if (
        sentence_of(head).start == 0
        and "\n" in text[sentence_of(head).end_char : sentence_of(head).end_char + 2]
    ):
        score -= 0.05  # a headline states the news in shorthand; the body carries the detail
    return max(0.0, min(0.99, score))


class EnglishExtractor:
    """Rule-based extraction over the spaCy parse; one instance serves many documents."""

    info = ExtractorInfo()

    def __init__(
        self,
        lexicon: Lexicon,
        gazetteer: Gazetteer,
        *,
        min_confidence: float = Settings().min_confidence,
    ) -> None:
        self.lexicon = lexicon
        self.gazetteer = gazetteer
        self.min_confidence = min_confidence

    @property
    def name(self) -> str:
        return f"{self.info.name}/{self.lexicon.version}"

    def events(self, doc: Doc, document: Document) -> list[Event]:
        ctx = build_context(doc, published=document.published, gazetteer=self.gazetteer)
        candidates = self._candidates(doc, document, ctx)
        _attach_counts(candidates, doc, ctx)
        merged = _drop_unanchored_claims(merge_candidates(candidates))
        return [c.to_event() for c in merged if c.confidence >= self.min_confidence]

    def _candidates(self, doc: Doc, document: Document, ctx: DocumentContext) -> list[Candidate]:
        people = PersonIndex.of(doc)
        dates = DateTracker(ctx)
        places = PlaceTracker(ctx, self.gazetteer)
        signers = signatories(document.text)
        out: list[Candidate] = []
        for trigger in doc._.triggers:
            rule = self.lexicon.triggers[trigger.rule]
            head = doc[trigger.head]
            candidate = self._candidate(rule, head, document, people, dates, places, ctx, signers)
            places.remember(sentence_of(head))
            if candidate is not None:
                out.extend(self._per_city(candidate, head, ctx))
        return out

    def _per_city(self, candidate: Candidate, head: Token, ctx: DocumentContext) -> list[Candidate]:
        """'In Almaty and Nur-Sultan, police detained ...': the same act in two cities is two events."""
        if not candidate.place_explicit or candidate.place.precision not in ("city", "site"):
            return [candidate]
        cities = [m for m in ctx.places_in(sentence_of(head)) if m.entry.kind == "city"]
        chosen = next((m for m in cities if m.entry.name == candidate.place.name), None)
        if chosen is None:
            return [candidate]
        token = head.doc[chosen.token]
        linked = {c.i for c in token.conjuncts} | (
            {token.head.i} if token.dep_ == "appos" else set()
        )
        others = [m for m in cities if m.token in linked and m.entry.name != chosen.entry.name]
        copies = [candidate]
        for other in others:
            place = self.gazetteer.to_place(other.entry, text=other.text)
            copies.append(
                replace(
                    candidate,
                    place=place,
                    evidence=list(candidate.evidence),
                    actors=list(candidate.actors),
                    counts=dict(candidate.counts),
                )
            )
        return copies

    def _candidate(
        self,
        rule: TriggerRule,
        head: Token,
        document: Document,
        people: PersonIndex,
        dates: DateTracker,
        places: PlaceTracker,
        ctx: DocumentContext,
        signers: list[tuple[str, int, int]],
    ) -> Candidate | None:
        if not satisfies(rule, head) or is_negated(head):
            return None
        if rule.type != "statement" and in_quotes_or_slogan(head):
            return None
        if any(s <= head.idx < e for s, e in ctx.datelines):
            return None
        if head.dep_ == "amod" and head.pos_ in ("VERB", "ADJ"):
            return None  # "the jailed journalist", "this threatened crackdown": a state, no new act
        if _in_background(head):
            return None  # "against the background of more harassment": no act of its own
        if rule.type == "protest" and _object_of_sanction(head):
            return None  # "a ban on demonstrations", "arrested for protesting": not a protest held
        actors = _actors(rule.type, head, people, ctx.datelines)
        type_, subtype = _retype(rule, head, actors, subtype_of(rule, head, self.lexicon))
        if type_ != rule.type:
            actors = _actors(type_, head, people, ctx.datelines)
        evidence = [_sentence_evidence(document, sentence_of(head))]
        if type_ == "statement" and signers and _first_person_speaker(head):
            actors = [Actor(name=n, kind="person", role="signatory") for n, _, _ in signers] + [
                a for a in actors if a.role != "speaker"
            ]
            evidence += [
                Evidence.from_text(document.name, document.text, s, e) for _, s, e in signers
            ]
        if type_ == "statement" and not any(a.role in ("speaker", "signatory") for a in actors):
            return None  # a statement is somebody's; without a speaker it is a passing phrase
        date, date_explicit = dates.for_trigger(head)
        place, place_explicit = places.for_trigger(head, type_, actors)
        if _generic_plural(head) and not (actors or date_explicit or place_explicit):
            return None  # "a lenient attitude toward peaceful rallies": rallies in general
        sent = sentence_of(head)
        return Candidate(
            type=type_,
            subtype=subtype,
            status=status_of(head),
            evidence=evidence,
            date=date,
            date_explicit=date_explicit,
            place=place,
            place_explicit=place_explicit,
            actors=actors,
            charges=find_charges(sent)
            if type_ in ("legal_action", "detention", "restriction")
            else [],
            demands=find_demands(sent) if type_ in ("protest", "statement") else [],
            summary=_summary(evidence[0]),
            confidence=_confidence(rule, actors, date_explicit, place_explicit, head, ctx.text)
            - (0.25 if type_ != "statement" and _condemned_object(head) else 0.0),
            referential=head.pos_ == "NOUN"
            and any(c.lower_ in ("the", "these", "those", "this") for c in head.children),
            paragraph=ctx.paragraph_of(head.idx),
            sentence_start=sent.start_char,
            about_conflict=bool({t.lemma_.lower() for t in sent} & _CONFLICT_WORDS),
        )


_CONFLICT_WORDS = frozenset(
    "protest protester rally demonstration demonstrator detain detention arrest terrorist terrorism "
    "extremist extremism riot unrest kill dead death victim prisoner opposition activist violence "
    "clash illegal gathering provocation provocateur agent crime criminal stable order security "
    "situation crowd disorder".split()
)


def _drop_unanchored_claims(candidates: list[Candidate]) -> list[Candidate]:
    """An official claim is reported speech about the events; a ministry's grain forecast is not.

    Kept only where the document reports some other event and the claim speaks of conflict.
    """
    if not any(c.type != "statement" for c in candidates):
        return [c for c in candidates if c.subtype != "official_claim"]
    return [c for c in candidates if c.subtype != "official_claim" or c.about_conflict]


def _generic_plural(head: Token) -> bool:
    return head.tag_ == "NNS" and not any(
        c.dep_ in ("det", "poss", "nummod") for c in head.children
    )


def _in_background(head: Token) -> bool:
    return any(t.lemma_.lower() == "background" for t in head.ancestors)


_CONDEMNING = frozenset("condemn denounce deplore criticize criticise protest".split())


def _condemned_object(head: Token) -> bool:
    """'We condemn threats to arrest X': the act is what is condemned, not reported as done."""
    for ancestor in head.ancestors:
        if ancestor.lemma_.lower() in _CONDEMNING and ancestor.pos_ == "VERB":
            return any(c.dep_ == "dobj" for c in ancestor.children)
    return False


_SANCTIONS = frozenset(
    "ban prohibit outlaw arrest detain charge accuse convict sentence jail fine punish".split()
)


def _object_of_sanction(head: Token) -> bool:
    current = head
    for _ in range(4):
        if current.head is current:
            return False
        via = current.dep_
        current = current.head
        if current.lemma_.lower() in _SANCTIONS and via in (
            "pobj",
            "pcomp",
            "prep",
            "dobj",
            "compound",
        ):
            return True
    return False


def _first_person_speaker(head: Token) -> bool:
    return any(c.dep_ == "nsubj" and c.lower_ in ("we", "i") for c in head.children) or any(
        t.lower_ == "we" for t in sentence_of(head)
    )


def _attach_counts(candidates: list[Candidate], doc: Doc, ctx: DocumentContext) -> None:
    """Each figure goes to the event of its kind in its sentence, else the latest one before it."""
    for quantity in find_quantities(ctx.text):
        token = _token_of(doc, quantity)
        if token is None:
            continue
        key = count_key(token)
        if key is None:
            continue
        target = _count_target(candidates, key, token, ctx)
        if target is None:
            continue
        count = Count(
            min=quantity.min,
            max=quantity.max,
            text=quantity.text,
            attributed_to=attribution(sentence_of(token)),
        )
        known = target.counts.get(key)
        if known is None or (count.attributed_to and not known.attributed_to):
            target.counts[key] = count


def _token_of(doc: Doc, quantity: Quantity) -> Token | None:
    span = doc.char_span(quantity.head_start, quantity.head_end, alignment_mode="expand")
    return span[-1] if span is not None and len(span) else None


def _count_target(
    candidates: list[Candidate], key: str, token: Token, ctx: DocumentContext
) -> Candidate | None:
    types = _KEY_TYPES[key]
    sent_start = sentence_of(token).start_char
    same = [c for c in candidates if c.sentence_start == sent_start and c.type in types]
    if same:
        return same[0]
    paragraph = ctx.paragraph_of(token.idx)
    earlier = [
        c
        for c in candidates
        if c.sentence_start < sent_start and c.paragraph == paragraph and c.type in types
    ]
    return earlier[-1] if earlier else None
