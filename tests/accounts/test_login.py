"""The login rules: every attempt counted before it is checked, limits per name and per address,
the owner never locked out by someone else's failures, the second factor spent once."""

from __future__ import annotations

from dataclasses import dataclass

import pyotp
import pytest

from khronika.accounts import (
    LoginRefused,
    check_password,
    check_second_factor,
    create_account,
    enrol_second_factor,
    is_locked,
    record_failure,
    record_success,
    unlock,
)
from khronika.store import Store

PASSWORD = "a long passphrase"
OWNER, ATTACKER = "10.0.0.1", "10.0.0.66"


@dataclass(frozen=True)
class Policy:
    lockout_threshold: int = 3
    lockout_minutes: int = 15
    address_threshold: int = 10


@pytest.fixture
def dana(store: Store) -> Store:
    create_account(store, "dana", "analyst", PASSWORD)
    return store


def actions(store: Store) -> list[str]:
    return [entry.action for entry in reversed(store.audit_log(limit=None))]


def fail(store: Store, name: str, address: str | None, times: int = 1) -> list[str]:
    """Try a wrong password ``times``; the messages given back."""
    said = []
    for _ in range(times):
        with pytest.raises(LoginRefused) as refused:
            check_password(store, Policy(), name, "wrong password!", address)
        said.append(str(refused.value))
    return said


def log_in(store: Store, address: str | None) -> None:
    account = check_password(store, Policy(), "dana", PASSWORD, address)
    record_success(store, account, address, "password")


def test_the_right_password_gives_the_account(dana: Store) -> None:
    account = check_password(dana, Policy(), "dana", PASSWORD, OWNER)
    assert account.name == "dana"
    assert actions(dana) == []  # the caller audits the login once it is complete


@pytest.mark.parametrize("name", ["dana", "nobody"])
def test_a_wrong_name_or_password_says_neither_and_is_audited(dana: Store, name: str) -> None:
    assert fail(dana, name, OWNER) == ["wrong name or password"]
    assert actions(dana) == ["login_failed"]


def test_the_threshold_th_failure_locks_the_name(dana: Store) -> None:
    fail(dana, "dana", ATTACKER, times=3)
    account = dana.account("dana")
    assert account is not None and is_locked(account)
    assert actions(dana)[-1] == "lockout"
    # Locked: even the right password is refused, before it is looked at.
    with pytest.raises(LoginRefused, match="try again in 15 minutes"):
        check_password(dana, Policy(), "dana", PASSWORD, ATTACKER)


def test_an_unknown_name_is_locked_exactly_like_a_known_one(dana: Store) -> None:
    assert fail(dana, "dana", ATTACKER, times=4) == fail(dana, "nobody", ATTACKER, times=4)


def test_an_attacker_elsewhere_never_locks_the_owner_out(dana: Store) -> None:
    log_in(dana, OWNER)  # the owner's usual address
    fail(dana, "dana", ATTACKER, times=100)

    log_in(dana, OWNER)

    # A new address is still locked: the attacker's failures stand.
    with pytest.raises(LoginRefused, match="too many failed logins"):
        check_password(dana, Policy(), "dana", PASSWORD, "10.0.0.99")


def test_the_owner_s_own_failures_lock_their_address_too(dana: Store) -> None:
    log_in(dana, OWNER)
    fail(dana, "dana", OWNER, times=3)
    with pytest.raises(LoginRefused, match="too many failed logins"):
        check_password(dana, Policy(), "dana", PASSWORD, OWNER)


def test_one_address_guessing_over_many_names_is_stopped(dana: Store) -> None:
    for number in range(10):
        fail(dana, f"user{number}", ATTACKER)
    # The address is spent: even a right password from it waits.
    with pytest.raises(LoginRefused, match="too many failed logins"):
        check_password(dana, Policy(), "dana", PASSWORD, ATTACKER)
    log_in(dana, OWNER)


def test_a_success_forgives_only_its_own_address(dana: Store) -> None:
    log_in(dana, OWNER)
    fail(dana, "dana", OWNER, times=2)
    fail(dana, "dana", ATTACKER, times=1)
    log_in(dana, OWNER)
    # Two more are allowed: the owner's earlier two are forgiven, the attacker's one is not.
    assert fail(dana, "dana", OWNER, times=2) == ["wrong name or password"] * 2
    with pytest.raises(LoginRefused, match="too many"):
        check_password(dana, Policy(), "dana", PASSWORD, "10.0.0.99")


def test_unlock_forgives_every_failure(dana: Store) -> None:
    fail(dana, "dana", ATTACKER, times=3)
    assert unlock(dana, "dana") == 3
    account = dana.account("dana")
    assert account is not None and not is_locked(account)
    log_in(dana, "10.0.0.99")


def test_a_disabled_account_cannot_log_in(dana: Store) -> None:
    dana.update_account("dana", disabled=True)
    with pytest.raises(LoginRefused, match=r"^wrong name or password$"):
        check_password(dana, Policy(), "dana", PASSWORD, None)


def test_a_success_is_audited(dana: Store) -> None:
    account = dana.account("dana")
    assert account is not None
    record_failure(dana, Policy(), account, None, "wrong TOTP code")
    record_success(dana, account, "10.0.0.1", "password and TOTP")
    after = dana.account("dana")
    assert after is not None and after.failed_logins == 0
    assert actions(dana) == ["login_failed", "login"]


# --- the second factor -------------------------------------------------------------------------


@pytest.fixture
def enrolled(dana: Store) -> tuple[Store, str, tuple[str, ...]]:
    secret = pyotp.random_base32()
    codes = enrol_second_factor(dana, "dana", secret)
    return dana, secret, codes


def second(store: Store, code: str) -> str:
    account = store.account("dana")
    assert account is not None
    return check_second_factor(store, Policy(), account, code, OWNER)


def test_a_totp_code_is_spent_by_its_use(enrolled: tuple[Store, str, tuple[str, ...]]) -> None:
    store, secret, _ = enrolled
    code = pyotp.TOTP(secret).now()
    assert second(store, code) == "TOTP"
    with pytest.raises(LoginRefused, match="wrong code"):
        second(store, code)  # replayed within its window
    assert store.audit_log(limit=1)[0].detail == "TOTP code used before"


def test_a_recovery_code_logs_in_once(enrolled: tuple[Store, str, tuple[str, ...]]) -> None:
    store, _, codes = enrolled
    assert len(codes) == 10 and len(set(codes)) == 10
    assert second(store, codes[3].upper()) == "recovery code"
    assert store.recovery_codes_left("dana") == 9
    with pytest.raises(LoginRefused):
        second(store, codes[3])


def test_enrolling_again_kills_the_old_recovery_codes(
    enrolled: tuple[Store, str, tuple[str, ...]],
) -> None:
    store, _, old = enrolled
    enrol_second_factor(store, "dana", pyotp.random_base32())
    with pytest.raises(LoginRefused):
        second(store, old[0])


def test_wrong_codes_lock_like_wrong_passwords(
    enrolled: tuple[Store, str, tuple[str, ...]],
) -> None:
    store, secret, _ = enrolled
    for _ in range(3):
        with pytest.raises(LoginRefused, match="wrong code"):
            second(store, "000000")
    with pytest.raises(LoginRefused, match="too many"):
        second(store, pyotp.TOTP(secret).now())
