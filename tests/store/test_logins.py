"""The login guard's records: attempts counted before they are checked, known addresses, TOTP
steps spent once, recovery codes, and the migration that brought them to an older store."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from khronika.store import LoginClaim, LoginLimits, Store
from khronika.store.engine import create_store_engine, parse_url
from khronika.store.migrations import MIGRATIONS, migrate


def limits(per_name: int = 3, per_address: int = 10) -> LoginLimits:
    since = datetime.now(UTC) - timedelta(minutes=15)
    return LoginLimits(since=since, per_name=per_name, per_pair=per_name, per_address=per_address)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as opened:
        opened.add_account("dana", "analyst", "hash")
        yield opened


def test_an_attempt_still_being_checked_counts_against_the_next(store: Store) -> None:
    claims = [store.claim_login_attempt("dana", "10.0.0.66", limits()) for _ in range(4)]
    # Three pending checks fill the allowance: the fourth is refused before any check.
    assert [claim.refused for claim in claims] == [None, None, None, "name"]
    assert [claim.name_failures for claim in claims] == [1, 2, 3, 3]


def test_parallel_claims_never_see_the_same_clean_slate(store: Store, db_url: str) -> None:
    # Eight handles on one database, as eight desk workers: each claim counts and records in
    # one write transaction, so exactly the allowance of three gets through, whatever the race.
    handles = [Store.open(db_url) for _ in range(8)]
    start = threading.Barrier(len(handles))

    def claim(handle: Store) -> LoginClaim:
        start.wait()
        return handle.claim_login_attempt("dana", "10.0.0.66", limits())

    try:
        with ThreadPoolExecutor(len(handles)) as pool:
            claims = list(pool.map(claim, handles))
    finally:
        for handle in handles:
            handle.close()
    assert sum(claim.refused is None for claim in claims) == 3
    assert sorted(c.name_failures for c in claims if c.refused is None) == [1, 2, 3]
    assert store.login_failures("dana", limits().since) == 3


def test_a_first_factor_passed_does_not_count(store: Store) -> None:
    for _ in range(5):
        claim = store.claim_login_attempt("dana", "10.0.0.1", limits())
        assert claim.id is not None
        store.settle_login_attempt(claim.id, "password")
    assert store.login_failures("dana", limits().since) == 0


def test_a_known_address_is_spared_the_name_wide_lock(store: Store) -> None:
    store.note_login("dana", "10.0.0.1")
    for _ in range(3):
        store.claim_login_attempt("dana", "10.0.0.66", limits())
    assert store.claim_login_attempt("dana", "10.0.0.99", limits()).refused == "name"
    assert store.claim_login_attempt("dana", "10.0.0.1", limits()).refused is None


def test_an_address_is_limited_over_every_name(store: Store) -> None:
    for number in range(10):
        store.claim_login_attempt(f"user{number}", "10.0.0.66", limits())
    assert store.claim_login_attempt("dana", "10.0.0.66", limits()).refused == "address"


def test_a_totp_step_is_accepted_once_and_never_an_older_one(store: Store) -> None:
    assert store.use_totp_step("dana", 100)
    assert not store.use_totp_step("dana", 100)
    assert not store.use_totp_step("dana", 99)
    assert store.use_totp_step("dana", 101)
    store.reset_totp_steps("dana")
    assert store.use_totp_step("dana", 50)


def test_a_recovery_code_is_spent_once(store: Store) -> None:
    store.replace_recovery_codes("dana", ["h1", "h2"])
    assert store.use_recovery_code("dana", "h1")
    assert not store.use_recovery_code("dana", "h1")
    assert not store.use_recovery_code("dana", "unknown")
    assert store.recovery_codes_left("dana") == 1


def test_a_store_from_before_the_guard_keeps_its_accounts_and_tokens(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = create_store_engine(parse_url(f"sqlite:///{path}"))
    migrate(engine, MIGRATIONS[:4])
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO accounts (name, role, password_hash, created_at)"
            " VALUES ('dana', 'analyst', 'hash', '2024-01-01T00:00:00+00:00')"
        )
        connection.execute(
            "INSERT INTO api_tokens (token_hash, account, label, created_at)"
            " VALUES ('th', 'dana', 'old script', '2024-01-01T00:00:00+00:00')"
        )
    engine.dispose()

    with Store.open(f"sqlite:///{path}") as store:
        account = store.account_for_token("th")
        [token] = store.api_tokens("dana")

    assert account is not None and account.name == "dana"
    assert token.expires_at is None  # minted before expiry existed: it never expires
