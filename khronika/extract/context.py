"""What a whole document tells each of its events: places, dates, datelines, the main country.

Places are spaCy's place entities plus capitalised words the gazetteer knows (the model misses
small towns and reads "Nur Sultan" as a person); a dateline ("ALMATY, Kazakhstan --") is where a
report was filed, so its place never becomes an event's place. Dates are the phrases the
language's date finder gives (``find_dates``), in document order, less those of a date line
under the title, which gives the publication date when the metadata has none.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span

from khronika.extract.dating import date_line_spans, stated_publication
from khronika.extract.place_support import is_supported, person_name_keys, with_subdivision_word
from khronika.extract.places import Gazetteer, GazetteerEntry
from khronika.vocabulary import words
from khronika.vocabulary.months import month_names

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP"})
# Entities the model sometimes gives to places ("Nur Sultan" as PERSON, "Baymak" as NORP).
_MAYBE_PLACE_LABELS = frozenset({"PERSON", "ORG"})
_CAPS_DATELINE = re.compile(r"^[ \t]*(?P<place>[A-Z][A-Z’'\- ]{2,}[A-Z])(?=[ \t]*[,.:(—–-])")
# Datelines and the year-after-a-name test below are English-written: English month names.
_MONTH_NAMES = "|".join(month_names("en"))
_TITLE_DATELINE = re.compile(
    rf"^[ \t]*(?P<place>[A-Z][a-z]+(?: [A-Z][a-z]+)?),? (?:{_MONTH_NAMES}) \d{{1,2}},? \d{{4}}\s*[–—-]"
)
_DATELINE_END = re.compile(r"(—|–|--| - |\)\s*[-—–]?)")


@dataclass(frozen=True)
class DateMention:
    """A date phrase in a text: ``text == source[start:end]``."""

    start: int
    end: int
    text: str


FindDates = Callable[[str], list[DateMention]]


@dataclass(frozen=True)
class PlaceMention:
    """A place named in the text and the gazetteer entry it was read as."""

    start: int  # character offsets
    end: int
    text: str
    entry: GazetteerEntry
    token: int  # index of the mention's last token


@dataclass
class DocumentContext:
    """Everything extraction needs to know about the document beyond one sentence."""

    doc: Doc
    published: date | None
    text: str
    places: list[PlaceMention]
    dates: list[DateMention]
    datelines: list[tuple[int, int]]
    main_country: str | None
    paragraph_starts: list[int] = field(default_factory=list)
    sole_city: PlaceMention | None = None

    def paragraph_of(self, char: int) -> int:
        """Index of the paragraph holding character ``char``."""
        index = 0
        for i, start in enumerate(self.paragraph_starts):
            if start <= char:
                index = i
        return index

    def places_in(self, sent: Span) -> list[PlaceMention]:
        """The place mentions inside one sentence."""
        return [p for p in self.places if sent.start_char <= p.start < sent.end_char]

    def dates_in(self, sent: Span) -> list[DateMention]:
        """The date phrases inside one sentence."""
        return [d for d in self.dates if sent.start_char <= d.start < sent.end_char]


def find_datelines(text: str) -> list[tuple[int, int]]:
    """Spans of datelines at the start of paragraphs: 'ASTANA (TCA) —', 'New York, May 6, 2012–'."""
    spans = []
    for para in re.finditer(r"(?:^|\n)([^\n]+)", text):
        line_start = para.start(1)
        line = para.group(1)
        match = _CAPS_DATELINE.match(line) or _TITLE_DATELINE.match(line)
        if not match:
            continue
        end_match = _DATELINE_END.search(line, match.end("place"), match.end("place") + 60)
        end = end_match.end() if end_match else match.end("place")
        spans.append((line_start, line_start + end))
    return spans


def _paragraph_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer(r"\n[ \t]*\n+", text))
    return starts


def _in_spans(start: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start < e for s, e in spans)


def _candidate_spans(doc: Doc) -> list[Span]:
    """Place entities, entities the model mislabelled, and capitalised n-grams outside entities."""
    spans: list[Span] = [e for e in doc.ents if e.label_ in _PLACE_LABELS | _MAYBE_PLACE_LABELS]
    in_entity = {t.i for e in doc.ents for t in e}
    i = 0
    while i < len(doc):
        token = doc[i]
        if token.i in in_entity or not token.is_title or token.is_sent_start:
            i += 1
            continue
        j = i
        while (
            j + 1 < len(doc) and doc[j + 1].is_title and doc[j + 1].i not in in_entity and j - i < 2
        ):
            j += 1
        spans.append(doc[i : j + 1])
        i = j + 1
    return spans


def _strip_possessive(span: Span) -> Span:
    if len(span) > 1 and span[-1].tag_ == "POS":
        return span[:-1]
    return span


_INSTITUTION_WORDS = words("english", "institution_words") | words("regions", "local_government")


def _city_prefix(ent: Span) -> Span | None:
    """'Bishkek police', 'Baku Court of Appeal': the city an institution is named after."""
    if ent.label_ != "ORG" or len(ent) < 2:
        return None
    if ent[0].lower_ == "the":  # "the Baku Court of Appeal"
        ent = ent[1:]
    if not any(t.lower_ in _INSTITUTION_WORDS for t in ent[1:]):
        return None
    # The name ends where the institution begins: "Bierazino District Court" -> "Bierazino".
    size = 0
    while size < min(2, len(ent) - 1) and ent[size].is_title:
        if ent[size].lower_ in _INSTITUTION_WORDS:
            break
        size += 1
    return ent[:size] if size else None


def place_spans(doc: Doc) -> list[Span]:
    """Every span that may name a place; scanned once per document."""
    spans = _candidate_spans(doc)
    spans += [p for p in (_city_prefix(e) for e in doc.ents) if p is not None]
    return spans


def find_places(
    spans: list[Span],
    gazetteer: Gazetteer,
    datelines: list[tuple[int, int]],
    country: str | None = None,
    person_keys: frozenset[str] = frozenset(),
) -> list[PlaceMention]:
    """Place mentions in document order; ``country`` settles names shared by several countries.

    A hit needs the text's support (``place_support``): ``person_keys`` are the words of the
    people's names the text gives, which are never places.
    """
    mentions = []
    for span in spans:
        span = _strip_possessive(span)
        text = span.text.strip()
        if not text or _in_spans(span.start_char, datelines):
            continue
        entry = gazetteer.lookup(text, country=country)
        wider = with_subdivision_word(span)
        region = gazetteer.lookup(wider.text, country=country) if wider is not None else None
        if wider is not None and region is not None and region.kind == "region":
            span, text, entry = wider, wider.text, region  # "Minsk region" is no city
        if entry is None or not is_supported(span, entry, country, person_keys):
            continue
        if span.label_ == "NORP" and entry.kind == "country":
            continue  # "Kazakh" is an adjective of a people, not a place of the event
        mentions.append(
            PlaceMention(
                start=span.start_char, end=span.end_char, text=text, entry=entry, token=span.end - 1
            )
        )
    mentions.sort(key=lambda m: m.start)
    return _dedupe_mentions(mentions)


def _dedupe_mentions(mentions: list[PlaceMention]) -> list[PlaceMention]:
    seen: set[tuple[int, int]] = set()
    out = []
    for mention in mentions:
        if (mention.start, mention.end) not in seen:
            seen.add((mention.start, mention.end))
            out.append(mention)
    return out


def _main_country(places: list[PlaceMention], dateline_countries: list[str]) -> str | None:
    counts = Counter(p.entry.country for p in places if p.entry.country)
    if counts:
        best = max(counts.values())
        for p in places:  # ties go to the first mentioned
            if p.entry.country and counts[p.entry.country] == best:
                return p.entry.country
    return dateline_countries[0] if dateline_countries else None


def _dateline_countries(
    text: str, datelines: list[tuple[int, int]], gazetteer: Gazetteer
) -> list[str]:
    countries = []
    for start, end in datelines:
        for word in re.findall(r"[A-Za-z][A-Za-z\- ]+", text[start:end]):
            entry = gazetteer.lookup(word.strip().title())
            if entry and entry.country:
                countries.append(entry.country)
                break
    return countries


_NAME_THEN_YEAR = re.compile(r"[A-Z][\w’'-]+\s+$")
_MONTHS = re.compile(rf"({_MONTH_NAMES})\s+$")


def _inside_names(text: str, start: int, names: list[tuple[int, int]]) -> bool:
    """A year in 'Kazakhstan 2012' (a movement) or a name is no date of an event."""
    before = text[max(0, start - 30) : start]
    bare_year = (
        re.fullmatch(r"\d{4}", text[start : start + 4]) is not None
        and not text[start + 4 : start + 5].isdigit()
    )
    if bare_year and _NAME_THEN_YEAR.search(before) and not _MONTHS.search(before):
        return True
    return any(s <= start < e for s, e in names)


def build_context(
    doc: Doc, *, published: date | None, gazetteer: Gazetteer, find_dates: FindDates
) -> DocumentContext:
    """What the whole document says: its places, date phrases, datelines and main country.

    Without a publication date from the metadata, the text's own date line gives it; that line
    dates the report, so none of its phrases dates an event.
    """
    text = doc.text
    published = published or stated_publication(text)
    date_lines = date_line_spans(text)
    datelines = find_datelines(text)
    spans = place_spans(doc)
    person_keys = person_name_keys(doc, gazetteer)
    first_pass = find_places(spans, gazetteer, datelines, person_keys=person_keys)
    main_country = _main_country(first_pass, _dateline_countries(text, datelines, gazetteer))
    # Second pass with the document's country: an ambiguous name goes to the local place.
    places = (
        find_places(spans, gazetteer, datelines, country=main_country, person_keys=person_keys)
        if main_country
        else first_pass
    )
    names = [
        (e.start_char, e.end_char)
        for e in doc.ents
        if e.label_ in ("ORG", "PERSON", "WORK_OF_ART", "LAW")
    ]
    dates = [
        d
        for d in find_dates(text)
        if not _in_spans(d.start, datelines + date_lines)
        and not _inside_names(text, d.start, names)
    ]
    return DocumentContext(
        doc=doc,
        published=published,
        text=text,
        places=places,
        dates=dates,
        datelines=datelines,
        main_country=main_country,
        paragraph_starts=_paragraph_starts(text),
        sole_city=_sole_city(places, main_country),
    )


def _sole_city(places: list[PlaceMention], country: str | None) -> PlaceMention | None:
    """The one city a text names in its main country: where its events happen unless told else."""
    cities = {
        p.entry.name: p for p in places if p.entry.kind == "city" and p.entry.country == country
    }
    return next(iter(cities.values())) if len(cities) == 1 else None
