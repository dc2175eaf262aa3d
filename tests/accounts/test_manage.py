"""Creating an account and minting an API token: the same for the shell and the admin page."""

from __future__ import annotations

from datetime import timedelta

import pytest

from khronika.accounts import (
    AccountError,
    AccountExists,
    NoSuchAccount,
    create_account,
    mint_api_token,
    now,
    reset_password,
    reset_second_factor,
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


def test_a_token_dies_at_its_expiry(store: Store) -> None:
    create_account(store, "dana", "analyst", "a long passphrase")
    minted = mint_api_token(store, "dana", "nightly export", days=30)
    assert store.account_for_token(token_hash(minted.token)) is not None
    [stored] = store.api_tokens("dana")
    assert stored.expires_at is not None and (stored.expires_at - stored.created_at).days == 30

    # The same token, recorded as already past its time.
    expired = "expired-token"
    store.add_api_token(token_hash(expired), "dana", "old", expires_at=now() - timedelta(days=1))
    assert store.account_for_token(token_hash(expired)) is None


def test_a_token_must_live_a_day(store: Store) -> None:
    create_account(store, "dana", "analyst", "a long passphrase")
    with pytest.raises(AccountError, match="at least one day"):
        mint_api_token(store, "dana", "x", days=0)


def test_resetting_a_password_or_second_factor_ends_sessions(store: Store) -> None:
    create_account(store, "dana", "analyst", "a long passphrase", second_factor=True)
    store.add_session("hash", "dana", "csrf", now() + timedelta(hours=1))

    reset_second_factor(store, "dana")

    account = store.account("dana")
    assert account is not None and account.totp_secret is None
    assert store.session("hash") is None and store.recovery_codes_left("dana") == 0
    with pytest.raises(AccountError, match="too easy to guess"):
        reset_password(store, "dana", "password12")
