"""Account management and the audit log, for admins only.

Every change is audited with who made it. An admin cannot disable or demote themselves, so the
desk is never left without someone able to manage it by a slip of the mouse. Disabling an
account, changing its role or resetting its second factor ends its sessions at once.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from khronika.accounts import (
    ROLES,
    AccountError,
    AccountExists,
    create_account,
    reset_second_factor,
    set_disabled,
    unlock,
)
from khronika.errors import StoreError
from khronika.web.auth import Principal, form_writer, requires, store_of
from khronika.web.errors import Invalid, NotFound, WebError
from khronika.web.render import redirect, render
from khronika.web.security import client_address

router = APIRouter(include_in_schema=False, prefix="/admin")

Admin = Annotated[Principal, Depends(requires("admin"))]
AdminForm = Annotated[Principal, Depends(form_writer("admin"))]
CHANGES = ("role", "disable", "enable", "unlock", "reset_totp")


@router.get("/users", response_class=HTMLResponse)
def users_page(request: Request, principal: Admin) -> Response:
    """The accounts, with forms to add and change them."""
    return render(
        request, "users.html", principal, accounts=store_of(request).accounts(), roles=ROLES
    )


@router.post("/users", response_class=HTMLResponse)
def add_user(
    request: Request,
    principal: AdminForm,
    name: Annotated[str, Form()],
    role: Annotated[str, Form()],
    password: Annotated[str, Form()],
) -> Response:
    """Add an account (a second factor is enrolled at its first login if it is an admin)."""
    store = store_of(request)
    name = name.strip()
    try:
        # No second factor here: an admin added this way enrols one at the first login.
        create_account(store, name, role, password)
    except AccountExists as exc:
        raise WebError(409, str(exc)) from exc
    except AccountError as exc:
        raise Invalid(str(exc)) from exc
    except StoreError as exc:
        raise WebError(409, str(exc)) from exc
    store.audit(
        "user_added",
        account=principal.name,
        detail=f"added {name} ({role})",
        address=client_address(request),
    )
    return redirect("/admin/users?" + urlencode({"done": f"added {name}"}))


@router.post("/users/{name}", response_class=HTMLResponse)
def change_user(
    request: Request,
    principal: AdminForm,
    name: str,
    change: Annotated[str, Form()],
    role: Annotated[str, Form()] = "",
) -> Response:
    """Change another account: its role, disabled or not, lockout, second factor."""
    store = store_of(request)
    account = store.account(name)
    if account is None:
        raise NotFound(f"{name}: no such account")
    if change not in CHANGES:
        raise Invalid(f"unknown change {change!r}; one of {', '.join(CHANGES)}")
    if name == principal.name and change in ("role", "disable"):
        raise Invalid("you cannot demote or disable yourself; ask another admin")
    if change == "role":
        if role not in ROLES:
            raise Invalid(f"unknown role {role!r}")
        store.update_account(name, role=role)
        detail = f"{name}: role {account.role} -> {role}"
    elif change in ("disable", "enable"):
        set_disabled(store, name, change == "disable")
        detail = f"{name}: {change}d"
    elif change == "unlock":
        forgiven = unlock(store, name)
        detail = f"{name}: unlocked ({forgiven} failed logins forgiven)"
    else:
        reset_second_factor(store, name)
        detail = f"{name}: second factor reset"
    if change == "role":
        store.delete_sessions_of(name)
    store.audit(
        "user_changed", account=principal.name, detail=detail, address=client_address(request)
    )
    return redirect("/admin/users?" + urlencode({"done": detail}))


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, principal: Admin, account: str = "", limit: int = 200) -> Response:
    """The audit log, latest first, for one account or all."""
    entries = store_of(request).audit_log(limit=max(1, min(limit, 2000)), account=account or None)
    return render(request, "audit.html", principal, entries=entries, account=account)
