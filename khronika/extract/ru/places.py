"""Russian places: gazetteer lookups on lemmatised names, and what prepositions say of them.

Place names are inflected ("в Жанаозене", "из Уральска"): each candidate is looked up as
written, then in natasha's nominative lemma ("Жанаозен"), so the gazetteer's Cyrillic alternate
names match; the entry's ``name`` is its Latin GeoNames form. Countries and regions, which the
city file lacks in Cyrillic, come from the Russian vocabulary's tables.
"""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Doc, Span, Token

from khronika.extract.context import (
    DocumentContext,
    FindDates,
    PlaceMention,
    _main_country,
    _sole_city,
)
from khronika.extract.context import _paragraph_starts as paragraph_starts
from khronika.extract.dating import stated_publication
from khronika.extract.places import CITY_MIN_POPULATION, Gazetteer, GazetteerEntry
from khronika.vocabulary import vocabulary

_RU = vocabulary("russian")
_COUNTRIES: dict[str, str] = _RU.table("countries")
_REGIONS: dict[str, str] = _RU.table("regions")
_SUBDIVISIONS = _RU.words("subdivision_words")
_CASE_ENDINGS: dict[str, list[str]] = _RU.table("case_endings")
_INSTITUTIONS = frozenset(
    n for kind in ("police", "court", "government") for n in _RU.table("actor_nouns")[kind]
)
_SITE_NOUNS = _RU.words("site_nouns") - {"суд", "дом", "центр", "отдел"}
_SITE_PREPOSITIONS = _RU.words("site_prepositions")
_ORIGIN = _RU.words("origin_prepositions")
# 'на территории Казахстана', 'на юге России': a genitive country that is where things happen.
_AREA_NOUNS = frozenset(
    {
        "территория",
        "город",
        "регион",
        "юг",
        "север",
        "запад",
        "восток",
        "столица",
        "область",
        "часть",
        "район",
        "центр",
        "граница",
        "село",
        "поселок",
        "посёлок",
    }
)
_STREET_NOUNS = frozenset({"улица", "проспект", "метро", "станция", "переулок", "бульвар", "шоссе"})
# 'Астана, 21 мая 2016, 13:59 — REGNUM': where the report was filed, not where events were.
_DATELINE = re.compile(r"^[ \t]*[А-ЯЁ][\w-]+(?: [А-ЯЁ][\w-]+)?, \d{1,2} \w+ \d{4}[^\n—–]{0,24}[—–]")


def find_datelines(text: str) -> list[tuple[int, int]]:
    """Spans of Russian datelines at the start of lines."""
    spans = []
    for line in re.finditer(r"(?:^|\n)([^\n]+)", text):
        m = _DATELINE.match(line.group(1))
        if m:
            spans.append((line.start(1), line.start(1) + m.end()))
    return spans


def _title(text: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in text.split("-"))


def _lookup(span: Span, gazetteer: Gazetteer, country: str | None) -> GazetteerEntry | None:
    lemma = " ".join(t.lemma_ for t in span)
    if lemma in _COUNTRIES:
        return gazetteer.country(_COUNTRIES[lemma])
    region = _REGIONS.get(lemma) or (
        _REGIONS.get(span[0].lemma_) if len(span) == 1 and _next_is_subdivision(span) else None
    )
    if region:
        return gazetteer.lookup(region, country=country)
    for name in (span.text, _title(lemma), *_nominatives(span.text)):
        entry = gazetteer.lookup(name, country=country)
        if entry is not None and entry.kind != "country":
            return entry
    return None


def _nominatives(text: str) -> list[str]:
    """'Кызылорде' -> 'Кызылорда', 'Кызылорд', …: the forms a name in an oblique case may come
    from, for names the morphology guesses wrong (it knows few towns of the region).
    """
    out = []
    for ending, nominatives in _CASE_ENDINGS.items():
        if text.endswith(ending) and len(text) > len(ending) + 2:
            out += [text[: -len(ending)] + n for n in nominatives]
    return out


def _next_is_subdivision(span: Span) -> bool:
    doc = span.doc
    return span.end < len(doc) and doc[span.end].lemma_ in _SUBDIVISIONS


def _street_name(span: Span) -> bool:
    """'улица Фурманова', 'метро Киевская', 'улиц Фурманова и Сатпаева': named after a place."""
    root = span.root
    first = root.head if root.dep_ == "conj" else root
    before = span.doc[span.start - 1].lemma_ if span.start > 0 else ""
    return before in _STREET_NOUNS or (
        first.head.i != first.i and first.head.lemma_ in _STREET_NOUNS
    )


def _of_country(span: Span) -> bool:
    """'посольство России', 'жители Казахстана': a country's people or office, not a place."""
    root = span.root
    return (
        root.lemma_ in _COUNTRIES
        and root.dep_ == "nmod"
        and "Case=Gen" in str(root.morph)
        and root.head.lemma_ not in _AREA_NOUNS
    )


def _candidates(doc: Doc) -> list[Span]:
    """The place names natasha found, and capitalised words and regional adjectives outside names."""
    ents = doc.ents  # spaCy builds this tuple anew on each read
    spans = [e for e in ents if e.label_ == "GPE"]
    named = {t.i for e in ents for t in e}
    # 'Мещанский суд Москвы', 'Актау суд': the city an institution is named after
    for ent in ents:
        if ent.label_ == "ORG" and any(t.lemma_ in _INSTITUTIONS for t in ent):
            spans += [
                ent[i : i + 1]
                for i, t in enumerate(ent)
                if t.pos_ == "PROPN" and t.lemma_ not in _INSTITUTIONS and not t.is_upper
            ]
    for token in doc:
        if token.i in named:
            continue
        if (
            token.is_title and token.pos_ == "PROPN" and "Animacy=Anim" not in str(token.morph)
        ) or (token.lemma_ in _REGIONS and _next_is_subdivision(doc[token.i : token.i + 1])):
            spans.append(doc[token.i : token.i + 1])
    return spans


def find_places(
    doc: Doc, gazetteer: Gazetteer, datelines: list[tuple[int, int]], country: str | None = None
) -> list[PlaceMention]:
    """Place mentions in document order; ``country`` settles names shared by several countries."""
    found: dict[tuple[int, int], PlaceMention] = {}
    for span in _candidates(doc):
        if any(s <= span.start_char < e for s, e in datelines):
            continue
        if _street_name(span) or _of_country(span):
            continue
        entry = _lookup(span, gazetteer, country)
        if entry is None:
            continue
        if (
            span.label_ != "GPE"
            and entry.kind == "city"
            and ((country and entry.country != country) or entry.population < CITY_MIN_POPULATION)
        ):
            continue  # a capitalised word the model saw no place in is no foreign town or hamlet
        end = span.end
        if _next_is_subdivision(span) and entry.kind == "region":
            end += 1  # 'Мангистауской области'
        text = doc[span.start : end].text
        found[(span.start_char, span.start_char + len(text))] = PlaceMention(
            start=span.start_char,
            end=span.start_char + len(text),
            text=text,
            entry=entry,
            token=span.end - 1,
        )
    return sorted(found.values(), key=lambda m: m.start)


def build_context(
    doc: Doc, *, published: date | None, gazetteer: Gazetteer, find_dates: FindDates
) -> DocumentContext:
    """What the whole Russian document says: places, date phrases, datelines, main country.

    As in English, without a publication date from the metadata the text's own date line
    ("21 Мая 2016, 13:59") gives it: the upper bound of the text's dates. The line stays among
    the date phrases, where it anchors the phrases after it (leaving it out cost dev-ru strict
    F1 0.671 -> 0.622).
    """
    text = doc.text
    published = published or stated_publication(text)
    datelines = find_datelines(text)
    first = find_places(doc, gazetteer, datelines)
    main_country = _main_country(first, [])
    places = find_places(doc, gazetteer, datelines, main_country) if main_country else first
    dates = [d for d in find_dates(text) if not any(s <= d.start < e for s, e in datelines)]
    return DocumentContext(
        doc=doc,
        published=published,
        text=text,
        places=places,
        dates=dates,
        datelines=datelines,
        main_country=main_country,
        paragraph_starts=paragraph_starts(text),
        sole_city=_sole_city(places, main_country),
    )


class RussianPlaceRules:
    """Sites, statement topics and origins in a Russian parse (``trackers.PlaceRules``)."""

    def site_phrase(self, head: Token, sent: Span) -> tuple[int, int] | None:
        """'на площади', 'у памятника ...': a site noun under the trigger, with its preposition."""
        for child in head.children:
            if child.dep_ != "obl" or child.lemma_ not in _SITE_NOUNS:
                continue
            case = [c for c in child.children if c.dep_ == "case"]
            if case and case[0].lemma_ in _SITE_PREPOSITIONS:
                tokens = list(child.subtree)
                return tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        return None

    def topic_tokens(self, head: Token) -> set[int]:
        """A statement's object: places there are what it speaks of."""
        return {t.i for c in head.children if c.dep_ in ("obj", "obl") for t in c.subtree}

    def speaker_tokens(self, head: Token) -> set[int]:
        """The subject of a statement ('МИД Казахстана заявил'): their country is the speaker's."""
        return {t.i for c in head.children if c.dep_ in ("nsubj", "nsubj:pass") for t in c.subtree}

    def case_topic_tokens(self, head: Token) -> set[int]:
        """'дело о беспорядках в X', 'по делу о ...': what a legal act is over."""
        return {
            t.i
            for c in head.subtree
            if c.dep_ == "nmod" and any(k.dep_ == "case" and k.lemma_ == "о" for k in c.children)
            for t in c.subtree
        }

    def places_counted(self, head: Token) -> int:
        """0: Russian lists its cities by gapping ('в X задержали A, в Y — B'), which the
        extractor reads itself (``_gapped_cities``), not by 'в обоих городах' after the fact.
        """
        return 0

    def is_origin(self, token: Token) -> bool:
        """'из Уральска', 'от Алматы': where someone came from."""
        return any(c.dep_ == "case" and c.lemma_ in _ORIGIN for c in token.children)
