"""Small helpers every HTML route uses: render a template, redirect after a POST."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from khronika.web.auth import Principal


def render(
    request: Request,
    template: str,
    principal: Principal | None,
    *,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """A page from ``template`` with what every page shows (who is logged in, CSRF)."""
    templates: Jinja2Templates = request.app.state.templates
    context.setdefault("flash", request.query_params.get("done"))
    context.setdefault("problem", None)
    response: HTMLResponse = templates.TemplateResponse(
        request, template, {"principal": principal, **context}, status_code=status_code
    )
    return response


def redirect(url: str) -> RedirectResponse:
    """A 303 redirect to ``url``."""
    # 303 See Other: after a POST the browser follows with a GET, so a reload never re-posts.
    return RedirectResponse(url, status_code=303)


def local_target(target: str | None, default: str = "/") -> str:
    """``target`` if it is a path on this site, else ``default``: no open redirect via ?next=."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target:
        return default
    return target
