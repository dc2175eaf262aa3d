"""An account's own page: its password, its second factor's state, and its API tokens.

Every account may change these for itself, a viewer too: they change who can log in as it,
not the record. A changed password ends every other session; a token is shown once only.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from khronika.accounts import API_TOKEN_DAYS, hash_password, mint_api_token, verify_password
from khronika.errors import StoreError
from khronika.store import ApiToken
from khronika.web.auth import Principal, form_writer, requires, store_of
from khronika.web.errors import Invalid, NotFound
from khronika.web.login import open_session
from khronika.web.render import redirect, render
from khronika.web.security import client_address

router = APIRouter(include_in_schema=False)

Text = Annotated[str, Form()]
# A token asked for from the page lives at most two years: long-lived secrets get forgotten.
MAX_TOKEN_DAYS = 730


@router.get("/account", response_class=HTMLResponse)
def account_page(
    request: Request, principal: Annotated[Principal, Depends(requires("viewer"))]
) -> Response:
    """The account's own page: password, second factor, API tokens."""
    return render(
        request, "account.html", principal, token=None, tokens=_tokens(request, principal)
    )


def _tokens(request: Request, principal: Principal) -> list[ApiToken]:
    return store_of(request).api_tokens(principal.name)


@router.post("/account/password", response_class=HTMLResponse)
def change_password(
    request: Request,
    principal: Annotated[Principal, Depends(form_writer("viewer"))],
    current: Text,
    new: Text,
    again: Text,
) -> Response:
    """Change one's own password (the current one first); other sessions end."""
    store = store_of(request)
    if not verify_password(principal.account.password_hash, current):
        raise Invalid("the current password is wrong")
    if new != again:
        raise Invalid("the two new passwords differ")
    try:
        password_hash = hash_password(new, name=principal.name)
    except ValueError as exc:
        raise Invalid(str(exc)) from exc
    store.update_account(principal.name, password_hash=password_hash)
    # Every other session of this account ends: a changed password locks out whoever had it.
    store.delete_sessions_of(principal.name)
    store.audit(
        "user_changed",
        account=principal.name,
        detail="password changed",
        address=client_address(request),
    )
    return open_session(request, principal.account, "/account?done=password+changed")


@router.post("/account/token", response_class=HTMLResponse)
def mint_token(
    request: Request,
    principal: Annotated[Principal, Depends(form_writer("viewer"))],
    label: Text,
    days: Annotated[int, Form(ge=1, le=MAX_TOKEN_DAYS)] = API_TOKEN_DAYS,
) -> Response:
    """Mint an API token (dead after ``days``) and show it once."""
    store = store_of(request)
    minted = mint_api_token(store, principal.name, label.strip() or "web", days=days)
    store.audit(
        "user_changed",
        account=principal.name,
        detail=f"API token {minted.id} created ({label}; {days} days)",
        address=client_address(request),
    )
    # Shown once, never stored in clear: the page says so.
    return render(
        request,
        "account.html",
        principal,
        token=minted.token,
        token_id=minted.id,
        tokens=_tokens(request, principal),
    )


@router.post("/account/tokens/{token_id}/revoke", response_class=HTMLResponse)
def revoke_token(
    request: Request,
    principal: Annotated[Principal, Depends(form_writer("viewer"))],
    token_id: int,
) -> Response:
    """Revoke one of one's own API tokens."""
    store = store_of(request)
    try:
        # Scoped to the account: another's token id is "no such token".
        store.revoke_api_token(token_id, account=principal.name)
    except StoreError as exc:
        raise NotFound(str(exc)) from exc
    store.audit(
        "user_changed",
        account=principal.name,
        detail=f"API token {token_id} revoked",
        address=client_address(request),
    )
    return redirect(f"/account?done=token+{token_id}+revoked")
