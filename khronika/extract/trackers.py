"""Date and place of each event, read in document order: the two trackers of one document.

A report dates its first event and lets the next ones lean on it ("the same day"); it names a
city once and goes on in it. The trackers walk the document with the triggers, remember the
last date and city of each paragraph, and give every trigger the nearest phrase of its own
sentence or, failing that, what was carried. What the words mean (how a date phrase resolves,
which prepositions make a site) is the language's, passed in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Protocol

from spacy.tokens import Span, Token

from khronika.extract.context import DateMention, DocumentContext, PlaceMention
from khronika.extract.dating import (
    REFERENCE,
    REPORT,
    attributive_head,
    clause_relation,
    is_moment,
)
from khronika.extract.places import Gazetteer, GazetteerEntry, normalise_place_name
from khronika.model import Actor, PartialDate, Place
from khronika.nlp.components import sentence_of

Resolve = Callable[..., PartialDate]
# Speakers whose statement is placed in their country: the authorities of that country.
DOMESTIC_KINDS = frozenset({"government", "police", "official", "court", "security_service"})
# Of several places in a sentence the most specific is where the act happened.
_KIND_RANK = {"city": 0, "region": 1, "country": 2}


class PlaceRules(Protocol):
    """What a language says about places around a trigger."""

    def site_phrase(self, head: Token, sent: Span) -> tuple[int, int] | None:
        """Character span of a named site near the trigger ('outside the embassy'), if any."""
        ...

    def topic_tokens(self, head: Token) -> set[int]:
        """Tokens a statement is about (places there are not where it was made)."""
        ...

    def speaker_tokens(self, head: Token) -> set[int]:
        """Tokens naming who speaks (their country is theirs, not the statement's place)."""
        ...

    def case_topic_tokens(self, head: Token) -> set[int]:
        """Tokens naming what a legal act is over ('a case over the protest in X')."""
        ...

    def places_counted(self, head: Token) -> int:
        """How many earlier-named places the trigger's phrase means ('in both cities': 2)."""
        ...

    def is_origin(self, token: Token) -> bool:
        """Whether a place token is where something came from ('from Almaty')."""
        ...


def char_distance(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """Characters between two spans; 0 when they overlap."""
    if a_end <= b_start:
        return b_start - a_end
    if b_end <= a_start:
        return a_start - b_end
    return 0


def tree_distance(head: Token, start: int, end: int) -> int:
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


class DateTracker:
    """Resolves each event's date; remembers the last resolved date as the anchor for 'that day'."""

    def __init__(self, ctx: DocumentContext, resolve: Resolve) -> None:
        self.ctx = ctx
        self.resolve = resolve
        self.anchor: PartialDate | None = None
        self.last_by_paragraph: dict[int, PartialDate] = {}
        self.cache: dict[int, PartialDate] = {}
        self._read_up_to = 0  # date phrases starting before this offset have been read
        self._stated_days: list[date] | None = None  # full dates the text states, read once
        self._anchor_before: dict[int, PartialDate | None] = {}  # the anchor each phrase met
        self._anchor_paragraph: dict[int, int | None] = {}  # and the paragraph it was set in
        self._last_paragraph: int | None = None

    def _resolve(self, start: int, text: str) -> PartialDate:
        if start not in self.cache:
            resolved = self.resolve(text, published=self.ctx.published, anchor=self.anchor)
            if resolved.precision == "unknown" and self.ctx.published is None:
                resolved = self._stated_day(text) or resolved
            self.cache[start] = resolved
        return self.cache[start]

    def _stated_day(self, text: str) -> PartialDate | None:
        """A weekday the text states in full elsewhere: "on Thursday" beside "Thursday, 1 August
        2024" is that day, though no publication date says which Thursday.

        A phrase names that day when, read from the day itself and from a few days on, it
        always gives the day back (a weekday does; "today" or "yesterday" do not).
        """
        if self._stated_days is None:
            self._stated_days = sorted(
                {
                    r.start
                    for m in self.ctx.dates
                    if (r := self.resolve(m.text, published=None)).precision == "day"
                    and r.start is not None
                    and r.start == r.end
                }
            )
        named = [
            day
            for day in self._stated_days
            if all(
                (found := self.resolve(text, published=day + timedelta(days=later))).start
                == found.end
                == day
                for later in (0, 1, 6)
            )
        ]
        return PartialDate(named[0], named[0], "day", text) if len(named) == 1 else None

    def advance_to(self, char: int) -> None:
        """Read every date phrase before ``char`` in order, so anchors follow the narrative.

        Each phrase is read once, whether or not an event took it already: a date stated in an
        event's own sentence is the anchor of the next "the same day" and is carried on.
        """
        for mention in self.ctx.dates:
            if mention.start >= char:
                break
            if mention.start < self._read_up_to:
                continue
            self._read_up_to = mention.start + 1
            self._anchor_before[mention.start] = self.anchor
            self._anchor_paragraph[mention.start] = self._last_paragraph
            resolved = self._resolve(mention.start, mention.text)
            if self._sets_the_time(mention, resolved):
                self.anchor = resolved
                self._last_paragraph = self.ctx.paragraph_of(mention.start)
                self.last_by_paragraph[self.ctx.paragraph_of(mention.start)] = resolved

    def _sets_the_time(self, mention: DateMention, resolved: PartialDate) -> bool:
        """Whether a phrase dates the narrative from here on, not only its own noun or period."""
        return (
            is_moment(resolved)
            and self._usable(resolved)
            and attributive_head(self.ctx.doc, mention.start, mention.end) is None
        )

    def _usable(self, resolved: PartialDate) -> bool:
        """A phrase dated after publication ('talks suspended until 2028') dates no event of it."""
        published: date | None = self.ctx.published
        return not (published and resolved.start and resolved.start > published)

    def _counted_back(
        self, phrase: DateMention, others: list[tuple[int, DateMention]]
    ) -> PartialDate | None:
        """The act a phrase counts from: "freed on 3 June, three days after being arrested"
        dates the arrest three days before the release (the phrase read backwards).
        """
        known = [
            resolved
            for _, m in others
            if (resolved := self._resolve(m.start, m.text)).precision == "day"
            and resolved.start is not None
            and resolved.start == resolved.end
        ]
        if len(known) != 1 or known[0].start is None:
            return None
        later = known[0].start
        forward = self.resolve(phrase.text, published=None, anchor=known[0])
        if forward.precision != "day" or forward.start is None or forward.start != forward.end:
            return None
        day = later - (forward.start - later)
        return PartialDate(day, day, "day", phrase.text)

    def _before_report(self, report: DateMention) -> PartialDate:
        """An act known only through a dated report: from the date told before it in the same
        paragraph to the report day, or unknown when nothing there is dated before it (the
        report day is no date of the act).
        """
        reported = self._resolve(report.start, report.text)
        earlier = self._anchor_before.get(report.start)
        if (
            earlier is None
            or earlier.start is None
            or reported.end is None
            or reported.precision != "day"
            or earlier.precision != "day"
            or not earlier.start < reported.end
            or self._anchor_paragraph.get(report.start) != self.ctx.paragraph_of(report.start)
        ):
            return PartialDate()
        return PartialDate(earlier.start, reported.end, "day", None)

    def _may_date(self, mention: DateMention, head: Token) -> bool:
        """A date inside a noun phrase ('the 2020 protests') dates that noun's event only."""
        noun = attributive_head(self.ctx.doc, mention.start, mention.end)
        return noun is None or noun.i == head.i

    def for_trigger(self, head: Token) -> tuple[PartialDate, bool]:
        """The trigger's date and whether its own sentence states it (else it is carried)."""
        sent = sentence_of(head)
        # The sentence's own phrases are read too, each leaning on the one before it.
        self.advance_to(sent.end_char)
        mentions = [
            m
            for m in self.ctx.dates_in(sent)
            if self._usable(self._resolve(m.start, m.text)) and self._may_date(m, head)
        ]
        related = [(clause_relation(head, m.start, m.end), m) for m in mentions]
        counted = [m for relation, m in related if relation == REFERENCE]
        related = [(relation, m) for relation, m in related if relation != REFERENCE]
        if counted and (back := self._counted_back(counted[0], related)) is not None:
            return back, True
        if related:
            relation, best = min(
                related,
                key=lambda pair: (
                    pair[0],
                    tree_distance(head, pair[1].start, pair[1].end),
                    char_distance(pair[1].start, pair[1].end, head.idx, head.idx + len(head)),
                ),
            )
            if relation == REPORT:
                return self._before_report(best), False
            return self._resolve(best.start, best.text), True
        carried = self.last_by_paragraph.get(self.ctx.paragraph_of(head.idx))
        if carried is not None:
            return PartialDate(carried.start, carried.end, carried.precision, None), False
        return PartialDate(), False


class PlaceTracker:
    """Places each event; remembers the last city of each paragraph for sentences naming none."""

    def __init__(self, ctx: DocumentContext, gazetteer: Gazetteer, rules: PlaceRules) -> None:
        self.ctx = ctx
        self.gazetteer = gazetteer
        self.rules = rules
        self.last_city_by_paragraph: dict[int, PlaceMention] = {}
        self.sole_region = _sole_region(ctx)
        self.cities_named: list[PlaceMention] = []  # distinct cities, in the order last named

    def remember(self, sent: Span) -> None:
        """Note the cities and regions of a sentence once its triggers are read."""
        for mention in self.ctx.places_in(sent):
            if mention.entry.kind == "city":
                self.cities_named = [
                    m for m in self.cities_named if m.entry.name != mention.entry.name
                ] + [mention]
            if mention.entry.kind not in ("city", "region"):
                continue
            paragraph = self.ctx.paragraph_of(mention.start)
            current = self.last_city_by_paragraph.get(paragraph)
            if current is not None and _within(current.entry, mention.entry):
                continue  # "Baymak ... Bashkortostan's governor": the town is still where we are
            self.last_city_by_paragraph[paragraph] = mention

    def for_trigger(self, head: Token, type_: str, actors: list[Actor]) -> tuple[Place, bool]:
        """The trigger's place and whether its own sentence names it."""
        sent = sentence_of(head)
        mentions = self.ctx.places_in(sent)
        speaker_countries: set[str] = set()
        if type_ == "statement":
            topic = self.rules.topic_tokens(head)
            speaker = self.rules.speaker_tokens(head)
            speaker_countries = {
                m.entry.country for m in mentions if m.token in speaker and m.entry.country
            }
            mentions = [m for m in mentions if m.token not in topic and m.token not in speaker]
        elif type_ == "legal_action":
            # A trial is where the court sits, not in the town the case is about.
            topic = self.rules.case_topic_tokens(head)
            mentions = [m for m in mentions if m.token not in topic]
        site = self.rules.site_phrase(head, sent)
        if mentions:
            best = self._best_place(mentions, head)
            place = self.gazetteer.to_place(best.entry, text=best.text)
            if best.entry.kind == "city" and site:
                place = as_site(place, self.ctx.text, site)
            return place, True
        carried = (
            self.last_city_by_paragraph.get(self.ctx.paragraph_of(head.idx))
            or self.ctx.sole_city
            or self.sole_region
            or self._sole_city_so_far(head.idx)
        )
        if type_ == "statement":
            return self._statement_place(actors, speaker_countries), False
        if carried is not None:
            place = self.gazetteer.to_place(carried.entry, text=None)
            if site:
                return as_site(place, self.ctx.text, site), True
            return place, False
        return self._country_place(), False

    def _sole_city_so_far(self, char: int) -> PlaceMention | None:
        """The one city of the text's country named before ``char``: a report goes on in the
        city it opened in until it names another.
        """
        before = {
            m.entry.name: m
            for m in self.ctx.places
            if m.start < char
            and m.entry.kind == "city"
            and m.entry.country == self.ctx.main_country
        }
        return next(iter(before.values())) if len(before) == 1 else None

    def counted_cities(self, head: Token) -> list[PlaceMention]:
        """The cities 'in both cities' means: the last ones named before, when there are enough."""
        count = self.rules.places_counted(head)
        if count < 2 or len(self.cities_named) < count:
            return []
        return self.cities_named[-count:]

    def _best_place(self, mentions: list[PlaceMention], head: Token) -> PlaceMention:
        """The place the act happened in: below the trigger, most specific, not an origin."""
        doc = head.doc
        subtree = {t.i for t in head.subtree}

        def key(m: PlaceMention) -> tuple[int, int, int, int]:
            origin = self.rules.is_origin(doc[m.token])
            return (
                origin,
                m.token not in subtree,
                _KIND_RANK.get(m.entry.kind, 3),
                abs(m.token - head.i),
            )

        return min(mentions, key=key)

    def _country_place(self) -> Place:
        if self.ctx.main_country:
            return Place(country=self.ctx.main_country, precision="country")
        return Place()

    def _statement_place(self, actors: list[Actor], speaker_countries: set[str]) -> Place:
        """A statement is placed at the country only when the authorities of that country speak.

        A speaker the text ties to another country ('the US delegation', 'Russia's foreign
        ministry') speaks from abroad: the statement stays unplaced unless the text places it.
        """
        if speaker_countries - {self.ctx.main_country}:
            return Place()
        speakers = [a for a in actors if a.role in ("speaker", "signatory")]
        if speakers and all(a.kind in DOMESTIC_KINDS for a in speakers):
            return self._country_place()
        return Place()


def _sole_region(ctx: DocumentContext) -> PlaceMention | None:
    """The one region of its country a text names, holding every city of that country it names.

    A report on unrest in one province names its towns once and goes on about "the region":
    an act with no place of its own is there, not somewhere in the country at large.
    """
    country = ctx.main_country
    regions = {
        m.entry.name: m
        for m in ctx.places
        if m.entry.kind == "region" and m.entry.country == country
    }
    if len(regions) != 1:
        return None
    region = next(iter(regions.values()))
    cities = [m for m in ctx.places if m.entry.kind == "city" and m.entry.country == country]
    return region if all(_within(c.entry, region.entry) for c in cities) else None


def _within(city: GazetteerEntry, region: GazetteerEntry) -> bool:
    """Whether a city lies in a region the text names (by the city's known first-level region)."""
    return (
        city.kind == "city"
        and region.kind == "region"
        and city.country == region.country
        and city.admin1 is not None
        and normalise_place_name(city.admin1) == normalise_place_name(region.admin1 or region.name)
    )


def as_site(place: Place, text: str, site: tuple[int, int]) -> Place:
    """The city place narrowed to a named site in it ('outside the Kazakh embassy')."""
    return Place(
        name=place.name,
        country=place.country,
        admin1=place.admin1,
        lat=place.lat,
        lon=place.lon,
        precision="site",
        text=text[site[0] : site[1]],
    )
