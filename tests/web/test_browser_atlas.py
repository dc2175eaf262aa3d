"""The map and the timeline in a real browser (Debian's Chromium through Playwright), over the
desk's test world and three more happenings: teachers striking somewhere in Kazakhstan in March
2021 (known only by the country), a rally in the Almaty region in 1996 (a region, a year), and an
open letter nobody placed or dated. The map shades Kazakhstan instead of pinning it, says how
many happenings have no place, and draws Russia without a stripe across the Arctic; the
timeline puts 1996 years away from 2022 and counts the undated beside it. An analyst finds
Nurlan Zhaksylykov by typing his surname in Cyrillic, and the map and timeline follow that
filter; facet counts beside the list narrow it. Screenshots go to ``tests/web/artifacts/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from itertools import pairwise
from typing import Any

import pytest
from live import ARTIFACTS, CHROMIUM, chromium_page, served
from test_browser import log_in, watch

from khronika import pipeline
from khronika.model import Actor, Document, Event, Evidence, PartialDate, Place
from khronika.settings import Settings
from khronika.store import Store
from khronika.web import create_app
from khronika.web.config import WebSettings

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]
sync_api = pytest.importorskip("playwright.sync_api")

MORE = {
    "strike-en.txt": "In March 2021 teachers went on strike across Kazakhstan, the union said.",
    "rally-en.txt": "In 1996 pensioners rallied in the Almaty region over unpaid pensions.",
    "letter-en.txt": "Dana Ospan and Marat Seitkali signed an open letter against the arrests.",
}


def _document(name: str) -> Document:
    text = MORE[name]
    return Document(
        name=name,
        text=text,
        sha256=Document.hash_bytes(text.encode()),
        raw=text.encode(),
        media_type="text/plain",
        language="en",
    )


def _quote(name: str, words: str) -> tuple[Evidence, ...]:
    start = MORE[name].index(words)
    return (Evidence.from_text(name, MORE[name], start, start + len(words)),)


def _more_reports() -> dict[str, list[Event]]:
    return {
        "strike-en.txt": [
            Event(
                type="protest",
                subtype="strike",
                evidence=_quote("strike-en.txt", "teachers went on strike across Kazakhstan"),
                date=PartialDate(date(2021, 3, 1), date(2021, 3, 31), "month", "In March 2021"),
                location=Place("Kazakhstan", "KZ", None, 48.0, 68.0, "country", "Kazakhstan"),
                summary="Teachers went on strike across Kazakhstan",
            )
        ],
        "rally-en.txt": [
            Event(
                type="protest",
                evidence=_quote("rally-en.txt", "pensioners rallied in the Almaty region"),
                date=PartialDate(date(1996, 1, 1), date(1996, 12, 31), "year", "In 1996"),
                location=Place("Almaty Region", "KZ", "Almaty Region", 44.5, 77.5, "region"),
                summary="Pensioners rallied over unpaid pensions",
            )
        ],
        "letter-en.txt": [
            Event(
                type="statement",
                evidence=_quote("letter-en.txt", "signed an open letter against the arrests"),
                actors=(Actor("Dana Ospan", "person", "signatory"),),
                summary="An open letter against the arrests",
            )
        ],
    }


@pytest.fixture
def backend() -> str:
    """SQLite only: what this module adds over tests/web/test_atlas.py (which runs the map's
    data on both backends) is the drawing, the same whatever store is behind it."""
    return "sqlite"


@pytest.fixture
def server(desk_settings: Settings) -> Iterator[str]:
    """The desk over the seeded store and three more happenings, served in a thread."""
    settings = desk_settings  # the seeded store on each backend (tests/web/conftest.py)
    with Store.open(settings.database_url) as store:
        for name, reports in _more_reports().items():
            store.save_extraction(_document(name), reports, extractor="hand/1")
        pipeline.consolidate_store(store, settings)

    app = create_app(settings, web=WebSettings(), reconsolidate=lambda s: None)
    with served(app) as base:
        yield base


@pytest.fixture
def page(server: str) -> Iterator[Any]:
    with chromium_page() as opened:
        yield opened


def test_the_map_shades_a_country_and_drops_nothing(page: Any, server: str) -> None:
    p = page
    outside, errors = watch(p, server)
    log_in(p, server, "/map")
    p.wait_for_function("() => document.getElementById('map').dataset.drawn === 'yes'")
    box = p.locator("#map")

    # Seven happenings: five placed in cities or a region, one known only by its country,
    # one with no place at all; together they make the whole.
    assert box.get_attribute("data-total") == "7"
    assert box.get_attribute("data-markers") == "5"
    assert box.get_attribute("data-shaded") == "1"
    assert box.get_attribute("data-unplaced") == "1"
    assert "1 with no place (not on the map)" in p.locator("#map-count").inner_text()

    # Kazakhstan is shaded, and no circle sits on the country's middle (48 N, 68 E).
    assert p.locator("path.country-shade").count() == 1
    assert "Known only by country" in p.locator(".leaflet-control-layers").inner_text()
    legend = p.locator(".map-legend").inner_text()
    for words in ("detention", "protest", "verified", "rejected", "region", "country only"):
        assert words in legend
    p.screenshot(path=str(ARTIFACTS / "map-layers.png"))

    # A shaded country's popup lists its happenings with a link to each.
    p.locator("path.country-shade").first.click(force=True)
    popup = p.locator(".leaflet-popup-content")
    assert "Kazakhstan" in popup.inner_text()
    assert "Teachers went on strike" in popup.inner_text()
    p.wait_for_timeout(300)  # the popup fades in
    p.screenshot(path=str(ARTIFACTS / "map-country-popup.png"))

    # A circle's popup says how precisely its place is known.
    p.evaluate("() => Khronika.map.closePopup()")
    p.locator("path.point.precision-city").first.click(force=True)
    assert p.locator(".leaflet-popup-content", has_text="place known to the city").is_visible()

    assert outside == []
    assert errors == []


def test_the_outlines_are_cut_at_the_antimeridian(page: Any, server: str) -> None:
    p = page
    log_in(p, server, "/map")
    p.wait_for_function("() => document.getElementById('map').dataset.drawn === 'yes'")
    # Every ring of the outlines the map draws: no edge may jump across the map (more than 180
    # degrees of longitude), except along a pole, where Antarctica is closed.
    jumps = p.evaluate(
        """async () => {
            const topo = await (await fetch('/vendor/countries-110m.json')).json();
            const before = topojson.feature(topo, topo.objects.countries);
            const after = Khronika.cutAntimeridian(before);
            const count = (fc) => {
                const names = new Set();
                for (const f of fc.features) {
                    if (!f.geometry) continue;
                    const polys = f.geometry.type === 'Polygon'
                        ? [f.geometry.coordinates] : f.geometry.coordinates;
                    for (const poly of polys) for (const ring of poly) for (let i = 1; i < ring.length; i++) {
                        const [a, b] = [ring[i - 1], ring[i]];
                        const polar = Math.abs(a[1]) === 90 && Math.abs(b[1]) === 90;
                        if (Math.abs(b[0] - a[0]) > 180 && !polar) names.add(f.properties.name);
                    }
                }
                return [...names].sort();
            };
            return {before: count(before), after: count(after)};
        }"""
    )
    assert jumps["before"] == ["Antarctica", "Fiji", "Russia"]  # world-atlas stitches them
    assert jumps["after"] == []
    p.wait_for_timeout(500)  # the first fit may still be moving
    p.evaluate("() => Khronika.map.setView([55, 120], 2, {animate: false})")
    p.wait_for_timeout(300)
    p.screenshot(path=str(ARTIFACTS / "map-world.png"))


def test_the_timeline_is_on_a_date_axis_with_the_undated_beside_it(page: Any, server: str) -> None:
    p = page
    outside, errors = watch(p, server)
    log_in(p, server, "/timeline")
    p.wait_for_function("() => document.getElementById('timeline').dataset.drawn !== undefined")

    assert p.locator("#timeline").get_attribute("data-drawn") == "6"
    assert p.locator("#timeline-undated").inner_text() == "1"
    # The axis is one of dates: bars sit where their dates are, so the year 1996 is far from
    # January 2022, and a year is drawn much wider than a day.
    bars = p.evaluate(
        """() => {
            const chart = Chart.getChart('timeline');
            const out = {};
            chart.data.datasets.forEach((set, i) => {
                chart.getDatasetMeta(i).data.forEach((bar, j) => {
                    const h = set.data[j].h;
                    const {x, base} = bar.getProps(['x', 'base'], true);
                    out[h.date] = {left: Math.min(x, base), width: Math.abs(x - base)};
                });
            });
            return {bars: out, ticks: chart.scales.x.ticks.map(t => t.label)};
        }"""
    )
    year = bars["bars"]["1996-01-01 – 1996-12-31"]
    month = bars["bars"]["2021-03-01 – 2021-03-31"]
    day = bars["bars"]["2022-01-10"]
    assert year["width"] > 8 * month["width"]
    assert month["width"] > day["width"]
    # 1996 to 2021 is 25 years, 2021 to 2022 one: the gaps on screen say so.
    assert (month["left"] - year["left"]) > 10 * (day["left"] - month["left"])
    # Ticks on calendar years, evenly stepped.
    years = [int(tick) for tick in bars["ticks"]]
    assert years[0] <= 1999 and years[-1] >= 2020
    assert len({b - a for a, b in pairwise(years)}) == 1
    p.screenshot(path=str(ARTIFACTS / "timeline-date-axis.png"))

    assert outside == []
    assert errors == []


def test_a_person_by_a_cyrillic_spelling_and_the_map_follows(page: Any, server: str) -> None:
    p = page
    outside, errors = watch(p, server)
    log_in(p, server, "/events")

    # The list, filtered by a surname typed in Cyrillic: the Almaty detention, reported in
    # English ("Zhaksylykov") and in Russian («Жаксылыков»).
    p.fill("#filters input[name=person]", "Жаксылыков")
    p.click("#filters button[type=submit]")
    p.wait_for_url("**/events?*person=*")
    rows = p.locator("#events tbody tr")
    assert rows.count() == 1
    assert "Police detained 40 protesters in Almaty" in rows.inner_text()
    p.screenshot(path=str(ARTIFACTS / "person-cyrillic.png"))

    # A variant Latin spelling in the people search finds him too.
    p.goto(f"{server}/people?q=Zhaksylikov")
    assert p.locator("#people tbody tr").count() == 1
    assert "Nurlan Zhaksylykov" in p.locator("#people").inner_text()

    # The map and the timeline follow the list's filter.
    p.goto(f"{server}/events?person=Жаксылыков")
    p.locator("p.meta a", has_text="map").click()
    p.wait_for_function("() => document.getElementById('map').dataset.drawn === 'yes'")
    assert p.locator("#map").get_attribute("data-total") == "1"
    assert p.locator("#map").get_attribute("data-markers") == "1"
    p.screenshot(path=str(ARTIFACTS / "person-map.png"))
    p.locator("p.meta a", has_text="timeline").click()
    p.wait_for_function("() => document.getElementById('timeline').dataset.drawn !== undefined")
    assert p.locator("#timeline").get_attribute("data-drawn") == "1"
    p.screenshot(path=str(ARTIFACTS / "person-timeline.png"))

    assert outside == []
    assert errors == []


def test_facets_beside_the_list_narrow_it(page: Any, server: str) -> None:
    p = page
    outside, errors = watch(p, server)
    log_in(p, server, "/events")

    types = p.locator("#facet-type")
    assert "protest" in types.inner_text()
    assert "undated" in p.locator("#facet-year").inner_text()
    p.screenshot(path=str(ARTIFACTS / "facets.png"), full_page=True)

    # Choosing a value narrows the list to it; the same value, chosen, takes itself off.
    types.locator("a", has_text="protest").first.click()
    p.wait_for_url("**/events?*type=protest*")
    assert p.locator("#events tbody tr").count() == 2
    assert p.locator("#facet-type li.selected").count() == 1
    p.locator("#facet-type li.selected a.off").click()
    p.wait_for_url(lambda url: "type=" not in url)
    assert p.locator("#events tbody tr").count() == 7

    assert outside == []
    assert errors == []


SLIDE = """([selector, day]) => {
    const input = document.querySelector(selector);
    input.value = String(Date.parse(day + 'T00:00:00Z') / 86400000);
    input.dispatchEvent(new Event('input', {bubbles: true}));
    input.dispatchEvent(new Event('change', {bubbles: true}));
}"""


def test_one_time_window_for_the_map_and_the_timeline(page: Any, server: str) -> None:
    p = page
    outside, errors = watch(p, server)
    log_in(p, server, "/map")
    p.wait_for_function("() => document.getElementById('map').dataset.drawn === 'yes'")
    box = p.locator("#map")
    assert box.get_attribute("data-markers") == "5"

    # From 2021 on: the 1996 rally in the Almaty region leaves the map.
    p.evaluate(SLIDE, ["#time-slider .ts-from", "2021-01-01"])
    assert box.get_attribute("data-markers") == "4"
    assert box.get_attribute("data-shaded") == "1"
    # Up to the end of 2021: only the strike known by its country is left, shaded.
    p.evaluate(SLIDE, ["#time-slider .ts-to", "2021-12-31"])
    assert box.get_attribute("data-markers") == "0"
    assert box.get_attribute("data-shaded") == "1"
    assert "in the time window: 0 circles, 1 shaded" in p.locator("#map-count").inner_text()
    assert "since=2021-01-01" in p.url and "until=2021-12-31" in p.url
    assert p.locator("#filters input[name=since]").input_value() == "2021-01-01"
    p.screenshot(path=str(ARTIFACTS / "map-time-window.png"))

    # The timeline opens on the same window (the list's date filter, from the address).
    p.locator("p.meta a", has_text="timeline").click()
    p.wait_for_url("**/timeline?*since=2021-01-01*")
    p.wait_for_function("() => document.getElementById('timeline').dataset.drawn !== undefined")
    assert p.locator("#timeline").get_attribute("data-drawn") == "1"
    p.screenshot(path=str(ARTIFACTS / "timeline-time-window.png"))

    # On the timeline the slider zooms the axis and counts what the window keeps.
    p.goto(f"{server}/timeline")
    p.wait_for_function("() => document.getElementById('timeline').dataset.drawn !== undefined")
    p.evaluate(SLIDE, ["#time-slider .ts-from", "2022-01-01"])
    assert p.locator("#timeline").get_attribute("data-in-window") == "4"
    first_tick = p.evaluate("() => Chart.getChart('timeline').scales.x.min")
    assert first_tick >= p.evaluate("() => Date.UTC(2022, 0, 1)")

    assert outside == []
    assert errors == []
