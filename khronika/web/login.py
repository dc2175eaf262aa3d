"""Logging in and out, the second factor, and an account's own settings.

The login form is protected against cross-site posting by a double-submit token (a cookie and
a hidden field that must match), since no session exists yet to hold one. A password that
matches opens a full session, or, when a second factor is required, a short pending session
that only the TOTP step (or, for an admin without one, TOTP enrolment) can confirm. Passing it
replaces the pending session with a new one, so a token seen before the second factor is dead.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from khronika.accounts import (
    LoginRefused,
    check_password,
    is_locked,
    needs_totp,
    new_token,
    new_totp_secret,
    record_failure,
    record_success,
    same_secret,
    token_hash,
    totp_ok,
    totp_uri,
)
from khronika.store import Account, Session
from khronika.web.auth import Principal, form_writer, requires, session_of, store_of, web_settings
from khronika.web.errors import Forbidden, NotAuthenticated
from khronika.web.render import local_target, redirect, render
from khronika.web.security import (
    CSRF_FIELD,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    clear_cookie,
    client_address,
    set_cookie,
    start_session,
)

router = APIRouter(include_in_schema=False)

Text = Annotated[str, Form()]


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> Response:
    """The login form (or, logged in already, where one was going)."""
    session = session_of(request)
    if session is not None and not session.second_factor_pending:
        return redirect(local_target(next))  # logged in already
    csrf = request.cookies.get(LOGIN_CSRF_COOKIE) or new_token()
    page = render(request, "login.html", None, next=local_target(next), login_csrf=csrf)
    set_cookie(page, request, LOGIN_CSRF_COOKIE, csrf, max_age=3600)
    return page


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    name: Text,
    password: Text,
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD)] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Check name and password; open a session, or a pending one for the second factor."""
    store, web = store_of(request), web_settings(request)
    if not same_secret(request.cookies.get(LOGIN_CSRF_COOKIE), csrf_token):
        raise Forbidden("the login form has expired; reload the page and log in again")
    target = local_target(next)
    try:
        account = check_password(store, web, name.strip(), password, client_address(request))
    except LoginRefused as refused:
        csrf = request.cookies.get(LOGIN_CSRF_COOKIE) or new_token()
        return render(
            request,
            "login.html",
            None,
            status_code=401,
            next=target,
            login_csrf=csrf,
            problem=str(refused),
            name=name,
        )
    if needs_totp(account):
        started = start_session(store, web, account, pending=True)
        step = "/login/totp" if account.totp_secret else "/account/totp"
        response = redirect(f"{step}?next={quote(target, safe='')}")
        set_cookie(response, request, SESSION_COOKIE, started.token, web.pending_minutes * 60)
        return response
    record_success(store, account, client_address(request), "password")
    return open_session(request, account, target)


def open_session(request: Request, account: Account, target: str) -> RedirectResponse:
    """Replace any session of the browser with a new full one and go to ``target``."""
    store, web = store_of(request), web_settings(request)
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        store.delete_session(token_hash(old))
    # Housekeeping at a moment that is rare and not hurried: logins, not every request.
    store.delete_expired_sessions()
    started = start_session(store, web, account, pending=False)
    response = redirect(target)
    set_cookie(response, request, SESSION_COOKIE, started.token, web.session_hours * 3600)
    clear_cookie(response, request, LOGIN_CSRF_COOKIE)
    return response


def _pending(request: Request) -> tuple[Session, Account]:
    """The pending session of a login half done, and its account; else back to the login."""
    session = session_of(request)
    if session is None or not session.second_factor_pending:
        raise NotAuthenticated("log in first")
    account = store_of(request).account(session.account)
    if account is None or account.disabled:
        raise NotAuthenticated("log in first")
    return session, account


Pending = Annotated[tuple[Session, Account], Depends(_pending)]


@router.get("/login/totp", response_class=HTMLResponse)
def totp_page(request: Request, pending: Pending, next: str = "/") -> Response:
    """The second factor's form of a login half done."""
    session, account = pending
    return render(
        request,
        "totp.html",
        None,
        next=local_target(next),
        csrf=session.csrf_token,
        name=account.name,
    )


@router.post("/login/totp", response_class=HTMLResponse)
def totp_step(
    request: Request,
    pending: Pending,
    code: Text,
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD)] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Check the TOTP code of a pending login; a wrong one counts like a wrong password."""
    session, account = pending
    store, web = store_of(request), web_settings(request)
    if not same_secret(session.csrf_token, csrf_token):
        raise Forbidden("the form's CSRF token is missing or stale; log in again")
    target = local_target(next)
    address = client_address(request)
    if is_locked(account):
        store.audit("login_failed", account=account.name, detail="account locked", address=address)
        store.delete_session(session.token_hash)
        raise NotAuthenticated("too many failed logins")
    if account.totp_secret is None or not totp_ok(account.totp_secret, code):
        # A wrong code counts like a wrong password: six digits are quick to guess otherwise.
        record_failure(store, web, account, address, "wrong TOTP code")
        return render(
            request,
            "totp.html",
            None,
            status_code=401,
            next=target,
            csrf=session.csrf_token,
            name=account.name,
            problem="wrong code",
        )
    record_success(store, account, address, "password and TOTP")
    return open_session(request, account, target)


# --- enrolling a second factor -----------------------------------------------------------------


def _enrolling(request: Request) -> tuple[Session, Account, bool]:
    """The session enrolling and its account; ``pending`` when it is an admin's first login."""
    session = session_of(request)
    if session is None:
        raise NotAuthenticated("log in first")
    if session.second_factor_pending:
        session, account = _pending(request)
        if account.totp_secret is not None:
            raise NotAuthenticated("log in first")
        return session, account, True
    principal = requires("viewer")(request)
    if principal.session is None:
        raise Forbidden("enrol a second factor from a browser session")
    return principal.session, principal.account, False


Enrolling = Annotated[tuple[Session, Account, bool], Depends(_enrolling)]


@router.get("/account/totp", response_class=HTMLResponse)
def enrol_page(request: Request, enrolling: Enrolling, next: str = "/account") -> Response:
    """A new TOTP secret to enrol, as text and as a URI."""
    session, account, pending = enrolling
    secret = new_totp_secret()
    web = web_settings(request)
    return render(
        request,
        "enrol.html",
        None if pending else Principal(account, session),
        secret=secret,
        uri=totp_uri(secret, account.name, web.totp_issuer),
        csrf=session.csrf_token,
        pending=pending,
        next=local_target(next, "/account"),
    )


@router.post("/account/totp", response_class=HTMLResponse)
def enrol(
    request: Request,
    enrolling: Enrolling,
    secret: Text,
    code: Text,
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD)] = "",
    next: Annotated[str, Form()] = "/account",
) -> Response:
    """Enrol the second factor once a code from it passes."""
    session, account, pending = enrolling
    store, web = store_of(request), web_settings(request)
    if not same_secret(session.csrf_token, csrf_token):
        raise Forbidden("the form's CSRF token is missing or stale; reload the page")
    # The secret comes back from the page that showed it; the user chooses nothing that the
    # password has not already given them, and the code proves their app holds it.
    if not totp_ok(secret, code):
        if pending:
            record_failure(store, web, account, client_address(request), "wrong TOTP code")
        return render(
            request,
            "enrol.html",
            None if pending else Principal(account, session),
            status_code=422,
            secret=secret,
            uri=totp_uri(secret, account.name, web.totp_issuer),
            csrf=session.csrf_token,
            pending=pending,
            next=local_target(next, "/account"),
            problem="wrong code: check the clock of the device and try again",
        )
    store.update_account(account.name, totp_secret=secret)
    store.audit(
        "user_changed",
        account=account.name,
        detail="TOTP enrolled",
        address=client_address(request),
    )
    if pending:
        record_success(store, account, client_address(request), "password and new TOTP")
        return open_session(request, account, local_target(next))
    return redirect("/account?done=two-factor+login+enabled")


# --- logout ---------------------------------------------------------------


@router.post("/logout")
def logout(
    request: Request, principal: Annotated[Principal, Depends(form_writer("viewer"))]
) -> Response:
    """End the session."""
    store = store_of(request)
    if principal.session is not None:
        store.delete_session(principal.session.token_hash)
    store.audit("logout", account=principal.name, address=client_address(request))
    response = redirect("/login")
    clear_cookie(response, request, SESSION_COOKIE)
    return response
