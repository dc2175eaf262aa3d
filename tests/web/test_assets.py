"""Browser assets: the desk's own static files, and only the listed files of node_modules,
served without a login and without the internet."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.templating import Jinja2Templates
from fastapi.testclient import TestClient

from khronika.web.app import TEMPLATES_DIR
from khronika.web.assets import STATIC_DIR, VENDOR, missing_vendor_files, mount_assets
from khronika.web.config import WebSettings
from khronika.web.errors import install_handlers

LEAFLET_JS = "// leaflet, as npm ci would place it\n"


@pytest.fixture
def node_modules(tmp_path: Path) -> Path:
    """A node_modules holding only Leaflet's script, and a private file nobody may fetch."""
    root = tmp_path / "node_modules"
    leaflet = root / "leaflet" / "dist" / "leaflet.js"
    leaflet.parent.mkdir(parents=True)
    leaflet.write_text(LEAFLET_JS)
    (root / "leaflet" / "package.json").write_text('{"name": "leaflet"}')
    return root


def _client(node_modules: Path) -> TestClient:
    app = FastAPI()
    install_handlers(app, Jinja2Templates(directory=TEMPLATES_DIR))
    mount_assets(app, node_modules)
    return TestClient(app, follow_redirects=False)


@pytest.fixture
def client(node_modules: Path) -> Iterator[TestClient]:
    with _client(node_modules) as test:
        yield test


def test_a_listed_vendor_file_is_served_with_a_week_of_caching(client: TestClient) -> None:
    response = client.get("/vendor/leaflet/leaflet.js")
    assert response.status_code == 200
    assert response.text == LEAFLET_JS
    assert response.headers["cache-control"] == "public, max-age=604800"
    assert "javascript" in response.headers["content-type"]


def test_a_listed_file_missing_from_node_modules_is_a_404(client: TestClient) -> None:
    response = client.get("/vendor/chart.umd.min.js")
    assert response.status_code == 404
    assert "/vendor/chart.umd.min.js: no such asset" in response.text


@pytest.mark.parametrize(
    "name",
    [
        "leaflet/package.json",
        "leaflet/dist/leaflet.js",
        "../node_modules/leaflet/dist/leaflet.js",
        "..%2Fleaflet%2Fpackage.json",
    ],
)
def test_nothing_outside_the_list_is_served(client: TestClient, name: str) -> None:
    response = client.get(f"/vendor/{name}")
    assert response.status_code == 404
    assert LEAFLET_JS not in response.text


def test_the_desks_own_static_files_are_served(client: TestClient) -> None:
    response = client.get("/static/app.css")
    assert response.status_code == 200
    assert response.text == (STATIC_DIR / "app.css").read_text(encoding="utf-8")
    assert client.get("/static/favicon.svg").status_code == 200
    assert client.get("/static/nothing.js").status_code == 404


def test_missing_vendor_files_lists_every_url_without_its_file(node_modules: Path) -> None:
    missing = missing_vendor_files(node_modules)
    assert "leaflet/leaflet.js" not in missing
    assert sorted(missing) == sorted(set(VENDOR) - {"leaflet/leaflet.js"})
    assert missing_vendor_files(node_modules / "absent") == list(VENDOR)


def test_mounting_without_the_files_warns_to_run_npm_ci(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="khronika.web.assets"):
        _client(tmp_path / "empty")
    assert f"{len(VENDOR)} browser asset(s) missing" in caplog.text
    assert "npm ci" in caplog.text


def test_a_complete_node_modules_mounts_silently(
    node_modules: Path, caplog: pytest.LogCaptureFixture
) -> None:
    for relative in VENDOR.values():
        path = node_modules / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
    with caplog.at_level(logging.WARNING, logger="khronika.web.assets"):
        _client(node_modules)
    assert caplog.text == ""


def test_leaflet_images_sit_beside_its_stylesheet() -> None:
    # Leaflet finds its marker icons relative to the CSS, so both live under /vendor/leaflet/.
    css_folder = Path(VENDOR["leaflet/leaflet.css"]).parent
    for url, relative in VENDOR.items():
        if url.startswith("leaflet/images/"):
            assert Path(relative).parent == css_folder / "images"


def test_the_repositorys_node_modules_holds_every_listed_file() -> None:
    """Fails (rather than skips) without ``npm ci``: the map and timeline need these files."""
    node_modules = WebSettings().node_modules
    assert missing_vendor_files(node_modules) == []
    with _client(node_modules) as client:
        response = client.get("/vendor/countries-110m.json")
    assert response.status_code == 200
    assert response.json()["type"] == "Topology"
