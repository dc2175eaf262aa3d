"""The web desk's test world: five short documents with hand-built reports (no spaCy), three
accounts (viewer, analyst, admin with TOTP), and logging in through the forms like a browser.

Imported by the tests as ``webdesk`` (the test folders are not packages; the name is unique).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pyotp
from fastapi import FastAPI
from fastapi.testclient import TestClient

from khronika import pipeline
from khronika.accounts import hash_password
from khronika.model import Actor, Count, Document, Event, Evidence, PartialDate, Place
from khronika.settings import Settings
from khronika.store import Store

PASSWORD = "correct horse battery"
ADMIN_TOTP = pyotp.random_base32()

TEXTS = {
    "almaty-en.txt": (
        "ALMATY, 5 January 2022. Police detained 40 protesters in Almaty on Wednesday, among "
        "them the activist Nurlan Zhaksylykov, witnesses said. The crowd had gathered on Republic "
        'Square against the doubling of fuel prices; some <b>placards</b> read "Shal, ket!".'
    ),
    "almaty-ru.txt": (
        "Алматы. 5 января 2022 года полиция задержала 60 протестующих в Алматы, среди них "
        "Нурлан Жаксылыков, сообщило МВД."
    ),
    "kyiv-uk.txt": "У Києві 3 січня 2022 року поліція затримала активістку Олену Гайдамаку.",
    "minsk-en.txt": (
        "MINSK, 10 January 2022. A court in Minsk fined the journalist Ales Hrynkevich for "
        "covering a picket, his lawyer said."
    ),
    "statement-en.txt": (
        "On 6 January 2022 Amnesty International condemned the mass detentions in Almaty and "
        "called for the release of everyone held."
    ),
}

ALMATY = Place(name="Almaty", country="KZ", lat=43.25, lon=76.92, precision="city", text="Almaty")
KYIV = Place(name="Kyiv", country="UA", lat=50.45, lon=30.52, precision="city", text="Києві")
MINSK = Place(name="Minsk", country="BY", lat=53.9, lon=27.56, precision="city", text="Minsk")


def document(name: str) -> Document:
    text = TEXTS[name]
    raw = text.encode("utf-8")
    media = "text/html" if name.endswith(".html") else "text/plain"
    return Document(
        name=name,
        text=text,
        sha256=Document.hash_bytes(raw),
        raw=raw,
        media_type=media,
        outlet="Test Wire",
        address=f"https://example.org/{name}",
        published=date(2022, 1, 6),
        language="en",
        ingested_by="tester",
    )


def quote(name: str, words: str) -> tuple[Evidence, ...]:
    text = TEXTS[name]
    start = text.index(words)
    return (Evidence.from_text(name, text, start, start + len(words)),)


def day(d: int) -> PartialDate:
    return PartialDate(start=date(2022, 1, d), end=date(2022, 1, d), precision="day")


REPORTS: dict[str, list[Event]] = {
    "almaty-en.txt": [
        Event(
            type="detention",
            evidence=quote("almaty-en.txt", "Police detained 40 protesters in Almaty"),
            date=day(5),
            location=ALMATY,
            actors=(
                Actor("police", "police", "perpetrator"),
                Actor("Nurlan Zhaksylykov", "person", "target"),
            ),
            counts={"detained": Count(40, 40, "40", attributed_to="witnesses")},
            summary="Police detained 40 protesters in Almaty",
            confidence=0.8,
        )
    ],
    "almaty-ru.txt": [
        Event(
            type="detention",
            evidence=quote("almaty-ru.txt", "полиция задержала 60 протестующих в Алматы"),
            date=day(5),
            location=Place(
                name="Almaty", country="KZ", lat=43.25, lon=76.92, precision="city", text="Алматы"
            ),
            actors=(
                Actor("полиция", "police", "perpetrator"),
                Actor("Нурлан Жаксылыков", "person", "target"),
            ),
            counts={"detained": Count(60, 60, "60", attributed_to="МВД")},
            summary="полиция задержала 60 протестующих",
            confidence=0.7,
        )
    ],
    "kyiv-uk.txt": [
        Event(
            type="detention",
            evidence=quote("kyiv-uk.txt", "поліція затримала активістку Олену Гайдамаку"),
            date=day(3),
            location=KYIV,
            actors=(Actor("Олену Гайдамаку", "person", "target"),),
            summary="Police detained the activist Olena Haidamaka in Kyiv",
            confidence=0.75,
        )
    ],
    "minsk-en.txt": [
        Event(
            type="legal_action",
            subtype="fine",
            evidence=quote("minsk-en.txt", "A court in Minsk fined the journalist Ales Hrynkevich"),
            date=day(10),
            location=MINSK,
            actors=(
                Actor("court in Minsk", "court", "perpetrator"),
                Actor("Ales Hrynkevich", "person", "target"),
            ),
            summary="A Minsk court fined the journalist Ales Hrynkevich",
            confidence=0.6,
        )
    ],
    "statement-en.txt": [
        Event(
            type="statement",
            subtype="condemnation",
            evidence=quote(
                "statement-en.txt", "Amnesty International condemned the mass detentions"
            ),
            date=day(6),
            location=ALMATY,
            actors=(Actor("Amnesty International", "ngo", "speaker"),),
            summary="Amnesty International condemned the detentions in Almaty",
            confidence=0.55,
        )
    ],
}


def seed(store: Store, settings: Settings) -> None:
    for name, reports in REPORTS.items():
        store.save_extraction(document(name), reports, extractor="hand/1")
    pipeline.consolidate_store(store, settings)
    store.add_account("vera", "viewer", hash_password(PASSWORD))
    store.add_account("ana", "analyst", hash_password(PASSWORD))
    store.add_account("adam", "admin", hash_password(PASSWORD))
    store.update_account("adam", totp_secret=ADMIN_TOTP)


@dataclass
class Desk:
    """The app under test, its store (a second handle on the same file) and its settings."""

    app: FastAPI
    store: Store
    settings: Settings
    # What --db names: the SQLite file's path, or the PostgreSQL URL.
    db: str

    def cluster_with(self, doc: str) -> str:
        """The id of the happening one of whose sources is ``doc``."""
        [found] = [c.id for c in self.store.clusters() if doc in c.event.sources]
        return found


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF field in the page"
    return found.group(1)


Login = Callable[..., str]


def log_in(client: TestClient, name: str, password: str = PASSWORD, totp: str | None = None) -> str:
    """Log in through the forms; returns the session's CSRF token ("" if refused)."""
    page = client.get("/login")
    response = client.post(
        "/login",
        data={
            "name": name,
            "password": password,
            "csrf_token": csrf_of(page.text),
            "next": "/events",
        },
    )
    if response.status_code != 303:
        return ""
    if response.headers["location"].startswith("/login/totp"):
        step = client.get(response.headers["location"])
        code = pyotp.TOTP(totp).now() if totp else "000000"
        response = client.post(
            "/login/totp", data={"code": code, "csrf_token": csrf_of(step.text), "next": "/events"}
        )
        if response.status_code != 303:
            return ""
    events = client.get("/events")
    return csrf_of(events.text) if events.status_code == 200 else ""
