"""Material in from the browser, in a real browser (Debian's Chromium driven by Playwright): an
analyst uploads two invented reports, pastes a third, watches each batch finish on its page, and
finds the new happenings in the list. Screenshots go to ``tests/web/artifacts/``. Skipped when
/usr/bin/chromium is not installed. Runs on each backend (tests/web/conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from intakedesk import PASTED, REPORTS
from live import ARTIFACTS, CHROMIUM, chromium_page, served
from test_browser import log_in, watch

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
    """The desk as ``khronika serve`` builds it (with the CLI's intake), in a thread."""
    settings = desk_settings  # the seeded store on each backend (tests/web/conftest.py)

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


def finished(p: Any) -> str:
    """Wait until the batch's page says it has ended (its script polls the status); its state."""
    p.wait_for_function(
        "() => ['done', 'failed'].includes(document.getElementById('job').dataset.state)",
        timeout=120_000,
    )
    state: str = p.locator("#job-state").inner_text()
    return state


def test_an_analyst_uploads_two_reports_pastes_a_third_and_finds_them(
    page: Any, server: str, tmp_path: Path
) -> None:
    p = page
    outside, errors = watch(p, server)
    files = []
    for name, text in REPORTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        files.append(str(tmp_path / name))

    # Log in; the navigation offers an analyst "Add material".
    log_in(p, server, "/intake")
    assert p.locator("nav a[href='/intake']").is_visible()
    p.screenshot(path=str(ARTIFACTS / "intake-forms.png"), full_page=True)

    # Upload two reports at once, with the outlet they came from.
    form = p.locator("#upload-form")
    form.locator("input[name=files]").set_input_files(files)
    form.locator("input[name=outlet]").fill("Birch Wire")
    form.locator("button[type=submit]").click()
    p.wait_for_url("**/intake/jobs/*")
    assert finished(p) == "done"
    assert p.locator("#job-progress").get_attribute("value") == "2"
    assert p.locator("#job-documents li").count() == 2
    assert p.locator("#job-errors li").count() == 0
    assert p.locator("#job-happenings li a").count() >= 2
    p.screenshot(path=str(ARTIFACTS / "intake-upload-done.png"), full_page=True)

    # Paste the third, with its title.
    p.goto(f"{server}/intake")
    form = p.locator("#paste-form")
    form.locator("textarea[name=text]").fill(PASTED)
    form.locator("input[name=title]").fill("Activist detained in Kostanay")
    form.locator("input[name=published]").fill("2025-06-03")
    form.locator("button[type=submit]").click()
    p.wait_for_url("**/intake/jobs/*")
    assert finished(p) == "done"
    happening = p.locator("#job-happenings li a").first
    assert happening.is_visible()
    p.screenshot(path=str(ARTIFACTS / "intake-paste-done.png"), full_page=True)

    # The new happenings are in the list, found by the people they name.
    for name in ("Ospan", "Abenov", "Nurgaliyeva"):
        p.goto(f"{server}/events?q={name}")
        assert p.locator("#events tbody tr a").count() >= 1, name
    p.screenshot(path=str(ARTIFACTS / "intake-found-in-list.png"), full_page=True)

    # And a batch's happening opens with its evidence marked in the pasted text.
    p.goto(f"{server}/intake")
    assert p.locator("#jobs tbody tr").count() == 2
    p.locator("#jobs tbody tr a").first.click()
    p.locator("#job-happenings li a").first.click()
    p.wait_for_url("**/events/cl_*")
    assert p.locator("mark#evidence-0").is_visible()
    p.screenshot(path=str(ARTIFACTS / "intake-happening.png"))

    assert outside == []
    assert errors == []
