"""The desk keeps every review true, in a real browser (Debian's Chromium driven by Playwright):
an analyst corrects a happening's type, date and place by form and finds it under the new values
in the list, the map's data and an export; then merges a verified happening into a rejected one,
splits it back out, merges again by reverting the split, and reverts the merge, with every
review kept and every old address leading to the happening. Skipped without /usr/bin/chromium.
Runs on each backend (the seeded desk on SQLite and on PostgreSQL, tests/web/conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from live import ARTIFACTS, CHROMIUM, chromium_page, served
from webdesk import PASSWORD

from khronika import pipeline
from khronika.cli import find_place
from khronika.settings import Settings
from khronika.store import EventFilter, Store
from khronika.web import create_app
from khronika.web.config import WebSettings

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]
sync_api = pytest.importorskip("playwright.sync_api")


@dataclass(frozen=True)
class Live:
    """The served desk, and the seeded happenings' ids as they were at the start."""

    base: str
    minsk: str
    kyiv: str
    almaty: str
    kyiv_report: str


@pytest.fixture
def live(desk_settings: Settings) -> Iterator[Live]:
    settings = desk_settings  # the seeded store on each backend (tests/web/conftest.py)
    with Store.open(settings.database_url) as store:

        def with_source(doc: str) -> str:
            [found] = [c.id for c in store.clusters(EventFilter(doc=doc))]
            return found

        ids = {
            "minsk": with_source("minsk-en.txt"),
            "kyiv": with_source("kyiv-uk.txt"),
            "almaty": with_source("almaty-en.txt"),
            "kyiv_report": store.events(EventFilter(doc="kyiv-uk.txt"))[0].id,
        }

    def reconsolidate(store: Store) -> None:
        pipeline.consolidate_store(store, settings)

    app = create_app(settings, web=WebSettings(), reconsolidate=reconsolidate, places=find_place)
    with served(app) as base:
        yield Live(base=base, **ids)


@pytest.fixture
def page(live: Live) -> Iterator[Any]:
    with chromium_page(accept_downloads=True) as opened:
        opened.goto(f"{live.base}/login")
        opened.fill("input[name=name]", "ana")
        opened.fill("input[name=password]", PASSWORD)
        opened.click("button[type=submit]")
        opened.wait_for_url(f"{live.base}/events")
        yield opened


def correct(p: Any, field: str, reason: str, fill: dict[str, str], choose: dict[str, str]) -> None:
    """Correct one field with the page's edit form, as an analyst would."""
    p.select_option("#edit-field", field)
    for name, text in fill.items():
        p.fill(f"#edit-form [name='{name}']", text)
    for name, option in choose.items():
        p.select_option(f"#edit-form select[name='{name}']", option)
    p.fill("#edit-form textarea[name=reason]", reason)
    p.click("#edit-form button[type=submit]")
    p.wait_for_url("**done=*")


def rule(p: Any, base: str, cluster: str, form: str, reason: str, **inputs: str) -> None:
    """Merge or split from a happening's page."""
    p.goto(f"{base}/events/{cluster}")
    for name, text in inputs.items():
        if name == "report":
            p.select_option(f"#{form}-form select[name=report]", text)
        else:
            p.fill(f"#{form}-form [name={name}]", text)
    p.fill(f"#{form}-form textarea[name=reason]", reason)
    p.click(f"#{form}-form button[type=submit]")
    p.wait_for_url("**done=*")


def verdict(p: Any, base: str, cluster: str, action: str, reason: str) -> None:
    """Verify or reject from a happening's page."""
    p.goto(f"{base}/events/{cluster}")
    p.fill("#verify-form textarea[name=reason]", reason)
    p.click(f"#verify-form button[value={action}]")
    p.wait_for_url("**done=*")


def status_at(p: Any, base: str, cluster: str) -> tuple[str, str]:
    """Where a happening's address leads, and the review status shown there."""
    p.goto(f"{base}/events/{cluster}")
    return p.url.split("/events/")[1].split("?")[0], p.locator("#review-status").inner_text()


def test_an_edit_by_form_is_found_in_the_list_the_map_and_an_export(page: Any, live: Live) -> None:
    p, base = page, live.base
    p.goto(f"{base}/events/{live.minsk}")
    # Only the chosen field's inputs show; none of them is a JSON box.
    assert p.locator("#edit-form [name=date_start]").is_hidden()
    correct(p, "type", "the report says beaten", {}, {"type": "assault"})
    correct(p, "date", "the court record", {"date_start": "2021-03-02"}, {"date_precision": "day"})
    # A place the gazetteer does not know comes back with what was typed.
    p.select_option("#edit-field", "location")
    p.fill("#edit-form [name=place]", "Xqzzyville")
    p.fill("#edit-form textarea[name=reason]", "moved")
    p.click("#edit-form button[type=submit]")
    assert "is not in the gazetteer" in p.locator("p.problem").inner_text()
    assert p.locator("#edit-form [name=place]").input_value() == "Xqzzyville"
    correct(p, "location", "moved", {"place": "Almaty"}, {})
    p.locator("#history").scroll_into_view_if_needed()
    p.screenshot(path=str(ARTIFACTS / "event-edited-by-form.png"))

    # The list finds it under the new type, place and date, and only there.
    p.goto(f"{base}/events?type=assault&place=Kazakhstan&since=2021-03-01&until=2021-03-03")
    rows = p.locator("#events tbody tr")
    assert rows.count() == 1 and live.minsk in rows.first.inner_html()
    p.goto(f"{base}/events?type=detention&place=Minsk")
    assert live.minsk not in p.content()

    # The map's data places it at Almaty; an export carries the reviewed values.
    layers = p.request.get(f"{base}/api/events.geojson?type=assault").json()
    [point] = [f for f in layers["features"] if f["properties"]["id"] == live.minsk]
    lon, lat = point["geometry"]["coordinates"]
    assert 76 < lon < 78 and 42 < lat < 44
    exported = p.request.get(f"{base}/api/export/csv?type=assault&since=2021-03-02").text()
    [line] = [row for row in exported.splitlines() if live.minsk in row]
    assert "assault" in line and "2021-03-02" in line and "KZ" in line


def test_a_merge_of_opposite_verdicts_and_back_keeps_every_review(page: Any, live: Live) -> None:
    p, base, kyiv, almaty = page, live.base, live.kyiv, live.almaty
    verdict(p, base, kyiv, "verify", "the court record confirms it")
    verdict(p, base, almaty, "reject", "a rumour")

    # Merge the verified Kyiv happening into the rejected Almaty one: it needs review, both shown.
    rule(p, base, kyiv, "merge", "one wave of arrests", other=almaty)
    assert status_at(p, base, kyiv) == (almaty, "needs review")  # the old address leads on
    notes = p.locator("#review-notes").inner_text()
    assert "verified in review" in notes and "rejected in review" in notes
    history = p.locator("#history-table tbody").inner_text()
    assert f"absorbed from {kyiv}" in history and "ruling" in history
    p.screenshot(path=str(ARTIFACTS / "event-merged-needs-review.png"), full_page=True)

    # Split Kyiv's report back out: Kyiv's id and verdict come back with it.
    rule(p, base, almaty, "split", "two arrests after all", report=live.kyiv_report)
    assert status_at(p, base, kyiv) == (kyiv, "verified")
    assert status_at(p, base, almaty) == (almaty, "rejected")

    # Revert the split from Almaty's history (merged again), then the merge itself.
    for action in ("split", "merge"):
        p.goto(f"{base}/events/{almaty}")
        row = p.locator("#history-table tbody tr", has_text=action).filter(has=p.locator("button"))
        row.locator("button", has_text="Revert").click()
        p.wait_for_url("**done=*")
        if action == "split":
            assert status_at(p, base, kyiv) == (almaty, "needs review")

    assert status_at(p, base, kyiv) == (kyiv, "verified")
    assert status_at(p, base, almaty) == (almaty, "rejected")
    # Every review is kept where it was made: both verdicts, the merge and the split, reverted.
    p.goto(f"{base}/events/{kyiv}")
    kept = p.locator("#history-table tbody tr")
    assert [kept.nth(i).locator("td").nth(3).inner_text().split()[0] for i in range(2)] == [
        "verify",
        "merge",
    ]
    assert kept.count() == 2 and "by ana" in kept.nth(1).inner_text()  # the merge, reverted
    p.goto(f"{base}/events/{almaty}")
    kept = p.locator("#history-table tbody tr")
    assert kept.count() == 2
    assert "reject" in kept.nth(0).inner_text() and "split" in kept.nth(1).inner_text()
    assert "by ana" in kept.nth(1).inner_text()
