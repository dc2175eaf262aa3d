"""Browser assets: our own files under ``static/`` and a short list of files from npm.

Nothing is fetched from the internet at run time: Leaflet, its marker clustering, the world's
country outlines (TopoJSON) and their converter, Chart.js and Swagger UI come from the
repository's ``node_modules`` (``npm ci``), and only the files named in :data:`VENDOR` are
served from it, so the rest of node_modules stays private. Assets need no login.
"""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from khronika.web.errors import NotFound

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"

# URL under /vendor/ -> file under node_modules. Leaflet's images keep their place beside its
# CSS, because Leaflet finds its marker icons relative to the stylesheet.
VENDOR: dict[str, str] = {
    "leaflet/leaflet.js": "leaflet/dist/leaflet.js",
    "leaflet/leaflet.css": "leaflet/dist/leaflet.css",
    **{
        f"leaflet/images/{name}": f"leaflet/dist/images/{name}"
        for name in (
            "layers.png",
            "layers-2x.png",
            "marker-icon.png",
            "marker-icon-2x.png",
            "marker-shadow.png",
        )
    },
    "markercluster/leaflet.markercluster.js": "leaflet.markercluster/dist/leaflet.markercluster.js",
    "markercluster/MarkerCluster.css": "leaflet.markercluster/dist/MarkerCluster.css",
    "markercluster/MarkerCluster.Default.css": "leaflet.markercluster/dist/MarkerCluster.Default.css",
    "topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
    "countries-110m.json": "world-atlas/countries-110m.json",
    "chart.umd.min.js": "chart.js/dist/chart.umd.min.js",
    "swagger-ui/swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
    "swagger-ui/swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
}

# A week: the files change only with a version bump in package.json.
_CACHE = "public, max-age=604800"


def missing_vendor_files(node_modules: Path) -> list[str]:
    """The vendor files of ``VENDOR`` missing under ``node_modules``."""
    return [url for url, path in VENDOR.items() if not (node_modules / path).is_file()]


def mount_assets(app: FastAPI, node_modules: Path) -> None:
    """Serve the desk's own static files and the vendor files from ``node_modules``."""
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    missing = missing_vendor_files(node_modules)
    if missing:
        log.warning(
            "%d browser asset(s) missing under %s (run `npm ci`): the map, the timeline and"
            " the API docs will not draw",
            len(missing),
            node_modules,
        )
    router = APIRouter(include_in_schema=False)

    @router.get("/vendor/{name:path}", name="vendor")
    def vendor(name: str) -> FileResponse:
        relative = VENDOR.get(name)
        if relative is None or not (node_modules / relative).is_file():
            raise NotFound(f"/vendor/{name}: no such asset")
        return FileResponse(node_modules / relative, headers={"Cache-Control": _CACHE})

    app.include_router(router)
