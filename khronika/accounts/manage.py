"""Creating accounts and minting API tokens, the same from the CLI and from the admin page.

The caller audits (it knows who asked and from where); these functions check, hash and store.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from khronika.accounts.credentials import (
    ROLES,
    check_password_strength,
    hash_password,
    new_token,
    new_totp_secret,
    token_hash,
)
from khronika.errors import KhronikaError
from khronika.store import Account, AccountStore, TokenStore


class AccountsAndTokens(AccountStore, TokenStore, Protocol):
    """What minting a token reads and writes: the account and its tokens."""


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


@dataclass(frozen=True)
class MintedToken:
    """An API token just minted: shown once, only its hash is stored."""

    id: int
    token: str


def create_account(
    store: AccountStore, name: str, role: str, password: str, *, second_factor: bool = False
) -> NewAccount:
    """Add an account of ``role``, with a TOTP secret enrolled if ``second_factor``.

    A blank name, an unknown role or a short password raises AccountError; a taken name
    AccountExists; a name the store refuses (outer spaces) its StoreError.
    An admin created without a second factor must enrol one at the first login.
    """
    if not name.strip() or role not in ROLES:
        raise AccountError(f"a user needs a name and a role ({', '.join(ROLES)})")
    try:
        check_password_strength(password)
    except ValueError as exc:
        raise AccountError(str(exc)) from exc
    if store.account(name) is not None:
        raise AccountExists(f"{name}: that account exists already")
    account = store.add_account(name, role, hash_password(password))
    secret = new_totp_secret() if second_factor else None
    if secret is not None:
        account = store.update_account(name, totp_secret=secret)
    return NewAccount(account=account, totp_secret=secret)


def mint_api_token(store: AccountsAndTokens, name: str, label: str) -> MintedToken:
    """A new API token for ``name``; NoSuchAccount if there is no such account."""
    if store.account(name) is None:
        raise NoSuchAccount(f"{name}: no such account")
    token = new_token()
    token_id = store.add_api_token(token_hash(token), name, label)
    return MintedToken(id=token_id, token=token)
