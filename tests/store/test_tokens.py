"""API tokens in the store, told as small stories: a script signs in with one, its use is noted,
and a token is revoked for good. The store keeps hashes only.
"""

from __future__ import annotations

import pytest

from khronika.errors import StoreError
from khronika.store import Account, ApiToken, Store

HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA"


@pytest.fixture
def aigerim(store: Store) -> Account:
    return store.add_account("aigerim", "analyst", HASH)


# --- API tokens --------------------------------------------------------------------------------


def test_a_token_signs_its_account_in_and_notes_the_use(store: Store, aigerim: Account) -> None:
    token_id = store.add_api_token("api-hash", "aigerim", "nightly export")
    [listed] = store.api_tokens("aigerim")
    assert (listed.id, listed.label, listed.last_used_at, listed.revoked_at) == (
        token_id,
        "nightly export",
        None,
        None,
    )
    assert store.account_for_token("api-hash") == aigerim
    [used] = store.api_tokens("aigerim")
    assert used.last_used_at is not None and used.last_used_at >= listed.created_at
    assert store.account_for_token("unknown-hash") is None


def test_a_revoked_token_is_refused(store: Store, aigerim: Account) -> None:
    token_id = store.add_api_token("api-hash", "aigerim", "laptop")
    store.revoke_api_token(token_id)
    assert store.account_for_token("api-hash") is None
    [revoked] = store.api_tokens("aigerim")
    assert isinstance(revoked, ApiToken) and revoked.revoked_at is not None
    with pytest.raises(StoreError, match=f"API token {token_id}: already revoked"):
        store.revoke_api_token(token_id)
    with pytest.raises(StoreError, match="API token 999: no such token"):
        store.revoke_api_token(999)


def test_a_token_of_a_disabled_account_is_refused(store: Store, aigerim: Account) -> None:
    store.add_api_token("api-hash", "aigerim", "laptop")
    store.update_account("aigerim", disabled=True)
    assert store.account_for_token("api-hash") is None
    assert store.api_tokens("aigerim")[0].last_used_at is None  # a refusal is not a use


def test_an_owner_revokes_only_their_own_tokens(store: Store, aigerim: Account) -> None:
    store.add_account("oleh", "analyst", HASH)
    olehs = store.add_api_token("oleh-hash", "oleh", "script")
    with pytest.raises(StoreError, match=f"API token {olehs}: no such token"):
        store.revoke_api_token(olehs, account="aigerim")
    assert store.account_for_token("oleh-hash") is not None
    store.revoke_api_token(olehs, account="oleh")
    assert store.account_for_token("oleh-hash") is None


def test_token_ids_are_never_reused_and_hashes_are_unique(store: Store, aigerim: Account) -> None:
    first = store.add_api_token("hash-1", "aigerim", "one")
    store.revoke_api_token(first)
    second = store.add_api_token("hash-2", "aigerim", "two")
    assert second == first + 1
    with pytest.raises(StoreError, match="already stored"):
        store.add_api_token("hash-2", "aigerim", "again")
    with pytest.raises(StoreError, match="account nobody: no such account"):
        store.add_api_token("hash-3", "nobody", "three")
    assert [token.id for token in store.api_tokens("aigerim")] == [first, second]
    assert store.api_tokens("nobody") == []
