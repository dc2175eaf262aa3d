"""The two trackers on hand-built documents: a blank pipeline cuts sentences, the context is
written out (places, date phrases, paragraphs), and the language's parts are small stand-ins,
so each rule of choosing and carrying a date or a place is seen on its own.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from khronika.extract.context import DateMention, DocumentContext, PlaceMention
from khronika.extract.places import Gazetteer, GazetteerEntry
from khronika.extract.trackers import (
    DateTracker,
    PlaceTracker,
    as_site,
    char_distance,
    tree_distance,
)
from khronika.model import Actor, PartialDate, Place

PUBLISHED = date(2022, 3, 10)
ALMATY = GazetteerEntry("Almaty", "city", "KZ", "Almaty", 43.25, 76.91, 2_000_000)
SHYMKENT = GazetteerEntry("Shymkent", "city", "KZ", None, 42.3, 69.6, 1_000_000)
ALMATY_REGION = GazetteerEntry("Almaty Region", "region", "KZ", "Almaty Region", None, None)
KAZAKHSTAN = GazetteerEntry("Kazakhstan", "country", "KZ", None, 51.18, 71.45)
TALGAR = GazetteerEntry("Talgar", "city", "KZ", "Almaty Region", 43.3, 77.24, 47_000)
ENTRIES = {e.name: e for e in (ALMATY, SHYMKENT, ALMATY_REGION, KAZAKHSTAN, TALGAR)}


@pytest.fixture(scope="module")
def blank() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


# --- a hand-built context ----------------------------------------------------------------------


def _places(doc: Doc) -> list[PlaceMention]:
    found = []
    for name, entry in sorted(ENTRIES.items(), key=lambda item: -len(item[0])):
        for match in re.finditer(re.escape(name), doc.text):
            span = doc.char_span(match.start(), match.end())
            if span is not None and not any(p.start <= match.start() < p.end for p in found):
                found.append(PlaceMention(match.start(), match.end(), name, entry, span.end - 1))
    return sorted(found, key=lambda p: p.start)


def _dates(text: str) -> list[DateMention]:
    pattern = r"on (?:Monday|Tuesday|20 May 2022)|the same day"
    return [DateMention(m.start(), m.end(), m.group()) for m in re.finditer(pattern, text)]


def _context(
    doc: Doc, *, main_country: str | None = "KZ", sole_city: bool = False
) -> DocumentContext:
    places = _places(doc)
    cities = [p for p in places if p.entry.kind == "city"]
    return DocumentContext(
        doc=doc,
        published=PUBLISHED,
        text=doc.text,
        places=places,
        dates=_dates(doc.text),
        datelines=[],
        main_country=main_country,
        paragraph_starts=[0] + [m.end() for m in re.finditer(r"\n\n", doc.text)],
        sole_city=cities[0] if sole_city and cities else None,
    )


MONDAY = PartialDate(date(2022, 3, 7), date(2022, 3, 7), "day", "on Monday")
TUESDAY = PartialDate(date(2022, 3, 8), date(2022, 3, 8), "day", "on Tuesday")
FUTURE = PartialDate(date(2022, 5, 20), date(2022, 5, 20), "day", "on 20 May 2022")


class _Resolver:
    """Resolves the three phrases of these texts and notes the anchor each was given."""

    def __init__(self) -> None:
        self.anchors: dict[str, PartialDate | None] = {}

    def __call__(
        self, phrase: str, *, published: date | None, anchor: PartialDate | None = None
    ) -> PartialDate:
        self.anchors[phrase] = anchor
        known = {d.text: d for d in (MONDAY, TUESDAY, FUTURE)}
        if phrase in known:
            return known[phrase]
        if phrase == "the same day" and anchor is not None:
            return PartialDate(anchor.start, anchor.end, anchor.precision, phrase)
        return PartialDate(None, None, "unknown", phrase)


def _token(doc: Doc, word: str, nth: int = 0) -> Token:
    return [t for t in doc if t.text == word][nth]


# --- distances ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [((0, 5), (10, 12), 5), ((10, 12), (0, 5), 5), ((0, 5), (3, 8), 0), ((0, 5), (5, 9), 0)],
)
def test_char_distance_between_two_spans(
    a: tuple[int, int], b: tuple[int, int], distance: int
) -> None:
    assert char_distance(*a, *b) == distance


def test_tree_distance_far_when_the_phrase_is_not_below_the_trigger(blank: Language) -> None:
    doc = blank("Police detained Marat Seitkali on Monday.")  # no parse: every token its own head

    assert tree_distance(_token(doc, "detained"), 31, 40) == 50
    assert tree_distance(_token(doc, "detained"), 7, 15) == 0  # the trigger's own words


def test_as_site_keeps_the_city_and_takes_the_site_words() -> None:
    city = Place(
        name="Almaty", country="KZ", admin1="Almaty", lat=43.25, lon=76.91, precision="city"
    )
    text = "Police detained her outside the akimat in Almaty."

    site = as_site(city, text, (20, 38))

    assert (site.name, site.country, site.lat, site.lon) == ("Almaty", "KZ", 43.25, 76.91)
    assert (site.precision, site.text) == ("site", "outside the akimat")


# --- the date tracker --------------------------------------------------------------------------


def test_date_tracker_takes_the_phrase_of_the_sentence(blank: Language) -> None:
    doc = blank("Police detained Marat Seitkali on Monday. Police freed him on Tuesday.")
    dates = DateTracker(_context(doc), _Resolver())

    assert dates.for_trigger(_token(doc, "detained")) == (MONDAY, True)
    assert dates.for_trigger(_token(doc, "freed")) == (TUESDAY, True)


def test_date_tracker_carries_a_date_of_an_eventless_sentence(blank: Language) -> None:
    doc = blank("Marat Seitkali spoke on Monday. Police detained him.")
    dates = DateTracker(_context(doc), _Resolver())

    date_, explicit = dates.for_trigger(_token(doc, "detained"))

    assert (date_.start, date_.precision, date_.text, explicit) == (
        MONDAY.start,
        "day",
        None,
        False,
    )


def test_date_tracker_carries_nothing_into_a_new_paragraph(blank: Language) -> None:
    doc = blank("Marat Seitkali spoke on Monday.\n\nPolice detained him.")
    dates = DateTracker(_context(doc), _Resolver())

    assert dates.for_trigger(_token(doc, "detained")) == (PartialDate(), False)


def test_date_tracker_anchor_is_the_last_date_before(blank: Language) -> None:
    doc = blank("Marat Seitkali spoke on Monday. Police detained him the same day.")
    resolver = _Resolver()
    dates = DateTracker(_context(doc), resolver)

    date_, explicit = dates.for_trigger(_token(doc, "detained"))

    assert resolver.anchors["the same day"] == MONDAY
    assert (date_.start, date_.text, explicit) == (MONDAY.start, "the same day", True)


def test_date_tracker_future_phrase_is_neither_date_nor_anchor(blank: Language) -> None:
    doc = blank("A vote is due on 20 May 2022. Police detained him the same day.")
    dates = DateTracker(_context(doc), _Resolver())

    assert dates.for_trigger(_token(doc, "due")) == (PartialDate(), False)
    date_, _ = dates.for_trigger(_token(doc, "detained"))
    assert date_.precision == "unknown"
    assert dates.anchor is None


def test_date_tracker_resolves_each_phrase_once(blank: Language) -> None:
    doc = blank("Police detained Marat Seitkali on Monday and beat him.")
    resolver = _Resolver()
    dates = DateTracker(_context(doc), resolver)

    first = dates.for_trigger(_token(doc, "detained"))
    second = dates.for_trigger(_token(doc, "beat"))

    assert first == second == (MONDAY, True)
    assert list(dates.cache) == [doc.text.index("on Monday")]


# --- the place tracker -------------------------------------------------------------------------


class _Rules:
    """Place rules of a toy language: 'from' marks an origin, 'outside X' is a site."""

    def site_phrase(self, head: Token, sent: Span) -> tuple[int, int] | None:
        match = re.search(r"outside the \w+", sent.text)
        if match is None:
            return None
        return sent.start_char + match.start(), sent.start_char + match.end()

    def topic_tokens(self, head: Token) -> set[int]:
        doc = head.doc
        about = [t for t in doc if t.lower_ == "about"]
        return {t.i for t in doc if about and t.i > about[0].i}

    def speaker_tokens(self, head: Token) -> set[int]:
        delegation = [t for t in head.doc if t.lower_ == "delegation"]
        return {t.i for t in head.doc if delegation and t.i <= delegation[0].i}

    def case_topic_tokens(self, head: Token) -> set[int]:
        over = [t for t in head.doc if t.lower_ == "over"]
        return {t.i for t in head.doc if over and t.i > over[0].i}

    def places_counted(self, head: Token) -> int:
        return 2 if "both cities" in head.sent.text else 0

    def is_origin(self, token: Token) -> bool:
        return token.i > 0 and token.nbor(-1).lower_ == "from"


def _tracker(doc: Doc, **ctx: object) -> PlaceTracker:
    return PlaceTracker(_context(doc, **ctx), Gazetteer(), _Rules())  # type: ignore[arg-type]


def _where(place: Place) -> tuple[str | None, str | None, str, str | None]:
    return place.name, place.country, place.precision, place.text


def test_place_tracker_city_of_the_sentence(blank: Language) -> None:
    doc = blank("Police detained Marat Seitkali in Shymkent.")

    place, explicit = _tracker(doc).for_trigger(_token(doc, "detained"), "detention", [])

    assert (_where(place), explicit) == (("Shymkent", "KZ", "city", "Shymkent"), True)


def test_place_tracker_not_where_they_came_from(blank: Language) -> None:
    doc = blank("Activists from Almaty were detained in Shymkent.")

    place, _ = _tracker(doc).for_trigger(_token(doc, "detained"), "detention", [])

    assert place.name == "Shymkent"


def test_place_tracker_city_before_region_before_country(blank: Language) -> None:
    doc = blank("In Kazakhstan, in Almaty Region, police detained students in Shymkent.")
    places = _tracker(doc)

    place, _ = places.for_trigger(_token(doc, "detained"), "detention", [])

    assert [p.entry.kind for p in places.ctx.places] == ["country", "region", "city"]
    assert place.name == "Shymkent"


def test_place_tracker_site_in_the_city_of_the_sentence(blank: Language) -> None:
    doc = blank("Police detained Marat Seitkali outside the akimat in Almaty.")

    place, explicit = _tracker(doc).for_trigger(_token(doc, "detained"), "detention", [])

    assert (_where(place), explicit) == (("Almaty", "KZ", "site", "outside the akimat"), True)


def test_place_tracker_remembered_city_is_carried_in_its_paragraph(blank: Language) -> None:
    doc = blank("Police detained Marat Seitkali in Almaty. Officers searched his flat.")
    places = _tracker(doc)
    places.remember(next(iter(doc.sents)))

    place, explicit = places.for_trigger(_token(doc, "searched"), "harassment", [])

    assert (_where(place), explicit) == (("Almaty", "KZ", "city", None), False)


def test_place_tracker_region_of_the_carried_town_does_not_replace_it(blank: Language) -> None:
    doc = blank(
        "Police detained Marat Seitkali in Talgar. "
        "He had criticised the Almaty Region governor. "
        "Officers searched his flat."
    )
    places = _tracker(doc)
    for sent in list(doc.sents)[:2]:
        places.remember(sent)

    place, _ = places.for_trigger(_token(doc, "searched"), "harassment", [])

    assert place.name == "Talgar"


def test_place_tracker_carried_city_with_a_site_is_explicit(blank: Language) -> None:
    doc = blank("Police detained Marat Seitkali in Almaty. Officers beat him outside the akimat.")
    places = _tracker(doc)
    places.remember(next(iter(doc.sents)))

    place, explicit = places.for_trigger(_token(doc, "beat"), "assault", [])

    assert (_where(place), explicit) == (("Almaty", "KZ", "site", "outside the akimat"), True)


def test_place_tracker_nothing_remembered_gives_the_country(blank: Language) -> None:
    doc = blank(
        "Police detained Marat Seitkali in Almaty and Shymkent.\n\nOfficers searched his flat."
    )
    places = _tracker(doc)
    places.remember(next(iter(doc.sents)))

    place, explicit = places.for_trigger(_token(doc, "searched"), "harassment", [])

    assert (_where(place), explicit) == ((None, "KZ", "country", None), False)


def test_place_tracker_the_one_city_named_so_far_reaches_a_new_paragraph(
    blank: Language,
) -> None:
    doc = blank(
        "Police detained Marat Seitkali in Almaty.\n\nOfficers searched his flat.\n\n"
        "Later police detained students in Shymkent."
    )

    place, _ = _tracker(doc).for_trigger(_token(doc, "searched"), "harassment", [])

    assert place.name == "Almaty"


def test_place_tracker_sole_city_reaches_a_new_paragraph(blank: Language) -> None:
    doc = blank("Police detained Marat Seitkali in Almaty.\n\nOfficers searched his flat.")

    place, _ = _tracker(doc, sole_city=True).for_trigger(_token(doc, "searched"), "harassment", [])

    assert place.name == "Almaty"


def test_place_tracker_no_country_known_is_unknown(blank: Language) -> None:
    doc = blank("Officers searched his flat.")

    place, explicit = _tracker(doc, main_country=None).for_trigger(
        _token(doc, "searched"), "harassment", []
    )

    assert (place, explicit) == (Place(), False)


MINISTRY = Actor(name="Interior Ministry", kind="government", role="speaker")
NGO = Actor(name="Amnesty International", kind="ngo", role="speaker")


def test_place_tracker_statement_skips_the_places_it_is_about(blank: Language) -> None:
    doc = blank("The ministry spoke about the rally in Almaty.")

    place, explicit = _tracker(doc).for_trigger(_token(doc, "spoke"), "statement", [MINISTRY])

    assert (_where(place), explicit) == ((None, "KZ", "country", None), False)


def test_place_tracker_statement_of_an_ngo_has_no_place(blank: Language) -> None:
    doc = blank("The group spoke about the rally in Almaty.")

    place, _ = _tracker(doc).for_trigger(_token(doc, "spoke"), "statement", [NGO])

    assert place == Place()


def test_place_tracker_statement_of_mixed_speakers_has_no_place(blank: Language) -> None:
    doc = blank("They spoke about the rally in Almaty.")

    place, _ = _tracker(doc).for_trigger(_token(doc, "spoke"), "statement", [MINISTRY, NGO])

    assert place == Place()


def test_place_tracker_statement_made_in_a_city_is_placed_there(blank: Language) -> None:
    doc = blank("In Almaty the group spoke about the rally.")

    place, explicit = _tracker(doc).for_trigger(_token(doc, "spoke"), "statement", [NGO])

    assert (place.name, explicit) == ("Almaty", True)


def test_place_tracker_statement_of_a_delegation_from_abroad_has_no_place(blank: Language) -> None:
    # The toy rules read the words up to "delegation" as the speaker's phrase.
    doc = blank("The Kazakhstan delegation spoke about the rally.")
    tracker = _tracker(doc, main_country="KG")  # a report about another country

    place, _ = tracker.for_trigger(_token(doc, "spoke"), "statement", [MINISTRY])

    assert place == Place()


def test_place_tracker_statement_of_the_countrys_own_delegation_is_at_home(
    blank: Language,
) -> None:
    doc = blank("The Kazakhstan delegation spoke about the rally.")

    place, _ = _tracker(doc).for_trigger(_token(doc, "spoke"), "statement", [MINISTRY])

    assert (place.country, place.precision) == ("KZ", "country")


def test_place_tracker_sole_region_holding_every_town_is_carried(blank: Language) -> None:
    doc = blank("In Almaty Region, protesters rallied in Talgar.\n\nPolice detained dozens.")

    place, explicit = _tracker(doc).for_trigger(_token(doc, "detained"), "detention", [])

    assert (place.name, place.precision, explicit) == ("Almaty Region", "region", False)


def test_place_tracker_region_with_a_town_outside_it_is_no_sole_region(blank: Language) -> None:
    doc = blank(
        "In Almaty Region, protesters rallied in Talgar and Shymkent.\n\nPolice detained dozens."
    )

    place, _ = _tracker(doc).for_trigger(_token(doc, "detained"), "detention", [])

    assert (place.country, place.precision) == ("KZ", "country")
