"""Russian extraction: natasha's parse of a Document in, evidence-linked Events out.

The same contract and machinery as English (``extract.en``): for each trigger check negation,
modality and quotes, read the arguments, give the event its date, place and counts from its
sentence or from what the text said before; merge the mentions of one happening. Evidence is
the trigger's sentence, with offsets into the original Russian text; the summary is that
sentence on one line (no translation is made).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc, Token

from khronika.errors import ExtractionError
from khronika.extract.attributes import sentence_evidence, summary
from khronika.extract.candidates import Candidate, merge_candidates
from khronika.extract.confidence import confidence
from khronika.extract.context import DocumentContext
from khronika.extract.counts import attach_counts
from khronika.extract.document_rules import anchored, copies_per_city
from khronika.extract.places import Gazetteer
from khronika.extract.ru.actors import actors_of
from khronika.extract.ru.background import present_of, recalled
from khronika.extract.ru.constraints import to_term
from khronika.extract.ru.dates import find_date_mentions, resolve_date
from khronika.extract.ru.parse import parse
from khronika.extract.ru.places import RussianPlaceRules, build_context
from khronika.extract.ru.quantities import attribution, count_key, find_quantities
from khronika.extract.ru.triggers import RussianTriggers
from khronika.extract.trackers import DateTracker, PlaceTracker
from khronika.model import Actor, Document, Event
from khronika.nlp.components import sentence_of
from khronika.nlp.lexicon import Lexicon, TriggerRule
from khronika.settings import ExtractionSettings, Settings
from khronika.vocabulary import vocabulary

_RU = vocabulary("russian")
_NEGATIONS = _RU.words("negations")
_ANNOUNCING = _RU.words("announcing_verbs") | _RU.words("announcing_nouns")
_HYPOTHETICAL = _RU.words("hypothetical_words")
_FIREARMS = _RU.words("firearm_words")
_DEADLY = _RU.words("deadly_words")
_QUOTES = {"«": "»", "„": "“", '"': '"'}
_PLACE_RULES = RussianPlaceRules()


class RussianExtractor:
    """Rule-based extraction over natasha's parse; one instance serves many documents."""

    def __init__(
        self,
        lexicon: Lexicon,
        gazetteer: Gazetteer,
        *,
        min_confidence: float = Settings().min_confidence,
        adjust: ExtractionSettings | None = None,
    ) -> None:
        self.lexicon = lexicon
        self.triggers = RussianTriggers(lexicon)
        self.gazetteer = gazetteer
        self.min_confidence = min_confidence
        self.adjust = adjust or ExtractionSettings()

    @property
    def name(self) -> str:
        """The extractor and lexicon version, e.g. 'ru-rules/ru-v1'."""
        return f"ru-rules/{self.lexicon.version}"

    def extract(
        self, documents: Iterable[Document]
    ) -> Iterator[tuple[Document, list[Event] | ExtractionError]]:
        """Events per document; a document whose extraction fails yields an ExtractionError."""
        for document in documents:
            try:
                yield document, self.events(self.triggers(parse(document.text)), document)
            except Exception as exc:  # one document's failure must not end the batch
                yield document, ExtractionError(document.name, exc)

    def events(self, doc: Doc, document: Document) -> list[Event]:
        """The events of one parsed document, merged and above the confidence floor."""
        ctx = build_context(
            doc,
            published=document.published,
            gazetteer=self.gazetteer,
            find_dates=find_date_mentions,
        )
        dates = DateTracker(ctx, resolve_date)
        places = PlaceTracker(ctx, self.gazetteer, _PLACE_RULES)
        present = present_of(ctx, resolve_date)
        candidates: list[Candidate] = []
        for trigger in doc._.triggers:
            head = doc[trigger.head]
            rule = self.lexicon.triggers[trigger.rule]
            candidate = self._candidate(rule, head, document, dates, places, ctx)
            places.remember(sentence_of(head))
            if candidate is not None:
                candidate.needs_anchor = recalled(
                    head, candidate.date, candidate.date_explicit, present
                )
                candidates.append(candidate)
                candidates += self._gapped_cities(candidate, head, ctx)
        attach_counts(candidates, doc, ctx, find_quantities(doc), count_key, attribution)
        merged = merge_candidates(_anchored(candidates))
        return [c.to_event() for c in merged if c.confidence >= self.min_confidence]

    def _gapped_cities(
        self, candidate: Candidate, head: Token, ctx: DocumentContext
    ) -> list[Candidate]:
        """The same act in each city a gapped clause adds: one event per city, as the spec cuts."""
        if candidate.type == "statement" or not candidate.place_explicit:
            return []
        tokens = set(_gapped_city_tokens(head))
        cities = [
            m
            for m in ctx.places_in(sentence_of(head))
            if m.token in tokens and m.entry.kind == "city" and m.entry.name != candidate.place.name
        ]
        # the targets and counts a gapped clause names belong to its own city
        return copies_per_city(
            candidate, cities, self.gazetteer, keep_targets=False, keep_counts=False
        )

    def _candidate(
        self,
        rule: TriggerRule,
        head: Token,
        document: Document,
        dates: DateTracker,
        places: PlaceTracker,
        ctx: DocumentContext,
    ) -> Candidate | None:
        text = ctx.text
        if _no_event(rule, head, text):
            return None
        type_, subtype = _retype(rule, head)
        actors = actors_of(type_, head)
        if type_ == "statement" and not _has_speaker(actors):
            return None  # a statement is somebody's; 'как сообщает издание' is a source
        evidence = [sentence_evidence(document, sentence_of(head))]
        date, date_explicit = dates.for_trigger(head)
        place, place_explicit = places.for_trigger(head, type_, actors)
        score = confidence(
            rule.weight,
            has_actors=bool(actors),
            date_explicit=date_explicit,
            place_explicit=place_explicit,
            head=head,
            text=text,
            adjust=self.adjust,
        )
        sent = sentence_of(head)
        return Candidate(
            type=type_,
            subtype=subtype,
            status="announced" if _announced(head) else "occurred",
            evidence=evidence,
            date=date,
            date_explicit=date_explicit,
            place=place,
            place_explicit=place_explicit,
            actors=actors,
            summary=summary(evidence[0]),
            confidence=score,
            paragraph=ctx.paragraph_of(head.idx),
            sentence_start=sent.start_char,
        )


def _gapped_city_tokens(head: Token) -> list[int]:
    """'в Астане задержаны X и Y, в Кызылорде — Z': the verb left out after a dash (a conjunct
    with an orphan) repeats the act in another place.
    """
    return [
        c.i
        for c in head.children
        if c.dep_ == "conj" and any(o.dep_ == "orphan" for o in c.children)
    ]


def _anchored(candidates: list[Candidate]) -> list[Candidate]:
    """Talk and history count where the text reports some act of its own: a minister's remarks
    on trade are no statement about repression, and a film review's rally of 1962 no event of
    the record (``background``); beside news, both are kept.
    """
    return anchored(candidates, lambda c: c.type == "statement" or c.needs_anchor)


def _has_speaker(actors: list[Actor]) -> bool:
    return any(a.role == "speaker" and a.kind != "media" for a in actors)


def _retype(rule: TriggerRule, head: Token) -> tuple[str, str | None]:
    """Corrections the word alone cannot make."""
    if (
        rule.type == "detention"
        and head.pos_ == "VERB"
        and (
            to_term(head)
            or any(c.lemma_ == "суд" for c in head.children if c.dep_ == "nsubj")
            or (head.lemma_ == "арестовать" and _counts_days_of_arrest(head))
        )
    ):
        return "legal_action", "sentence"  # 'суд арестовал на 15 суток': an administrative term
    if rule.type == "clash" and not any(t.lemma_ in _FIREARMS for t in sentence_of(head)):
        deadly = any(t.lemma_ in _DEADLY for t in sentence_of(head))
        return ("killing", None) if deadly else ("assault", None)
    return rule.type, rule.subtype


def _counts_days_of_arrest(head: Token) -> bool:
    """A text that counts days of arrest ('15 суток') tells of administrative arrests, which
    courts order: there 'арестовали' without a term is the same sentence told short.
    """
    return any(t.lemma_ in ("сутки", "сутка") for t in head.doc)


def _no_event(rule: TriggerRule, head: Token, text: str) -> bool:
    """Negated, hypothetical, quoted, or a participle naming people rather than an act."""
    if _negated(head) or _hypothetical(head):
        return True
    morph = str(head.morph)
    if "VerbForm=Part" in morph and "Variant=Short" not in morph:
        # 'задержанные', 'протестующие': people, not an act; but 'осуждённого в прошлом году',
        # 'арестованного месяц назад' tell an act of their own, with its time or term
        return not any(
            c.dep_ in ("obl", "advmod") and c.pos_ in ("NOUN", "ADV") for c in head.children
        )
    return rule.type != "statement" and _in_short_quote(head, text)


def _negated(head: Token) -> bool:
    """'не задерживали', 'задержаний не было', 'без задержаний'."""
    if any(c.lemma_ in _NEGATIONS for c in head.children if c.dep_ in ("advmod", "det", "case")):
        return True
    if head.pos_ == "NOUN" and any(c.lemma_ == "без" for c in head.children):
        return True
    governor = head.head
    return (
        head.dep_ in ("nsubj", "obj", "nsubj:pass")
        and any(c.lemma_ in _NEGATIONS for c in governor.children if c.dep_ == "advmod")
        and governor.lemma_ in ("быть", "произойти", "проводить", "провести")
    )


def _hypothetical(head: Token) -> bool:
    """'могли бы задержать', 'если задержат': not reported as happening."""
    near = [*head.children, head.head]
    return any(t.lemma_ in ("бы", "если") for t in head.children) or any(
        t.lemma_ == "мочь" for t in near
    )


def _announced(head: Token) -> bool:
    """Future, promised or threatened: 'пообещал задержать', 'будет оштрафован', 'грозит срок'."""
    if (
        head.pos_ == "NOUN"
        and head.dep_ in ("obj", "nsubj", "nsubj:pass")
        and head.head.i != head.i
    ):
        # 'проведут митинг', 'состоится шествие', 'намерены провести шествие'
        return _future(head.head) or _promised(head.head)
    return _future(head) or _promised(head)


def _future(head: Token) -> bool:
    morph = str(head.morph)
    if "Tense=Fut" in morph:
        return True
    if "Aspect=Perf" in morph and "Tense=Pres" in morph and "VerbForm=Fin" in morph:
        return True  # a perfective present is a future: 'состоится', 'задержат'
    return any(c.lemma_ == "быть" and "Tense=Fut" in str(c.morph) for c in head.children)


def _promised(head: Token) -> bool:
    governor = head.head
    return (
        governor.i != head.i
        and governor.lemma_ in _ANNOUNCING
        and head.dep_
        in (
            "xcomp",
            "obj",
            "nsubj",
            "nmod",
            "obl",
            "csubj",
        )
    )


def _in_short_quote(head: Token, text: str) -> bool:
    """Inside a quoted name or slogan of a few words ('по «московскому делу»')."""
    start = head.idx
    line_start = text.rfind("\n", 0, start) + 1
    for opening, closing in _QUOTES.items():
        before = text[line_start:start]
        if opening == closing:  # straight quotes: inside after an odd number of them
            inside = before.count(opening) % 2 == 1
            left = before.rfind(opening)
        else:
            left = before.rfind(opening)
            inside = left >= 0 and before.rfind(closing) < left
        right = text.find(closing, start)
        if inside and right > 0 and (right - (line_start + left)) < 60:
            return True
    return False
