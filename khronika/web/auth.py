"""Who is asking, and may they: the dependencies every route declares.

A request is authenticated by the session cookie or by ``Authorization: Bearer <API token>``
(a header given wins; a bad one is refused, never ignored in favour of the cookie). Roles are
ordered: a viewer reads, an analyst also reviews, an admin also manages accounts. A write made
with the cookie must carry the session's CSRF token (a form field, or the ``X-CSRF-Token``
header for the API); a write made with an API token needs none, since no browser adds one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import Request

from khronika.accounts import ROLES, same_secret, token_hash
from khronika.store import Account, Session, Store
from khronika.web.config import WebSettings
from khronika.web.errors import Forbidden, NotAuthenticated
from khronika.web.security import CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE, client_address


@dataclass(frozen=True)
class Principal:
    """The account behind a request and how it proved itself (a session, or an API token)."""

    account: Account
    session: Session | None = None

    @property
    def name(self) -> str:
        """The account's name."""
        return self.account.name

    @property
    def csrf_token(self) -> str:
        """The session's CSRF token (none for an API token)."""
        return self.session.csrf_token if self.session else ""

    def can(self, role: str) -> bool:
        """Whether the account has at least ``role``."""
        return ROLES.index(self.account.role) >= ROLES.index(role)


def store_of(request: Request) -> Store:
    """The store the app was built with."""
    store: Store = request.app.state.store
    return store


def web_settings(request: Request) -> WebSettings:
    """The web settings the app was built with."""
    web: WebSettings = request.app.state.web
    return web


def session_of(request: Request) -> Session | None:
    """The session of the cookie, pending or not; None without a live one."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    return store_of(request).session(token_hash(token))


def authenticate(request: Request) -> Principal:
    """The principal of ``request``; NotAuthenticated if there is none."""
    store = store_of(request)
    header = request.headers.get("Authorization")
    if header is not None:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NotAuthenticated("the Authorization header must be 'Bearer <token>'")
        account = store.account_for_token(token_hash(token.strip()))
        if account is None or account.disabled:
            raise NotAuthenticated("unknown or revoked API token")
        return Principal(account=account)
    session = session_of(request)
    if session is None or session.second_factor_pending:
        raise NotAuthenticated()
    account = store.account(session.account)
    if account is None or account.disabled:
        raise NotAuthenticated()
    return Principal(account=account, session=session)


def requires(role: str) -> Callable[[Request], Principal]:
    """A dependency: the principal, if it has at least ``role``."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")

    def dependency(request: Request) -> Principal:
        principal = authenticate(request)
        # Kept for the error page, which shows the navigation of whoever is logged in.
        request.state.principal = principal
        if not principal.can(role):
            raise Forbidden(f"this needs the {role} role; you are a {principal.account.role}")
        return principal

    return dependency


def form_writer(role: str) -> Callable[[Request], Awaitable[Principal]]:
    """A dependency for HTML form posts: ``role`` and the session's CSRF token in the form."""
    check_role = requires(role)

    async def dependency(request: Request) -> Principal:
        principal = check_role(request)
        form = await request.form()
        given = form.get(CSRF_FIELD)
        if not same_secret(principal.csrf_token, given if isinstance(given, str) else None):
            raise Forbidden("the form's CSRF token is missing or stale; reload the page")
        return principal

    return dependency


def api_writer(role: str) -> Callable[[Request], Principal]:
    """A dependency for API writes: ``role``, and the CSRF header when the cookie was used."""
    check_role = requires(role)

    def dependency(request: Request) -> Principal:
        principal = check_role(request)
        if principal.session is not None and not same_secret(
            principal.csrf_token, request.headers.get(CSRF_HEADER)
        ):
            raise Forbidden(f"a write with the session cookie needs the {CSRF_HEADER} header")
        return principal

    return dependency


def audit_access(request: Request, principal: Principal, action: str, detail: str) -> None:
    """Record a read that hands out unpublished material (a document's text, its original
    bytes, an export): who, what, from where. Lists and happenings are not logged: too many.
    """
    store_of(request).audit(
        action, account=principal.name, detail=detail, address=client_address(request)
    )
