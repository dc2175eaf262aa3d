"""Issue 15's "done when", in a real browser (Debian's Chromium driven by Playwright): an analyst
uploads two files and pastes a third, watches them ingest, finds the new happenings in the review
queue, verifies two at once from the keyboard, opens a possible duplicate and merges it, finds a
person by a Cyrillic spelling, opens their case, and sees the map and the timeline follow a
filter. A screenshot of each step goes to ``tests/web/artifacts/``. Skipped without Chromium.
Runs on each backend (the seeded desk on SQLite and on PostgreSQL, tests/web/conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from intakedesk import PASTED, REPORTS
from live import ARTIFACTS, CHROMIUM, chromium_page, served
from queuedesk import AKIMAT, add_near_duplicate, add_sentence
from test_browser import log_in, watch
from test_browser_intake import finished

from khronika import pipeline
from khronika.cli import desk_intake
from khronika.settings import Settings
from khronika.store import Store
from khronika.web import create_app
from khronika.web.config import WebSettings

pytestmark = [
    pytest.mark.browser,
    pytest.mark.model,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def server(desk_settings: Settings) -> Iterator[str]:
    """The seeded desk, plus a near-duplicate of the Almaty detention and the sentence that makes
    it a case, served as ``khronika serve`` serves it (the CLI's intake and consolidation)."""
    settings = desk_settings  # the seeded store on each backend (tests/web/conftest.py)
    with Store.open(settings.database_url) as store:
        add_near_duplicate(store, settings)
        add_sentence(store, settings)

    def reconsolidate(store: Store) -> None:
        pipeline.consolidate_store(store, settings)

    app = create_app(
        settings, web=WebSettings(), reconsolidate=reconsolidate, intake=desk_intake(settings)
    )
    with served(app, stop_within=30) as base:
        yield base


@pytest.fixture
def page(server: str) -> Iterator[Any]:
    with chromium_page() as opened:
        yield opened


def shot(p: Any, step: str) -> None:
    p.screenshot(path=str(ARTIFACTS / f"workbench-{step}.png"), full_page=True)


def ingest(p: Any, server: str, tmp_path: Path) -> None:
    """Upload the two files at once, then paste the third, each batch watched to its end."""
    files = []
    for name, text in REPORTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        files.append(str(tmp_path / name))
    form = p.locator("#upload-form")
    form.locator("input[name=files]").set_input_files(files)
    form.locator("input[name=outlet]").fill("Birch Wire")
    form.locator("button[type=submit]").click()
    p.wait_for_url("**/intake/jobs/*")
    assert finished(p) == "done"
    shot(p, "1-upload-ingested")
    p.goto(f"{server}/intake")
    form = p.locator("#paste-form")
    form.locator("textarea[name=text]").fill(PASTED)
    form.locator("input[name=title]").fill("Activist detained in Kostanay")
    form.locator("button[type=submit]").click()
    p.wait_for_url("**/intake/jobs/*")
    assert finished(p) == "done"
    shot(p, "2-paste-ingested")


def row_of(p: Any, words: str) -> int:
    """The position in the queue of the first row that mentions ``words``."""
    texts: list[str] = p.locator("#queue tbody tr").all_inner_texts()
    return next(i for i, text in enumerate(texts) if words in text)


def test_the_desk_as_a_teams_workbench(page: Any, server: str, tmp_path: Path) -> None:
    p = page
    outside, errors = watch(p, server)
    log_in(p, server, "/intake")
    ingest(p, server, tmp_path)

    # The new happenings wait in the queue, unreviewed, beside the filters and their counts.
    p.goto(f"{server}/queue")
    assert p.locator(".queue-tab.open", has_text="Unreviewed").is_visible()
    for name in ("Ospan", "Abenov", "Nurgaliyeva"):
        assert p.locator("#queue tbody tr", has_text=name).count() >= 1, name
    shot(p, "3-queue")

    # Verify two at once: j to the first and x to check it, a click on the second's box,
    # v asks for the reason, Enter records it.
    first, second = row_of(p, "Ospan"), row_of(p, "Abenov")
    boxes = p.locator("#queue tbody tr input[name=ids]")
    chosen = {boxes.nth(first).get_attribute("value"), boxes.nth(second).get_attribute("value")}
    for _ in range(first + 1):
        p.keyboard.press("j")
    p.keyboard.press("x")
    p.locator("#queue tbody tr").nth(second).locator("input[name=ids]").check()
    assert p.locator("#queue tbody input[name=ids]:checked").count() == 2
    p.keyboard.press("v")
    assert p.evaluate("document.activeElement.id") == "bulk-reason"
    p.keyboard.type("checked against the outlet's own report")
    p.keyboard.press("Enter")
    p.wait_for_url("**/queue?view=unreviewed*")
    assert "verify recorded for 2 happenings" in p.locator(".flash").inner_text()
    left = {boxes.nth(i).get_attribute("value") for i in range(boxes.count())}
    assert chosen and not chosen & left
    shot(p, "4-bulk-verified")

    # A possible duplicate: both happenings side by side with the reasons; merge them.
    p.locator(".queue-tab", has_text="Possible duplicates").click()
    p.wait_for_url("**/queue?view=duplicates")
    p.locator("#queue a.button", has_text="compare").first.click()
    p.wait_for_url("**/duplicates/**")
    assert "near day uncorroborated" in p.locator("#reasons").inner_text()
    shot(p, "5-possible-duplicate")
    p.fill("#merge-pair textarea[name=reason]", "the same square and night, two outlets")
    p.click("#merge-pair button[type=submit]")
    p.wait_for_url("**/events/cl_*")
    assert "merge recorded" in p.locator(".flash").inner_text()
    assert AKIMAT in p.locator("main").inner_text()
    shot(p, "6-merged")

    # A person found by a Cyrillic spelling, and the case their timeline belongs to.
    p.goto(f"{server}/people?q=Жаксылыков")
    assert p.locator("#people tbody tr").count() == 1
    p.locator("#people tbody tr a", has_text="Nurlan Zhaksylykov").first.click()
    p.wait_for_url("**/people/*")
    shot(p, "7-person")
    p.locator("#person-timeline a[href^='/cases/']").first.click()
    p.wait_for_url("**/cases/*")
    assert p.locator("h1").inner_text() == "Case of Nurlan Zhaksylykov"
    assert p.locator("#case-steps tbody tr").count() == 2
    shot(p, "8-case")

    # The map and the timeline follow the case's filter.
    p.locator("p.meta a", has_text="on the map").click()
    p.wait_for_function("() => document.getElementById('map').dataset.drawn === 'yes'")
    assert p.locator("#map").get_attribute("data-total") == "2"
    shot(p, "9-map")
    p.locator("p.meta a", has_text="timeline").click()
    p.wait_for_function("() => document.getElementById('timeline').dataset.drawn !== undefined")
    assert p.locator("#timeline").get_attribute("data-drawn") == "2"
    shot(p, "10-timeline")

    assert outside == []
    assert errors == []


def test_the_queue_keys_move_open_and_reject(page: Any, server: str) -> None:
    p = page
    outside, errors = watch(p, server)
    log_in(p, server, "/queue")
    boxes = p.locator("#queue tbody tr input[name=ids]")
    first, second = boxes.nth(0).get_attribute("value"), boxes.nth(1).get_attribute("value")

    # j, j, k: back on the first row; o opens it.
    for key in ("j", "j", "k"):
        p.keyboard.press(key)
    assert p.locator("#queue tbody tr.current input").get_attribute("value") == first
    p.keyboard.press("o")
    p.wait_for_url(f"**/events/{first}")
    p.goto(f"{server}/queue")

    # With the reason typed first, r rejects the current row at once (nothing was checked).
    p.fill("#bulk-reason", "a duplicate wire copy, not an event")
    p.keyboard.press("Escape")
    p.keyboard.press("j")
    p.keyboard.press("j")
    p.keyboard.press("r")
    p.wait_for_url("**/queue?view=unreviewed*")
    assert "reject recorded for 1 happening" in p.locator(".flash").inner_text()
    left = {boxes.nth(i).get_attribute("value") for i in range(boxes.count())}
    assert second not in left and first in left
    shot(p, "keys-rejected")

    assert outside == []
    assert errors == []
