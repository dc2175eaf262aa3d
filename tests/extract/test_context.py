"""What a whole document tells its events: datelines, the places it names, its main country,
its one city, its date phrases and its paragraphs. Short invented texts, parsed once each.
"""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from khronika.extract.context import DocumentContext, build_context, find_datelines
from khronika.extract.en.dates import find_date_mentions
from khronika.extract.places import Gazetteer

PUBLISHED = date(2022, 3, 10)


def _context(nlp: Language, gazetteer: Gazetteer, text: str) -> DocumentContext:
    return build_context(
        nlp(text), published=PUBLISHED, gazetteer=gazetteer, find_dates=find_date_mentions
    )


def _places(ctx: DocumentContext) -> list[tuple[str, str, str, str | None]]:
    return [(p.text, p.entry.name, p.entry.kind, p.entry.country) for p in ctx.places]


def _datelines(text: str) -> list[str]:
    return [text[start:end] for start, end in find_datelines(text)]


# --- datelines (no model) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("ALMATY, Kazakhstan -- Police detained Marat Seitkali.", "ALMATY, Kazakhstan --"),
        ("ASTANA (KazTAG) — The court fined Dana Ospan.", "ASTANA (KazTAG) —"),
        ("TARAZ: Police detained Marat Seitkali.", "TARAZ"),
        ("Almaty, March 9, 2022 - Police detained Marat Seitkali.", "Almaty, March 9, 2022 - "),
    ],
)
def test_find_datelines_caps_or_dated_place_at_the_start(text: str, dateline: str) -> None:
    assert _datelines(text) == [dateline]


def test_find_datelines_at_the_start_of_a_later_paragraph() -> None:
    text = "Police detained Marat Seitkali.\n\nSHYMKENT, Kazakhstan -- A rally took place."

    [(start, end)] = find_datelines(text)

    assert (start, text[start:end]) == (33, "SHYMKENT, Kazakhstan --")


@pytest.mark.parametrize(
    "text",
    [
        "The NATO summit began.",  # an acronym in running text
        "Police detained him. ALMATY is big.",  # capitals in mid-line
        "Police detained Marat Seitkali in Almaty on March 9, 2022.",
    ],
)
def test_find_datelines_none_in_running_text(text: str) -> None:
    assert find_datelines(text) == []


# --- places ------------------------------------------------------------------------------------


@pytest.mark.model
def test_context_city_of_an_institution_is_a_place(nlp: Language, gazetteer: Gazetteer) -> None:
    ctx = _context(nlp, gazetteer, "Almaty police detained Marat Seitkali.")

    assert _places(ctx) == [("Almaty", "Almaty", "city", "KZ")]


@pytest.mark.model
def test_context_people_adjective_is_no_country(nlp: Language, gazetteer: Gazetteer) -> None:
    ctx = _context(nlp, gazetteer, "Kazakh police detained Marat Seitkali in Aktau.")

    assert _places(ctx) == [("Aktau", "Aktau", "city", "KZ")]
    assert ctx.main_country == "KZ"


@pytest.mark.model
def test_context_possessive_is_stripped_from_a_place(nlp: Language, gazetteer: Gazetteer) -> None:
    ctx = _context(
        nlp, gazetteer, "Police detained Marat Seitkali in Almaty. Almaty's mayor said nothing."
    )

    assert [p.text for p in ctx.places] == ["Almaty", "Almaty"]
    assert ctx.places[0].start < ctx.places[1].start


@pytest.mark.model
def test_context_place_in_a_dateline_is_not_a_place_of_the_text(
    nlp: Language, gazetteer: Gazetteer
) -> None:
    ctx = _context(nlp, gazetteer, "ALMATY, Kazakhstan -- Police detained Marat Seitkali.")

    assert ctx.places == []
    assert ctx.datelines == [(0, 21)]
    assert ctx.main_country == "KZ"  # the dateline still says which country the text is about


@pytest.mark.model
def test_context_city_and_its_country(nlp: Language, gazetteer: Gazetteer) -> None:
    ctx = _context(nlp, gazetteer, "Activists in Almaty, Kazakhstan, were detained.")

    assert _places(ctx) == [
        ("Almaty", "Almaty", "city", "KZ"),
        ("Kazakhstan", "Kazakhstan", "country", "KZ"),
    ]


@pytest.mark.model
def test_context_place_mentions_point_at_their_text(nlp: Language, gazetteer: Gazetteer) -> None:
    text = "Protesters marched from Shymkent to Almaty and on to Bishkek."

    ctx = _context(nlp, gazetteer, text)

    assert [text[p.start : p.end] for p in ctx.places] == ["Shymkent", "Almaty", "Bishkek"]
    assert [ctx.doc[p.token].text for p in ctx.places] == ["Shymkent", "Almaty", "Bishkek"]


# --- main country and sole city ----------------------------------------------------------------


@pytest.mark.model
def test_context_main_country_is_the_most_named(nlp: Language, gazetteer: Gazetteer) -> None:
    ctx = _context(nlp, gazetteer, "Protesters marched from Shymkent to Almaty and on to Bishkek.")

    assert ctx.main_country == "KZ"


@pytest.mark.model
def test_context_main_country_tie_goes_to_the_first_named(
    nlp: Language, gazetteer: Gazetteer
) -> None:
    ctx = _context(nlp, gazetteer, "Dana Ospan flew from Paris to Almaty.")

    assert ctx.main_country == "FR"


@pytest.mark.model
def test_context_without_places_has_no_country(nlp: Language, gazetteer: Gazetteer) -> None:
    ctx = _context(nlp, gazetteer, "Police detained Marat Seitkali on Monday.")

    assert (ctx.places, ctx.main_country, ctx.sole_city) == ([], None, None)


@pytest.mark.model
def test_context_sole_city_named_twice_is_still_sole(nlp: Language, gazetteer: Gazetteer) -> None:
    ctx = _context(
        nlp, gazetteer, "Police detained Marat Seitkali in Almaty. Almaty's mayor said nothing."
    )

    assert ctx.sole_city is not None
    assert ctx.sole_city.entry.name == "Almaty"


@pytest.mark.model
def test_context_two_cities_make_no_sole_city(nlp: Language, gazetteer: Gazetteer) -> None:
    ctx = _context(nlp, gazetteer, "Protesters marched from Shymkent to Almaty.")

    assert ctx.sole_city is None


@pytest.mark.model
def test_context_sole_city_must_be_in_the_main_country(nlp: Language, gazetteer: Gazetteer) -> None:
    ctx = _context(nlp, gazetteer, "Dana Ospan flew from Paris to Almaty.")

    assert ctx.sole_city is not None
    assert ctx.sole_city.entry.name == "Paris"


# --- dates -------------------------------------------------------------------------------------


@pytest.mark.model
def test_context_dates_skip_a_year_inside_a_name(nlp: Language, gazetteer: Gazetteer) -> None:
    text = (
        "Police detained Marat Seitkali in Zhanaozen on Monday. He had lived in Aktau since "
        "2015, during the Kazakhstan 2050 programme."
    )

    ctx = _context(nlp, gazetteer, text)

    assert [d.text for d in ctx.dates] == ["on Monday", "since 2015"]


@pytest.mark.model
def test_context_dates_skip_the_dateline(nlp: Language, gazetteer: Gazetteer) -> None:
    text = "Almaty, March 9, 2022 - Police detained Marat Seitkali on Monday."

    ctx = _context(nlp, gazetteer, text)

    assert [d.text for d in ctx.dates] == ["on Monday"]


@pytest.mark.model
def test_context_dates_in_a_sentence(nlp: Language, gazetteer: Gazetteer) -> None:
    text = "Police detained Marat Seitkali on Monday. A court fined him on Wednesday."

    ctx = _context(nlp, gazetteer, text)
    first, second = ctx.doc.sents

    assert [d.text for d in ctx.dates_in(first)] == ["on Monday"]
    assert [d.text for d in ctx.dates_in(second)] == ["on Wednesday"]
    assert ctx.published == PUBLISHED


# --- paragraphs --------------------------------------------------------------------------------


@pytest.mark.model
def test_context_paragraph_of_a_character(nlp: Language, gazetteer: Gazetteer) -> None:
    text = "Police detain activist\n\nPolice detained Marat Seitkali.\n \n\nHe was freed."

    ctx = _context(nlp, gazetteer, text)

    assert ctx.paragraph_starts == [0, 24, 59]
    assert [ctx.paragraph_of(i) for i in (0, 23, 24, 58, 59, len(text) - 1)] == [0, 0, 1, 1, 2, 2]


@pytest.mark.model
def test_context_single_line_break_is_no_new_paragraph(nlp: Language, gazetteer: Gazetteer) -> None:
    ctx = _context(nlp, gazetteer, "Police detained Marat Seitkali.\nHe was freed on Monday.")

    assert ctx.paragraph_starts == [0]


@pytest.mark.model
def test_context_places_in_a_sentence(nlp: Language, gazetteer: Gazetteer) -> None:
    text = "Police detained Marat Seitkali in Almaty. Dana Ospan was fined in Shymkent."

    ctx = _context(nlp, gazetteer, text)
    first, second = ctx.doc.sents

    assert [p.text for p in ctx.places_in(first)] == ["Almaty"]
    assert [p.text for p in ctx.places_in(second)] == ["Shymkent"]
