"""The HTTP side of logging in: cookies, CSRF names, sessions, and the client's address.

Passwords, tokens, the second factor and the lockout rules are :mod:`khronika.accounts`, shared
with the CLI. A session's token is random and only its SHA-256 is stored, so a copy of the
database opens no session. Every session has its own CSRF token, sent back in each form and in
the ``X-CSRF-Token`` header of API writes made with the cookie.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from fastapi import Request, Response

from khronika.accounts import new_token, now, token_hash
from khronika.store import Account, Store
from khronika.web.config import WebSettings

# Scripts only from this server (no inline script, so an injected <script> cannot run);
# inline styles are allowed because Leaflet and Swagger UI position elements with them.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
_PUBLIC_PREFIXES = ("/static/", "/vendor/")

SESSION_COOKIE = "khronika_session"
LOGIN_CSRF_COOKIE = "khronika_login_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


# --- headers -----------------------------------------------------------------------------------


def secure_headers(response: Response, path: str) -> Response:
    """Set the headers every answer carries (pages, API, assets and errors, a 500 included)."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if not path.startswith(_PUBLIC_PREFIXES):
        # Pages and API answers hold unpublished material: no shared or disk cache keeps them.
        response.headers.setdefault("Cache-Control", "no-store")
    return response


# --- cookies -----------------------------------------------------------------------------------


def set_cookie(response: Response, request: Request, name: str, value: str, max_age: int) -> None:
    """Set cookie ``name`` as the desk sets all its cookies (HttpOnly, SameSite=Lax, Secure)."""
    # HttpOnly: no script reads it; SameSite=Lax: no cross-site POST carries it; Secure
    # whenever the request came over https, so the cookie never leaves an encrypted channel.
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


def clear_cookie(response: Response, request: Request, name: str) -> None:
    """Remove cookie ``name`` from the browser."""
    response.delete_cookie(
        name, path="/", httponly=True, samesite="lax", secure=request.url.scheme == "https"
    )


# --- sessions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewSession:
    """A session just started: its token (for the cookie) and its CSRF token."""

    token: str
    csrf_token: str
    expires_at: datetime


def start_session(store: Store, web: WebSettings, account: Account, *, pending: bool) -> NewSession:
    """A new session; ``pending`` until the second factor is passed (or enrolled)."""
    token, csrf = new_token(), new_token()
    lifetime = (
        timedelta(minutes=web.pending_minutes) if pending else timedelta(hours=web.session_hours)
    )
    expires = now() + lifetime
    store.add_session(token_hash(token), account.name, csrf, expires, pending=pending)
    return NewSession(token=token, csrf_token=csrf, expires_at=expires)


def client_address(request: Request) -> str | None:
    """The client's IP address, for the audit log."""
    return request.client.host if request.client else None
