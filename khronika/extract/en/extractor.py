"""English extraction: a parsed spaCy Doc and its Document in, evidence-linked Events out.

For each trigger the nlp stage found: check the rule's constraint, drop negated, hypothetical
and slogan mentions, read the arguments, then give the event its date, place, counts, charges
and demands from its sentence (or, failing that, from what the text said just before). Mentions
of one happening are merged (``candidates``); each field stays traceable to its sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from khronika.extract.attributes import sentence_evidence, summary
from khronika.extract.candidates import Candidate, merge_candidates
from khronika.extract.confidence import confidence
from khronika.extract.context import build_context
from khronika.extract.counts import attach_counts
from khronika.extract.document_rules import anchored, copies_per_city
from khronika.extract.en.actors import person_index, signatories
from khronika.extract.en.arguments import (
    CROWD,
    arguments_of,
    in_quotes_or_slogan,
    is_asked_for,
    is_negated,
    is_passive,
    mentions_firearms,
    object_words,
    pobj_of,
    status_of,
    subtype_of,
)
from khronika.extract.en.attributes import attribution, count_key, find_charges, find_demands
from khronika.extract.en.constraints import CONSTRAINTS
from khronika.extract.en.dates import find_date_mentions, resolve_date
from khronika.extract.en.places import EnglishPlaceRules
from khronika.extract.en.quantities import find_quantities
from khronika.extract.en.roles import actors_of
from khronika.extract.en.speech import OFFICIAL_KINDS, reports_repressive_act
from khronika.extract.en.unreal import charge_content, topic_of_law, unreal
from khronika.extract.places import Gazetteer
from khronika.extract.state import DocumentState
from khronika.extract.trackers import DateTracker, PlaceTracker
from khronika.model import Actor, Document, Event, Evidence
from khronika.nlp.components import sentence_of
from khronika.nlp.lexicon import Lexicon, TriggerRule
from khronika.settings import ExtractionSettings, Settings
from khronika.vocabulary import vocabulary

_ENGLISH = vocabulary("english")
_INSTITUTIONAL = frozenset({"government", "international_body", "ngo", "official"})
_CONFLICT_WORDS = _ENGLISH.words("conflict_words")
_CONDEMNING = _ENGLISH.words("condemning_verbs")
_SANCTIONS = _ENGLISH.words("sanction_words")
# Fighting without firearms is a killing when one of these is in its sentence.
_DEADLY = _ENGLISH.words("deadly_words")
_PLACE_RULES = EnglishPlaceRules()
# Only these event types carry charges or demands.
_CHARGED_TYPES = ("legal_action", "detention", "restriction")
_DEMANDING_TYPES = ("protest", "statement")
# Types whose own triggers sanction something ("a ban on rallies" is the ban's event).
_SANCTIONING_TYPES = ("legal_action", "statement", "restriction", "detention")
# Types a sports report uses in another sense ("beat", "attack", "clash", "strike").
_FIGHTING_TYPES = ("assault", "clash", "killing", "riot", "protest")
_SPORT = _ENGLISH.words("sport_words")
_ALLEGING = _ENGLISH.words("alleging_verbs")
_BLOCKADED = _ENGLISH.words("crowd_blockade_words")
_LEGAL_ACCUSERS = _ENGLISH.words("legal_accusers")
_ARMED = _ENGLISH.words("armed_group_words")
_NATURAL = _ENGLISH.words("natural_causes")


@dataclass(frozen=True)
class ExtractorInfo:
    """The extractor's name and language, as stored with its events."""

    name: str = "en-rules"
    language: str = "en"


class EnglishExtractor:
    """Rule-based extraction over the spaCy parse; one instance serves many documents."""

    info = ExtractorInfo()

    def __init__(
        self,
        lexicon: Lexicon,
        gazetteer: Gazetteer,
        *,
        min_confidence: float = Settings().min_confidence,
        adjust: ExtractionSettings | None = None,
    ) -> None:
        CONSTRAINTS.check_lexicon(lexicon)  # a rule naming an unknown constraint fails here
        self.lexicon = lexicon
        self.gazetteer = gazetteer
        self.min_confidence = min_confidence
        self.adjust = adjust or ExtractionSettings()

    @property
    def name(self) -> str:
        """The extractor and lexicon version, e.g. 'en-rules/v1'."""
        return f"{self.info.name}/{self.lexicon.version}"

    def events(self, doc: Doc, document: Document) -> list[Event]:
        """The events of one parsed document, merged and above the confidence floor."""
        state = self.state_of(doc, document)
        candidates = self._candidates(state)
        attach_counts(
            candidates, doc, state.ctx, find_quantities(state.ctx.text), count_key, attribution
        )
        merged = _drop_unanchored_claims(merge_candidates(candidates))
        return [c.to_event() for c in merged if c.confidence >= self.min_confidence]

    def state_of(self, doc: Doc, document: Document) -> DocumentState:
        """The per-document state: context, date and place trackers, people, signatories."""
        ctx = build_context(
            doc,
            published=document.published,
            gazetteer=self.gazetteer,
            find_dates=find_date_mentions,
        )
        return DocumentState(
            doc=doc,
            document=document,
            ctx=ctx,
            dates=DateTracker(ctx, resolve_date),
            places=PlaceTracker(ctx, self.gazetteer, _PLACE_RULES),
            people=person_index(doc),
            signers=signatories(document.text),
        )

    def _candidates(self, state: DocumentState) -> list[Candidate]:
        out: list[Candidate] = []
        types = {t.head: self.lexicon.triggers[t.rule].type for t in state.doc._.triggers}
        for trigger in state.doc._.triggers:
            rule = self.lexicon.triggers[trigger.rule]
            head = state.doc[trigger.head]
            candidate = self._candidate(rule, head, state, types)
            state.places.remember(sentence_of(head))
            if candidate is not None:
                out.extend(self._per_city(candidate, head, state))
        return out

    def _per_city(self, candidate: Candidate, head: Token, state: DocumentState) -> list[Candidate]:
        """'In Almaty and Nur-Sultan, police detained ...': the same act in two cities is two events."""
        counted = state.places.counted_cities(head)  # "... detained dozens in both cities"
        if counted and candidate.type != "statement":
            return copies_per_city(candidate, counted, self.gazetteer)
        if not candidate.place_explicit or candidate.place.precision not in ("city", "site"):
            return [candidate]
        cities = [m for m in state.ctx.places_in(sentence_of(head)) if m.entry.kind == "city"]
        chosen = next((m for m in cities if m.entry.name == candidate.place.name), None)
        if chosen is None:
            return [candidate]
        token = head.doc[chosen.token]
        linked = {c.i for c in token.conjuncts} | (
            {token.head.i} if token.dep_ == "appos" else set()
        )
        others = [m for m in cities if m.token in linked and m.entry.name != chosen.entry.name]
        return [candidate, *copies_per_city(candidate, others, self.gazetteer)]

    def _candidate(
        self, rule: TriggerRule, head: Token, state: DocumentState, types: dict[int, str]
    ) -> Candidate | None:
        """One trigger read as an event, or None when it reports no event of its own."""
        if _no_event(rule, head, state):
            return None
        actors = actors_of(rule.type, head, state)
        type_, subtype = _retype(rule, head, actors, subtype_of(rule, head, self.lexicon))
        if type_ != rule.type:
            actors = actors_of(type_, head, state)
        evidence = [sentence_evidence(state.document, sentence_of(head))]
        if type_ == "statement":
            actors, evidence = _with_signatories(head, actors, evidence, state)
            if not any(a.role in ("speaker", "signatory") for a in actors):
                return None  # a statement is somebody's; without a speaker it is a passing phrase
            subtype = _speech_subtype(rule, head, actors, subtype, types)
            if subtype is None and rule.subtypes == "speech_content":
                return None  # a remark that neither claims, asks nor judges: a quote, no event
        date, date_explicit = state.dates.for_trigger(head)
        place, place_explicit = state.places.for_trigger(head, type_, actors)
        if _generic_plural(head) and not (actors or date_explicit or place_explicit):
            return None  # "a lenient attitude toward peaceful rallies": rallies in general
        sent = sentence_of(head)
        score = confidence(
            rule.weight,
            has_actors=bool(actors),
            date_explicit=date_explicit,
            place_explicit=place_explicit,
            head=head,
            text=state.ctx.text,
            adjust=self.adjust,
        )
        if type_ != "statement" and _condemned_object(head):
            score += self.adjust.condemned_act
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
            charges=find_charges(sent) if type_ in _CHARGED_TYPES else [],
            demands=find_demands(sent) if type_ in _DEMANDING_TYPES else [],
            summary=summary(evidence[0]),
            confidence=score,
            referential=head.pos_ == "NOUN"
            and any(c.lower_ in ("the", "these", "those", "this") for c in head.children),
            paragraph=state.ctx.paragraph_of(head.idx),
            sentence_start=sent.start_char,
            about_conflict=_about_conflict(sent, types),
            needs_anchor=rule.subtypes == "speech_content",
        )


def _no_event(rule: TriggerRule, head: Token, state: DocumentState) -> bool:
    """The trigger names no act of its own: its constraint fails, or it is negated, hypothetical,
    a slogan, a dateline, a modifier, a background or the object of a sanction.
    """
    if not CONSTRAINTS.satisfies(rule, head) or is_negated(head) or unreal(head):
        return True
    if rule.type not in ("statement", "protest") and is_asked_for(head):
        return True  # "urged the authorities to release him": the statement's demand
    if _other_sense(rule, head):
        return True
    if rule.type != "statement" and in_quotes_or_slogan(head):
        return True
    if state.in_dateline(head.idx):
        return True
    if head.dep_ == "amod" and head.pos_ in ("VERB", "ADJ"):
        return True  # "the jailed journalist", "this threatened crackdown": a state, no new act
    if _in_background(head):
        return True  # "against the background of more harassment": no act of its own
    # "a ban on demonstrations", "arrested for protesting", "convicted of injuring a guard":
    # the act is what the sanction is about, not a new event
    if rule.type in _SANCTIONING_TYPES:
        return charge_content(head)  # "convicted of closing off a street": the charge, no ban
    return _object_of_sanction(head) or topic_of_law(head)


def _other_sense(rule: TriggerRule, head: Token) -> bool:
    """The trigger word in another sense: a title of two or three words with no parties
    ('Arrested Development'), or a fight in sport ('beat him in the third round').
    """
    sent = sentence_of(head)
    words = [t for t in sent if not (t.is_punct or t.is_space)]
    if len(words) <= 3 and all(t.is_title for t in words):
        args = arguments_of(head)
        if not (args.agents or args.patients):
            return True
    if rule.type == "killing" and _natural_cause(head):
        return True  # "wildfires killed 77 people": no one's act
    if rule.type in _FIGHTING_TYPES:
        return any(t.pos_ == "NOUN" and t.lemma_.lower() in _SPORT for t in sent)
    return False


def _natural_cause(head: Token) -> bool:
    """A killing by fire, flood, disease or accident ('wildfires killed 77 people'). A death
    ('died of pneumonia in custody') keeps its own check: a death in custody is one whatever
    the cause.
    """
    if head.lemma_.lower() == "die":
        return False
    agents = list(arguments_of(head).agents) if head.pos_ == "VERB" else []
    causes = agents + pobj_of(head, {"by", "from"})
    return any(t.lemma_.lower() in _NATURAL for c in causes for t in c.subtree)


def _with_signatories(
    head: Token, actors: list[Actor], evidence: list[Evidence], state: DocumentState
) -> tuple[list[Actor], list[Evidence]]:
    """A first-person statement in a signed letter is the signatories': they are its speakers."""
    if not (state.signers and _first_person_speaker(head)):
        return actors, evidence
    document = state.document
    signed = [Actor(name=n, kind="person", role="signatory") for n, _, _ in state.signers]
    return signed + [a for a in actors if a.role != "speaker"], evidence + [
        Evidence.from_text(document.name, document.text, s, e) for _, s, e in state.signers
    ]


def _retype(
    rule: TriggerRule, head: Token, actors: list[Actor], subtype: str | None
) -> tuple[str, str | None]:
    """Corrections the trigger word alone cannot make."""
    lemma = head.lemma_.lower()
    if rule.type == "restriction" and lemma == "block" and _crowd_blockade(head):
        return "protest", "demonstration"  # "youths blocked roads": a protest, not a ban
    if rule.type == "legal_action" and lemma == "accuse" and _rhetorical(head):
        return "statement", "condemnation"  # "the ministry accused the rebels of lying"
    if rule.type == "clash" and _with_armed_group(head):
        return rule.type, subtype  # "fighting with rebels": their fighting is armed
    if rule.type == "clash" and not mentions_firearms(head):
        # the project's convention: fighting without firearms is a killing or an assault
        deadly = any(t.lemma_.lower() in _DEADLY for t in sentence_of(head))
        return ("killing", None) if deadly else ("assault", None)
    if rule.type == "protest" and head.pos_ == "VERB" and lemma == "protest":
        # "the EU protested over X", "I protest the murder of ...": objecting, not marching
        by_institutions = bool(actors) and all(a.kind in _INSTITUTIONAL for a in actors)
        if by_institutions or any(c.dep_ == "dobj" for c in head.children):
            return "statement", "condemnation"
    return rule.type, subtype


def _crowd_blockade(head: Token) -> bool:
    """A crowd or a counted group blocks a road, a street or a bridge ('hundreds blocked the
    highway'), as a protest does; the authorities blocking a website stay a restriction.
    """
    args = arguments_of(head)
    agents = {t.lemma_.lower() for a in args.agents for t in a.subtree} | {
        t.lower_ for a in args.agents for t in a.subtree
    }
    crowd = bool(agents & CROWD) or any(
        t.like_num or (t.ent_type_ == "NORP" and t.tag_ in ("NNS", "NNPS"))  # "young Algerians"
        for a in args.agents
        for t in a.subtree
    )
    return crowd and bool(object_words(head) & _BLOCKADED)


def _with_armed_group(head: Token) -> bool:
    """Rebels, militants or guerrillas in the sentence: their fighting is armed."""
    return any(t.lower_ in _ARMED for t in sentence_of(head))


def _rhetorical(head: Token) -> bool:
    """An accusation by a speaker who does not prosecute ('Amnesty accused the government of
    torture', 'the ministry accused the rebels of breaking the truce'); prosecutors, courts and
    the passive ('he was accused of fraud') stay a charge.
    """
    if is_passive(head):
        return False
    agents = arguments_of(head).agents
    if not agents:
        return False
    words = {t.lemma_.lower() for a in agents for t in a.subtree}
    return not (words & _LEGAL_ACCUSERS)


def _speech_subtype(
    rule: TriggerRule, head: Token, actors: list[Actor], subtype: str | None, types: dict[int, str]
) -> str | None:
    """Reported speech: an authority's words are its claim; an organisation's words that report
    a repressive act accuse the authorities of it (a person who only tells the facts, 'X was
    detained, his lawyer said', is the report's source, unless the words allege).
    """
    if rule.subtypes != "speech_content":
        return subtype
    speakers = [a for a in actors if a.role == "speaker"]
    if any(a.kind in OFFICIAL_KINDS for a in speakers):
        return "official_claim"
    # a person's word accuses when it is an allegation ('claimed', 'alleged'), not a plain 'said'
    accuses = any(a.kind != "person" for a in speakers) or head.lemma_.lower() in _ALLEGING
    if subtype is None and accuses and reports_repressive_act(head, types):
        return "condemnation"
    return subtype


def _about_conflict(sent: Span, types: dict[int, str]) -> bool:
    """The sentence speaks of the conflict: its words, or another event's trigger in it."""
    if {t.lemma_.lower() for t in sent} & _CONFLICT_WORDS:
        return True
    return any(sent.start <= i < sent.end and kind != "statement" for i, kind in types.items())


def _drop_unanchored_claims(candidates: list[Candidate]) -> list[Candidate]:
    """Reported speech is about the events; a ministry's grain forecast or a coach's comment
    is not. An official claim, and any statement read from a reporting verb, is kept only where
    the document reports some other event and the statement speaks of conflict.
    """
    return anchored(
        candidates,
        lambda c: c.subtype == "official_claim" or c.needs_anchor,
        lambda c: c.about_conflict,
    )


def _generic_plural(head: Token) -> bool:
    return head.tag_ == "NNS" and not any(
        c.dep_ in ("det", "poss", "nummod") for c in head.children
    )


def _in_background(head: Token) -> bool:
    return any(t.lemma_.lower() == "background" for t in head.ancestors)


def _condemned_object(head: Token) -> bool:
    """'We condemn threats to arrest X': the act is what is condemned, not reported as done."""
    for ancestor in head.ancestors:
        if ancestor.lemma_.lower() in _CONDEMNING and ancestor.pos_ == "VERB":
            return any(c.dep_ == "dobj" for c in ancestor.children)
    return False


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
