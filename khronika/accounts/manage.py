"""Creating and managing accounts and minting API tokens, the same from the CLI and the desk.

The caller audits (it knows who asked and from where); these functions check, hash and store.
A reset password, a disabled account or a reset second factor ends the account's sessions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from khronika.accounts.credentials import (
    API_TOKEN_DAYS,
    ROLES,
    check_password_strength,
    hash_password,
    new_recovery_codes,
    new_token,
    new_totp_secret,
    recovery_code_hash,
    token_hash,
)
from khronika.accounts.login import now
from khronika.errors import KhronikaError
from khronika.store import Account, AccountStore, LoginStore, SessionStore, TokenStore


class AccountsAndTokens(AccountStore, TokenStore, Protocol):
    """What minting a token reads and writes: the account and its tokens."""


class ManagedStore(AccountStore, SessionStore, LoginStore, Protocol):
    """What managing an account reads and writes: it, its sessions, its second factor."""


class AccountError(KhronikaError):
    """An account could not be created or given a token; the message says why."""


class AccountExists(AccountError):
    """The name is taken (by an account enabled or not)."""


class NoSuchAccount(AccountError):
    """No account of that name."""


@dataclass(frozen=True)
class NewAccount:
    """An account just created, with its TOTP secret when a second factor was enrolled."""

    account: Account
    totp_secret: str | None = None
    recovery_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class MintedToken:
    """An API token just minted: shown once, only its hash is stored."""

    id: int
    token: str


def create_account(
    store: ManagedStore, name: str, role: str, password: str, *, second_factor: bool = False
) -> NewAccount:
    """Add an account of ``role``, with a TOTP secret enrolled if ``second_factor``.

    A blank name, an unknown role or a short password raises AccountError; a taken name
    AccountExists; a name the store refuses (outer spaces) its StoreError.
    An admin created without a second factor must enrol one at the first login.
    """
    if not name.strip() or role not in ROLES:
        raise AccountError(f"a user needs a name and a role ({', '.join(ROLES)})")
    try:
        check_password_strength(password, name=name)
    except ValueError as exc:
        raise AccountError(str(exc)) from exc
    if store.account(name) is not None:
        raise AccountExists(f"{name}: that account exists already")
    account = store.add_account(name, role, hash_password(password, name=name))
    if not second_factor:
        return NewAccount(account=account)
    secret = new_totp_secret()
    codes = enrol_second_factor(store, name, secret)
    return NewAccount(account=_existing(store, name), totp_secret=secret, recovery_codes=codes)


def mint_api_token(
    store: AccountsAndTokens, name: str, label: str, *, days: int | None = API_TOKEN_DAYS
) -> MintedToken:
    """A new API token for ``name``, dead after ``days`` (never, if ``None``); NoSuchAccount if
    there is no such account.
    """
    if store.account(name) is None:
        raise NoSuchAccount(f"{name}: no such account")
    if days is not None and days < 1:
        raise AccountError("a token must live at least one day")
    expires = now() + timedelta(days=days) if days is not None else None
    token = new_token()
    token_id = store.add_api_token(token_hash(token), name, label, expires_at=expires)
    return MintedToken(id=token_id, token=token)


def _existing(store: AccountStore, name: str) -> Account:
    account = store.account(name)
    if account is None:
        raise NoSuchAccount(f"{name}: no such account")
    return account


def enrol_second_factor(store: ManagedStore, name: str, secret: str) -> tuple[str, ...]:
    """Make ``secret`` the account's TOTP secret; returns its fresh one-time recovery codes
    (the old ones die), to show once.
    """
    _existing(store, name)
    codes = tuple(new_recovery_codes())
    store.update_account(name, totp_secret=secret)
    store.reset_totp_steps(name)
    store.replace_recovery_codes(name, [recovery_code_hash(code) for code in codes])
    return codes


def reset_second_factor(store: ManagedStore, name: str) -> Account:
    """Remove the account's second factor and recovery codes; its sessions end. An admin
    enrols a new one at the next login.
    """
    _existing(store, name)
    store.replace_recovery_codes(name, [])
    store.reset_totp_steps(name)
    account = store.update_account(name, totp_secret=None)
    store.delete_sessions_of(name)
    return account


def reset_password(store: ManagedStore, name: str, password: str) -> Account:
    """Give the account a new password (checked like any other); its sessions end."""
    _existing(store, name)
    try:
        password_hash = hash_password(password, name=name)
    except ValueError as exc:
        raise AccountError(str(exc)) from exc
    account = store.update_account(name, password_hash=password_hash)
    store.delete_sessions_of(name)
    return account


def set_disabled(store: ManagedStore, name: str, disabled: bool) -> Account:
    """Disable (or enable again) the account; disabling ends its sessions."""
    _existing(store, name)
    account = store.update_account(name, disabled=disabled)
    if disabled:
        store.delete_sessions_of(name)
    return account
