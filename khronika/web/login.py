"""Logging in and out, the second factor, and an account's own settings.

The login form is protected against cross-site posting by a double-submit token (a cookie and
a hidden field that must match), since no session exists yet to hold one. A password that
matches opens a full session, or, when a second factor is required, a short pending session
that only the TOTP step (or, for an admin without one, TOTP enrolment) can confirm. Passing it
replaces the pending session with a new one, so a token seen before the second factor is dead.
Changing a second factor that exists needs the password and a code from it; enrolling one gives
ten one-time recovery codes, shown once.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

import segno
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from khronika.accounts import (
    LoginRefused,
    check_password,
    check_second_factor,
    enrol_second_factor,
    needs_totp,
    new_token,
    new_totp_secret,
    record_failure,
    record_success,
    same_secret,
    token_hash,
    totp_step,
    totp_uri,
    verify_password,
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


def open_session(
    request: Request, account: Account, target: str, *, response: Response | None = None
) -> Response:
    """Replace any session of the browser with a new full one and go to ``target`` (or answer
    with ``response`` instead, the new session's cookie set on it).
    """
    store, web = store_of(request), web_settings(request)
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        store.delete_session(token_hash(old))
    # Housekeeping at a moment that is rare and not hurried: logins, not every request.
    store.delete_expired_sessions()
    started = start_session(store, web, account, pending=False)
    response = redirect(target) if response is None else response
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
def second_factor_step(
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
    try:
        how = check_second_factor(store, web, account, code, address)
    except LoginRefused as refused:
        if "too many" in str(refused):
            store.delete_session(session.token_hash)
            raise NotAuthenticated(str(refused)) from refused
        return render(
            request,
            "totp.html",
            None,
            status_code=401,
            next=target,
            csrf=session.csrf_token,
            name=account.name,
            problem=str(refused),
        )
    record_success(store, account, address, f"password and {how}")
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


def _qr_svg(uri: str) -> Markup:
    """The provisioning URI as an inline SVG QR code (segno draws paths only: no text, no
    script), so a phone's camera enrols without the secret being typed.
    """
    return Markup(segno.make(uri, error="m").svg_inline(scale=4, border=2))


def _enrol_page(
    request: Request,
    enrolling: tuple[Session, Account, bool],
    secret: str,
    next: str,
    *,
    status_code: int = 200,
    problem: str | None = None,
) -> Response:
    session, account, pending = enrolling
    uri = totp_uri(secret, account.name, web_settings(request).totp_issuer)
    return render(
        request,
        "enrol.html",
        None if pending else Principal(account, session),
        status_code=status_code,
        secret=secret,
        uri=uri,
        qr=_qr_svg(uri),
        csrf=session.csrf_token,
        pending=pending,
        # A session alone never changes a second factor: the password again, and a code from
        # the factor being replaced, prove it is the owner and not a borrowed browser.
        ask_password=not pending,
        ask_current=not pending and account.totp_secret is not None,
        next=local_target(next, "/account"),
        problem=problem,
    )


@router.get("/account/totp", response_class=HTMLResponse)
def enrol_page(request: Request, enrolling: Enrolling, next: str = "/account") -> Response:
    """A new TOTP secret to enrol, as text, as a URI and as a QR code."""
    return _enrol_page(request, enrolling, new_totp_secret(), next)


def _owner_proven(
    request: Request, account: Account, password: str, current_code: str
) -> str | None:
    """None if the password (and a code of the factor in place) are right; else the problem."""
    store, web = store_of(request), web_settings(request)
    address = client_address(request)
    if not verify_password(account.password_hash, password):
        record_failure(store, web, account, address, "wrong password at TOTP change")
        return "the password is wrong"
    if account.totp_secret is None:
        return None
    try:
        check_second_factor(store, web, account, current_code, address)
    except LoginRefused as refused:
        return f"the code of the current second factor: {refused}"
    return None


@router.post("/account/totp", response_class=HTMLResponse)
def enrol(
    request: Request,
    enrolling: Enrolling,
    secret: Text,
    code: Text,
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD)] = "",
    next: Annotated[str, Form()] = "/account",
    password: Annotated[str, Form()] = "",
    current_code: Annotated[str, Form()] = "",
) -> Response:
    """Enrol the second factor once a code from it passes; show its recovery codes once."""
    session, account, pending = enrolling
    store, web = store_of(request), web_settings(request)
    if not same_secret(session.csrf_token, csrf_token):
        raise Forbidden("the form's CSRF token is missing or stale; reload the page")
    address = client_address(request)
    problem = None if pending else _owner_proven(request, account, password, current_code)
    # The secret comes back from the page that showed it; the user chooses nothing that the
    # password has not already given them, and the code proves their app holds it.
    step = totp_step(secret, code) if problem is None else None
    if problem is None and step is None:
        if pending:
            record_failure(store, web, account, address, "wrong TOTP code")
        problem = "wrong code: check the clock of the device and try again"
    if problem is not None or step is None:
        return _enrol_page(request, enrolling, secret, next, status_code=422, problem=problem)
    codes = enrol_second_factor(store, account.name, secret)
    store.use_totp_step(account.name, step)  # the code just typed opens nothing later
    store.audit("user_changed", account=account.name, detail="TOTP enrolled", address=address)
    if pending:
        record_success(store, account, address, "password and new TOTP")
    else:
        store.delete_sessions_of(account.name)  # a borrowed browser's other sessions end
    page = render(
        request,
        "recovery.html",
        None if pending else Principal(account, session),
        codes=codes,
        next=local_target(next, "/account") if pending else "/account?done=two-factor+login+on",
    )
    return open_session(request, account, "", response=page)


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
