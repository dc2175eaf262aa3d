"""The desk's accounts and their sessions in the store, told as small stories. The store keeps
hashes only; the strings below stand in for what the web layer computes.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from khronika.errors import StoreError
from khronika.store import Account, Session, Store

HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA"
LATER = datetime.now(UTC) + timedelta(hours=8)
EARLIER = datetime.now(UTC) - timedelta(seconds=5)


@pytest.fixture
def aigerim(store: Store) -> Account:
    return store.add_account("aigerim", "analyst", HASH)


# --- accounts ----------------------------------------------------------------------------------


def test_a_new_account_reads_back_unlocked_and_without_a_second_factor(store: Store) -> None:
    made = store.add_account("aigerim", "analyst", HASH)
    assert made == store.account("aigerim")
    assert (made.role, made.password_hash, made.totp_secret) == ("analyst", HASH, None)
    assert (made.failed_logins, made.locked_until, made.disabled) == (0, None, False)
    assert made.created_at.tzinfo is not None
    assert HASH not in repr(made)  # hashes and secrets stay out of logs
    assert store.account("nobody") is None


def test_an_account_lives_through_its_lifecycle(store: Store, aigerim: Account) -> None:
    # Two factors switched on; three bad passwords; locked for a quarter of an hour.
    store.update_account("aigerim", totp_secret="JBSWY3DPEHPK3PXP")
    for count in (1, 2, 3):
        assert store.note_failed_login("aigerim").failed_logins == count
    until = datetime(2030, 1, 1, 12, 15, tzinfo=UTC)
    locked = store.update_account("aigerim", locked_until=until)
    assert (locked.locked_until, locked.failed_logins) == (until, 3)
    assert locked.totp_secret == "JBSWY3DPEHPK3PXP"  # fields not given stay as they were
    # The right password at last: the count and the lock are cleared, nothing else.
    cleared = store.update_account("aigerim", failed_logins=0, locked_until=None)
    assert cleared == Account(
        name="aigerim",
        role="analyst",
        password_hash=HASH,
        created_at=aigerim.created_at,
        totp_secret="JBSWY3DPEHPK3PXP",
    )
    # A new password, a promotion, the second factor reset, then the account closed.
    store.update_account("aigerim", password_hash="new-hash", role="admin", totp_secret=None)
    closed = store.update_account("aigerim", disabled=True)
    assert (closed.password_hash, closed.role, closed.totp_secret) == ("new-hash", "admin", None)
    assert closed.disabled
    assert store.update_account("aigerim") == closed  # nothing given, nothing changed


def test_a_lock_time_is_kept_in_utc(store: Store, aigerim: Account) -> None:
    almaty = datetime(2030, 1, 1, 17, 15, tzinfo=timezone(timedelta(hours=5)))
    stored = store.update_account("aigerim", locked_until=almaty)
    assert stored.locked_until == almaty
    assert stored.locked_until is not None and stored.locked_until.utcoffset() == timedelta(0)
    with pytest.raises(StoreError, match="without a timezone"):
        store.update_account("aigerim", locked_until=datetime(2030, 1, 1))


def test_account_names_are_unique(store: Store, aigerim: Account) -> None:
    with pytest.raises(StoreError, match="account aigerim: already exists"):
        store.add_account("aigerim", "viewer", "other-hash")
    store.update_account("aigerim", disabled=True)
    with pytest.raises(StoreError, match="already exists"):  # a closed account keeps its name
        store.add_account("aigerim", "viewer", "other-hash")
    assert store.account("aigerim") == store.update_account("aigerim")
    assert [account.name for account in store.accounts()] == ["aigerim"]


def test_accounts_list_by_name(store: Store) -> None:
    for name in ("oleh", "admin", "marat"):
        store.add_account(name, "viewer", HASH)
    assert [account.name for account in store.accounts()] == ["admin", "marat", "oleh"]


@pytest.mark.parametrize(
    ("name", "role", "reason"),
    [
        ("oleh", "owner", "unknown role 'owner'"),
        ("", "viewer", "account name must be non-empty"),
        (" oleh", "viewer", "without outer spaces"),
    ],
)
def test_a_bad_account_is_refused(store: Store, name: str, role: str, reason: str) -> None:
    with pytest.raises(StoreError, match=reason):
        store.add_account(name, role, HASH)
    assert store.accounts() == []


def test_changing_an_unknown_account_is_an_error(store: Store, aigerim: Account) -> None:
    with pytest.raises(StoreError, match="account nobody: no such account"):
        store.update_account("nobody", disabled=True)
    with pytest.raises(StoreError, match="account nobody: no such account"):
        store.note_failed_login("nobody")
    with pytest.raises(StoreError, match="unknown role"):
        store.update_account("aigerim", role="root")
    assert store.account("aigerim") == aigerim


# --- sessions ----------------------------------------------------------------------------------


def test_a_session_is_found_by_its_token_hash_until_it_expires(
    store: Store, aigerim: Account
) -> None:
    started = store.add_session("token-hash-1", "aigerim", "csrf-1", LATER)
    assert store.session("token-hash-1") == started
    assert (started.account, started.csrf_token, started.second_factor_pending) == (
        "aigerim",
        "csrf-1",
        False,
    )
    assert started.expires_at == LATER.replace(microsecond=0)
    assert "csrf-1" not in repr(started)
    store.add_session("token-hash-2", "aigerim", "csrf-2", EARLIER)
    assert store.session("token-hash-2") is None  # expired
    assert store.session("no-such-hash") is None
    assert store.delete_expired_sessions() == 1
    assert store.session("token-hash-1") == started


def test_a_session_waits_for_its_second_factor(store: Store, aigerim: Account) -> None:
    store.add_session("token-hash", "aigerim", "csrf", LATER, pending=True)
    pending = store.session("token-hash")
    assert pending is not None and pending.second_factor_pending
    # Given the second factor, the desk starts a new session and ends the pending one.
    store.add_session("new-token-hash", "aigerim", "new-csrf", LATER)
    store.delete_session("token-hash")
    assert store.session("token-hash") is None
    confirmed = store.session("new-token-hash")
    assert confirmed is not None and not confirmed.second_factor_pending


def test_signing_out_ends_one_session_or_all_of_them(store: Store, aigerim: Account) -> None:
    store.add_account("oleh", "viewer", HASH)
    for token in ("a1", "a2"):
        store.add_session(token, "aigerim", "csrf", LATER)
    store.add_session("o1", "oleh", "csrf", LATER)
    store.delete_session("a1")
    store.delete_session("a1")  # already gone: harmless
    assert store.session("a1") is None
    assert store.delete_sessions_of("aigerim") == 1
    assert store.session("a2") is None
    assert isinstance(store.session("o1"), Session)


def test_a_disabled_account_has_no_session(store: Store, aigerim: Account) -> None:
    store.add_session("token-hash", "aigerim", "csrf", LATER)
    store.update_account("aigerim", disabled=True)
    assert store.session("token-hash") is None
    store.update_account("aigerim", disabled=False)
    assert store.session("token-hash") is not None


def test_a_session_needs_a_known_account_and_a_time_with_a_zone(store: Store) -> None:
    with pytest.raises(StoreError, match="account nobody: no such account"):
        store.add_session("token-hash", "nobody", "csrf", LATER)
    store.add_account("aigerim", "viewer", HASH)
    with pytest.raises(StoreError, match="without a timezone"):
        store.add_session("token-hash", "aigerim", "csrf", datetime(2030, 1, 1))
    assert store.session("token-hash") is None
