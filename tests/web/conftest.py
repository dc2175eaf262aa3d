"""Fixtures of the web desk's tests: a seeded store consolidated by the real pipeline, an app
over it, a test client that does not follow redirects, and a ``login`` helper."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from webdesk import PASSWORD, Desk, Login, log_in, seed

from khronika import pipeline
from khronika.cli import find_place
from khronika.settings import Settings
from khronika.store import Store
from khronika.web import create_app
from khronika.web.config import WebSettings


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeded, consolidated store, built once: each test works on a copy of the file."""
    path = tmp_path_factory.mktemp("seeded") / "desk.db"
    settings = Settings(db=path)
    with Store.open(settings.database_url) as store:
        seed(store, settings)
    return path


@pytest.fixture
def desk(tmp_path: Path, seeded_db: Path) -> Iterator[Desk]:
    settings = Settings(db=tmp_path / "desk.db")
    for suffix in ("", "-wal", "-shm"):
        source = seeded_db.with_name(seeded_db.name + suffix)
        if source.exists():
            shutil.copyfile(source, settings.db.with_name(settings.db.name + suffix))

    def reconsolidate(opened: Store) -> None:
        pipeline.consolidate_store(opened, settings)

    # Lockout as in production; pages of two rows, so the four happenings make two pages.
    app = create_app(
        settings, web=WebSettings(page_size=2), reconsolidate=reconsolidate, places=find_place
    )
    with Store.open(settings.database_url) as store:
        yield Desk(app=app, store=store, settings=settings, db=settings.db)
    app.state.store.close()


@pytest.fixture
def client(desk: Desk) -> Iterator[TestClient]:
    with TestClient(desk.app, follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def login(client: TestClient) -> Login:
    def run(name: str, password: str = PASSWORD, totp: str | None = None) -> str:
        return log_in(client, name, password, totp)

    return run
