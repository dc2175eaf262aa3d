"""Creating an account and minting an API token: the same for the shell and the admin page."""

from __future__ import annotations

import pytest

from khronika.accounts import (
    AccountError,
    AccountExists,
    NoSuchAccount,
    create_account,
    mint_api_token,
    token_hash,
    verify_password,
)
from khronika.errors import StoreError
from khronika.store import Store


def test_an_account_is_created_with_its_password_hashed(store: Store) -> None:
    added = create_account(store, "dana", "analyst", "a long passphrase")
    stored = store.account("dana")
    assert stored is not None and stored.role == "analyst"
    assert verify_password(stored.password_hash, "a long passphrase")
    assert added.totp_secret is None and stored.totp_secret is None


def test_a_second_factor_is_enrolled_when_asked(store: Store) -> None:
    added = create_account(store, "adam", "admin", "a long passphrase", second_factor=True)
    stored = store.account("adam")
    assert added.totp_secret is not None
    assert stored is not None and stored.totp_secret == added.totp_secret


@pytest.mark.parametrize(
    ("name", "role", "password", "problem"),
    [
        ("  ", "viewer", "a long passphrase", "needs a name and a role"),
        ("dana", "owner", "a long passphrase", "needs a name and a role"),
        ("dana", "viewer", "short", "at least 10 characters"),
    ],
)
def test_a_bad_account_is_refused_and_nothing_stored(
    store: Store, name: str, role: str, password: str, problem: str
) -> None:
    with pytest.raises(AccountError, match=problem):
        create_account(store, name, role, password)
    assert store.accounts() == []


def test_a_taken_name_is_refused(store: Store) -> None:
    create_account(store, "dana", "viewer", "a long passphrase")
    with pytest.raises(AccountExists, match="dana: that account exists already"):
        create_account(store, "dana", "admin", "another passphrase")
    assert [a.role for a in store.accounts()] == ["viewer"]


def test_a_token_is_minted_once_and_stored_as_its_hash(store: Store) -> None:
    create_account(store, "dana", "viewer", "a long passphrase")
    minted = mint_api_token(store, "dana", "nightly")
    found = store.account_for_token(token_hash(minted.token))
    assert found is not None and found.name == "dana"
    [stored] = store.api_tokens("dana")
    assert (stored.id, stored.label) == (minted.id, "nightly")


def test_no_token_for_an_unknown_account(store: Store) -> None:
    with pytest.raises(NoSuchAccount, match="nobody: no such account"):
        mint_api_token(store, "nobody", "x")


def test_a_name_with_outer_spaces_is_the_store_s_to_refuse(store: Store) -> None:
    with pytest.raises(StoreError, match="without outer spaces"):
        create_account(store, " dana ", "viewer", "a long passphrase")
    assert store.accounts() == []
