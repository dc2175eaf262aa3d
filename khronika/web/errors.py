"""The one error shape of the web desk and the handlers that produce it.

Every refusal is a :class:`WebError` with an HTTP status, a short machine ``code`` and a
sentence for people. Under ``/api`` it is answered as ``{"error": {"code", "message"}}``
whatever raised it (our code, FastAPI's validation, Starlette's routing); elsewhere a page that
needs a login redirects to it, and any other error is a small HTML page.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from khronika.errors import InvalidEventError, KhronikaError
from khronika.web.security import secure_headers

log = logging.getLogger(__name__)

_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "too_many_requests",
    500: "internal",
}


class WebError(Exception):
    """A refusal with its HTTP status; ``code`` defaults to the status's usual name."""

    def __init__(self, status: int, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or _CODES.get(status, "error")


class NotAuthenticated(WebError):
    """401: no login, or a login that is no longer valid."""

    def __init__(self, message: str = "log in first") -> None:
        super().__init__(401, message)


class Forbidden(WebError):
    """403: logged in, but the role or the CSRF token does not allow it."""

    def __init__(self, message: str = "your role may not do this") -> None:
        super().__init__(403, message)


class NotFound(WebError):
    """404: no such record."""

    def __init__(self, message: str) -> None:
        super().__init__(404, message)


class Invalid(WebError):
    """422: a request the desk understood and refuses (the message says why)."""

    def __init__(self, message: str) -> None:
        super().__init__(422, message)


class Moved(WebError):
    """308: a happening id a merge retired; the same request goes to the survivor's id."""

    def __init__(self, old_id: str, new_id: str) -> None:
        super().__init__(308, f"{old_id} was merged into {new_id}", "moved")
        self.old_id = old_id
        self.new_id = new_id


class ErrorDetail(BaseModel):
    """The JSON error shape of the API: a code and a message."""

    code: str
    message: str


class ErrorBody(BaseModel):
    """The one error shape, as the OpenAPI description shows it."""

    error: ErrorDetail


# Declared on the API router so /api/docs shows the real shape instead of FastAPI's default.
API_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in (
        (401, "not logged in, or an unknown API token"),
        (403, "the role may not do this, or the CSRF token is missing"),
        (404, "no such record"),
        (422, "invalid parameters or body"),
    )
}


def error_body(code: str, message: str) -> dict[str, Any]:
    """The API's error body for ``code`` and ``message``."""
    return {"error": {"code": code, "message": message}}


# Pages that live under /api but are read by people: refused like pages, with the login form.
_PAGES_UNDER_API = frozenset({"/api/docs"})


def is_api(request: Request) -> bool:
    """Whether ``request`` is for the JSON API (errors as JSON, not pages)."""
    path = request.url.path
    return (path == "/api" or path.startswith("/api/")) and path not in _PAGES_UNDER_API


def install_handlers(app: FastAPI, templates: Jinja2Templates) -> None:
    """Route every exception the app can meet to :func:`_respond`."""

    def respond(request: Request, error: WebError) -> Response:
        return _respond(request, error, templates)

    @app.exception_handler(WebError)
    async def web_error(request: Request, exc: WebError) -> Response:
        return respond(request, exc)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else _CODES.get(exc.status_code, "")
        return respond(request, WebError(exc.status_code, detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        return respond(request, Invalid(_describe_validation(exc)))

    @app.exception_handler(InvalidEventError)
    async def invalid_event(request: Request, exc: InvalidEventError) -> Response:
        return respond(request, Invalid(str(exc)))

    @app.exception_handler(KhronikaError)
    async def library_error(request: Request, exc: KhronikaError) -> Response:
        log.error("%s %s: %s", request.method, request.url.path, exc)
        return respond(request, WebError(500, str(exc), "store_error"))

    # Anything else is a bug: logged with its traceback, answered in the one shape (with the
    # usual headers, which the middleware cannot add to an answer made this far out).
    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("%s %s failed", request.method, request.url.path, exc_info=exc)
        return respond(request, WebError(500, "internal error", "internal"))


def _respond(request: Request, error: WebError, templates: Jinja2Templates) -> Response:
    return secure_headers(_answer(request, error, templates), request.url.path)


def _answer(request: Request, error: WebError, templates: Jinja2Templates) -> Response:
    if isinstance(error, Moved):
        # 308 keeps the method and body, so an API review posted to the old id lands too.
        path = request.url.path.replace(f"/{error.old_id}", f"/{error.new_id}", 1)
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(path + query, status_code=308)
    if is_api(request):
        return JSONResponse(
            error_body(error.code, error.message),
            status_code=error.status,
            headers={"WWW-Authenticate": "Bearer"} if error.status == 401 else None,
        )
    if error.status == 401:
        target = request.url.path
        if request.url.query:
            target += "?" + request.url.query
        # 303: the browser follows with a GET whatever the method of the refused request.
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
    page: HTMLResponse = templates.TemplateResponse(
        request,
        "error.html",
        {"error": error, "principal": getattr(request.state, "principal", None)},
        status_code=error.status,
    )
    return page


def _describe_validation(exc: RequestValidationError) -> str:
    return describe_errors(exc)


def describe_errors(exc: RequestValidationError | ValidationError) -> str:
    """Pydantic's complaints in one line: ``field: what is wrong; ...``."""
    parts = []
    for problem in exc.errors():
        where = ".".join(str(p) for p in problem.get("loc", ()) if p not in ("body", "query"))
        parts.append(f"{where}: {problem.get('msg', 'invalid')}" if where else problem["msg"])
    return "; ".join(parts) or "invalid request"
