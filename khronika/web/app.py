"""The web desk's application: ``create_app(settings)`` wires the store, the routes, the error
shape, the assets and the security headers together; each concern lives in its own module.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.templating import Jinja2Templates

from khronika.model import ACTOR_KINDS, COUNT_KEYS, DATE_PRECISIONS, EVENT_TYPES, ROLES, STATUSES
from khronika.read import EDIT_FIELDS, REVIEW_STATES, date_text, place_text
from khronika.settings import Settings
from khronika.store import Store
from khronika.web import account, admin, api, casebook, duplicates, login, pages, queue
from khronika.web.assets import mount_assets
from khronika.web.columns import actors_column, counts_column
from khronika.web.config import WebSettings
from khronika.web.documents import linkable
from khronika.web.edit_form import PlaceLookup
from khronika.web.errors import install_handlers
from khronika.web.injected import Intake
from khronika.web.intake import install as install_intake
from khronika.web.reviews import Reconsolidate
from khronika.web.security import secure_headers
from khronika.web.views import ORDERS, value_text

log = logging.getLogger(__name__)

TEMPLATES_DIR = Path(__file__).parent / "templates"


def create_app(
    settings: Settings,
    *,
    web: WebSettings | None = None,
    reconsolidate: Reconsolidate | None = None,
    intake: Intake | None = None,
    places: PlaceLookup | None = None,
) -> FastAPI:
    """The application over the store of ``settings``.

    ``reconsolidate(store)`` is called after a merge, a split or the revert of either, so the
    lists show the change at once; the CLI passes the pipeline's consolidation.
    ``intake`` reads material sent from the browser (the CLI passes the pipeline's ingest).
    ``places`` looks a place name up for the edit form (the CLI passes the gazetteer's).
    """
    web = web or WebSettings.from_env()
    store = Store.open(settings.database_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        jobs.close()
        store.close()

    # FastAPI's own docs routes are off: ours (in api.py) require a login and serve Swagger UI
    # from node_modules instead of a CDN.
    app = FastAPI(
        title="khronika",
        summary="Evidence-linked events of protest and repression, and their review.",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.settings = settings
    app.state.web = web
    app.state.reconsolidate = reconsolidate
    app.state.places = places
    templates = _templates()
    app.state.templates = templates

    install_handlers(app, templates)
    app.middleware("http")(_security_headers)
    mount_assets(app, web.node_modules)
    for module in (login, account, pages, casebook, queue, duplicates, admin, api):
        app.include_router(module.router)
    jobs = install_intake(app, store, intake)
    return app


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=TEMPLATES_DIR)
    templates.env.globals.update(
        EVENT_TYPES=EVENT_TYPES,
        STATUSES=STATUSES,
        DATE_PRECISIONS=DATE_PRECISIONS,
        COUNT_KEYS=COUNT_KEYS,
        ACTOR_KINDS=ACTOR_KINDS,
        ROLES=ROLES,
        ORDERS=ORDERS,
        REVIEW_STATES=REVIEW_STATES,
        EDIT_FIELDS=EDIT_FIELDS,
        date_text=date_text,
        place_text=place_text,
        value_text=value_text,
        linkable=linkable,
        counts_column=counts_column,
        actors_column=actors_column,
    )
    return templates


async def _security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    return secure_headers(await call_next(request), request.url.path)
