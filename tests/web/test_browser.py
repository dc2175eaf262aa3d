"""The desk in a real browser (Debian's Chromium driven by Playwright): an analyst logs in,
filters the list, opens a happening, sees its evidence marked inside the source, verifies it,
finds the review in the history, and opens the map and the timeline. Screenshots go to
``tests/web/artifacts/``. Skipped when /usr/bin/chromium is not installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from live import ARTIFACTS, CHROMIUM, chromium_page, served
from webdesk import PASSWORD, TEXTS

from khronika import pipeline
from khronika.settings import Settings
from khronika.store import Store
from khronika.web import create_app
from khronika.web.config import WebSettings

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def server(desk_settings: Settings) -> Iterator[str]:
    """The desk over a copy of the seeded store, served by uvicorn in a thread."""
    settings = desk_settings  # the seeded store on each backend (tests/web/conftest.py)

    def reconsolidate(store: Store) -> None:
        pipeline.consolidate_store(store, settings)

    with served(create_app(settings, web=WebSettings(), reconsolidate=reconsolidate)) as base:
        yield base


@pytest.fixture
def page(server: str) -> Iterator[Any]:
    with chromium_page(accept_downloads=True) as opened:
        yield opened


def watch(p: Any, server: str) -> tuple[list[str], list[str]]:
    """Requests that left this server, and console errors (a CSP violation is one)."""
    outside: list[str] = []
    errors: list[str] = []
    p.on("request", lambda r: None if r.url.startswith(server) else outside.append(r.url))
    p.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return outside, errors


def log_in(p: Any, server: str, target: str) -> None:
    p.goto(f"{server}{target}")
    assert "/login" in p.url  # every page sends a stranger to the login form
    p.fill("input[name=name]", "ana")
    p.fill("input[name=password]", PASSWORD)
    p.click("button[type=submit]")
    p.wait_for_url(f"{server}{target}")


def test_an_analyst_reviews_a_happening_from_its_evidence(page: Any, server: str) -> None:
    p = page
    outside, errors = watch(p, server)

    # Log in: the list sends us to the login form and back.
    log_in(p, server, "/events")

    # Filter the list to detentions.
    p.select_option("select[name=type]", "detention")
    p.click("#filters button[type=submit]")
    p.wait_for_url("**/events?*type=detention*")
    assert p.locator("#events tbody tr").count() == 2
    p.screenshot(path=str(ARTIFACTS / "events-list.png"))

    # Open the happening reported by two sources.
    row = p.locator("#events tbody tr", has=p.locator("td.num", has_text="2"))
    row.locator("a").first.click()
    p.wait_for_url("**/events/cl_*")
    mark = p.locator("mark#evidence-0")
    assert mark.is_visible()
    assert mark.inner_text() == "Police detained 40 protesters in Almaty"
    assert p.locator("mark#evidence-1").is_visible()
    p.locator("#fields").scroll_into_view_if_needed()
    p.screenshot(path=str(ARTIFACTS / "event-evidence.png"), full_page=True)
    mark.scroll_into_view_if_needed()
    p.screenshot(path=str(ARTIFACTS / "event-evidence-mark.png"))

    # Verify it, with a reason, and find the review in the history.
    p.fill("#verify-form textarea[name=reason]", "Both outlets confirm the detentions")
    p.click("#verify-form button[value=verify]")
    p.wait_for_url("**/events/cl_*done=*")
    history = p.locator("#history-table tbody")
    assert "Both outlets confirm the detentions" in history.inner_text()
    assert "verify" in history.inner_text()
    assert p.locator("#review-status").inner_text() == "verified"
    p.locator("#history").scroll_into_view_if_needed()
    p.screenshot(path=str(ARTIFACTS / "event-history.png"))

    # The map: country outlines and clustered markers, all from this server.
    p.goto(f"{server}/map")
    p.wait_for_function("() => document.getElementById('map').dataset.markers !== undefined")
    assert p.locator("#map").get_attribute("data-markers") == "4"
    p.wait_for_selector(".leaflet-marker-icon, .marker-cluster")
    assert p.locator(".leaflet-marker-icon, .marker-cluster").count() >= 1
    p.wait_for_function("() => document.querySelectorAll('#map svg path').length > 100")
    p.screenshot(path=str(ARTIFACTS / "map.png"))

    # The timeline: a stacked bar chart drawn on its canvas.
    p.goto(f"{server}/timeline")
    p.wait_for_function("() => document.getElementById('timeline').dataset.drawn !== undefined")
    assert p.locator("#timeline").get_attribute("data-drawn") == "4"
    painted = p.evaluate(
        """() => {
            const c = document.getElementById('timeline');
            const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
            return n;
        }"""
    )
    assert painted > 1000
    p.screenshot(path=str(ARTIFACTS / "timeline.png"))

    assert outside == []
    assert errors == []


def test_the_api_docs_and_a_document_render(page: Any, server: str) -> None:
    p = page
    outside, errors = watch(p, server)
    log_in(p, server, "/api/docs")

    p.wait_for_selector(".swagger-ui .opblock")
    assert p.locator(".swagger-ui .opblock").count() >= 10
    p.screenshot(path=str(ARTIFACTS / "api-docs.png"))

    p.goto(f"{server}/documents/almaty-en.txt")
    assert "the bytes kept match the recorded hash" in p.locator("#custody").inner_text()
    with p.expect_download() as download:
        p.click("#download")
    assert Path(download.value.path()).read_bytes() == TEXTS["almaty-en.txt"].encode("utf-8")
    p.screenshot(path=str(ARTIFACTS / "document.png"), full_page=True)

    assert outside == []
    assert errors == []


def test_a_quote_far_down_a_long_source_is_scrolled_into_its_box(page: Any, server: str) -> None:
    p = page
    log_in(p, server, "/events?type=detention")
    p.locator("#events tbody tr", has=p.locator("td.num", has_text="2")).locator("a").first.click()
    p.wait_for_url("**/events/cl_*")
    # One copy of each source on the page, whatever the number of its quotes.
    assert p.locator(".source-text").count() == p.locator("article.evidence").count() == 2
    # Make the first source long: three hundred lines before its quote.
    p.evaluate(
        """() => {
            const box = document.querySelector(".source-text");
            box.insertBefore(document.createTextNode("filler line\\n".repeat(300)), box.firstChild);
            box.scrollTop = 0;
        }"""
    )
    p.locator("a.to-mark[data-mark=evidence-0]").click()

    inside = p.evaluate(
        """() => {
            const box = document.querySelector(".source-text");
            const mark = document.getElementById("evidence-0");
            const b = box.getBoundingClientRect(), m = mark.getBoundingClientRect();
            return [box.scrollTop > 0, m.top >= b.top && m.bottom <= b.bottom];
        }"""
    )
    assert inside == [True, True]
