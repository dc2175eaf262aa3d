"""Fixtures of the web desk's tests: a seeded store consolidated by the real pipeline, an app
over it, a test client that does not follow redirects, and a ``login`` helper.

Every test of the desk runs on each backend (``backend`` in tests/conftest.py): on SQLite over a
copy of the seeded file, on PostgreSQL over the seeded database restored to its snapshot.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from backends import Server, Snapshot, pg_or_skip
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


@pytest.fixture(scope="session")
def seeded_pg(pg_server: Server | None) -> Iterator[Snapshot | None]:
    """The seeded, consolidated store on PostgreSQL, built once: each test restores it."""
    if pg_server is None:
        yield None
        return
    with pg_server.database() as url:
        settings = Settings(db_url=url)
        with Store.open(url) as store:
            seed(store, settings)
        snapshot = Snapshot(url)
        yield snapshot
        snapshot.close()


@pytest.fixture
def desk_settings(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    """Settings naming a store seeded for this test alone, on ``backend``."""
    if backend == "postgresql":
        snapshot: Snapshot = pg_or_skip(request.getfixturevalue("seeded_pg"))
        snapshot.restore()
        return Settings(db=tmp_path / "unused.db", db_url=snapshot.url)
    seeded_db: Path = request.getfixturevalue("seeded_db")
    settings = Settings(db=tmp_path / "desk.db")
    for suffix in ("", "-wal", "-shm"):
        source = seeded_db.with_name(seeded_db.name + suffix)
        if source.exists():
            shutil.copyfile(source, settings.db.with_name(settings.db.name + suffix))
    return settings


@pytest.fixture
def desk(desk_settings: Settings) -> Iterator[Desk]:
    settings = desk_settings

    def reconsolidate(opened: Store) -> None:
        pipeline.consolidate_store(opened, settings)

    # Lockout as in production; pages of two rows, so the four happenings make two pages.
    app = create_app(
        settings, web=WebSettings(page_size=2), reconsolidate=reconsolidate, places=find_place
    )
    db = settings.db_url or str(settings.db)
    with Store.open(settings.database_url) as store:
        yield Desk(app=app, store=store, settings=settings, db=db)
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
