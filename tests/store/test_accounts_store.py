"""The desk's people in the Store, told as small stories: accounts, their sessions, the API
tokens of their scripts, and the audit log of what they did. The store keeps hashes only; the
strings below stand in for what the web layer computes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from khronika.errors import StoreError
from khronika.store import Account, ApiToken, Session, Store

HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA"
LATER = datetime.now(UTC) + timedelta(hours=8)
EARLIER = datetime.now(UTC) - timedelta(seconds=5)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(f"sqlite:///{tmp_path / 'desk.db'}") as opened:
        yield opened


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
    store.confirm_session("token-hash")
    confirmed = store.session("token-hash")
    assert confirmed is not None and not confirmed.second_factor_pending
    with pytest.raises(StoreError, match="no such session"):
        store.confirm_session("no-such-hash")


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


# --- audit log ---------------------------------------------------------------------------------


def test_the_audit_log_reads_newest_first(store: Store) -> None:
    store.audit("login.failed", account="aigerim", detail="bad password", address="10.0.0.7")
    store.audit("login", account="aigerim", address="10.0.0.7")
    store.audit("review.verify", account="oleh", detail="cl_almaty0001")
    last = store.audit("store.opened")
    log = store.audit_log()
    assert [entry.action for entry in log] == [
        "store.opened",
        "review.verify",
        "login",
        "login.failed",
    ]
    assert log[0] == last and last.account is None and last.detail == ""
    failed = log[-1]
    assert (failed.account, failed.detail, failed.address) == (
        "aigerim",
        "bad password",
        "10.0.0.7",
    )
    assert failed.at.tzinfo is not None


def test_the_audit_log_is_limited_and_filtered_by_account(store: Store) -> None:
    for number in range(5):
        store.audit(f"action.{number}", account="aigerim" if number % 2 else "oleh")
    assert [e.action for e in store.audit_log(limit=2)] == ["action.4", "action.3"]
    assert [e.action for e in store.audit_log(account="aigerim")] == ["action.3", "action.1"]
    assert len(store.audit_log(limit=None)) == 5
    assert store.audit_log(limit=0) == []
    with pytest.raises(StoreError, match="limit must not be negative"):
        store.audit_log(limit=-1)
