"""The login rules: a password checked, failures counted, a lockout, and all of it audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from khronika.accounts import (
    LoginRefused,
    check_password,
    create_account,
    is_locked,
    now,
    record_failure,
    record_success,
)
from khronika.store import Store

PASSWORD = "a long passphrase"


@dataclass(frozen=True)
class Policy:
    lockout_threshold: int = 3
    lockout_minutes: int = 15


@pytest.fixture
def dana(store: Store) -> Store:
    create_account(store, "dana", "analyst", PASSWORD)
    return store


def actions(store: Store) -> list[str]:
    return [entry.action for entry in reversed(store.audit_log(limit=None))]


def test_the_right_password_gives_the_account(dana: Store) -> None:
    account = check_password(dana, Policy(), "dana", PASSWORD, "10.0.0.1")
    assert account.name == "dana"
    assert actions(dana) == []  # the caller audits the login once it is complete


@pytest.mark.parametrize("name", ["dana", "nobody"])
def test_a_wrong_name_or_password_says_neither_and_is_audited(dana: Store, name: str) -> None:
    with pytest.raises(LoginRefused, match=r"^wrong name or password$"):
        check_password(dana, Policy(), name, "wrong password!", "10.0.0.1")
    assert actions(dana) == ["login_failed"]


def test_the_threshold_th_failure_locks_the_account(dana: Store) -> None:
    for _ in range(3):
        with pytest.raises(LoginRefused):
            check_password(dana, Policy(), "dana", "wrong password!", None)
    account = dana.account("dana")
    assert account is not None and is_locked(account)
    assert account.failed_logins == 0  # counting starts again after the lockout
    assert actions(dana)[-1] == "lockout"
    # Locked: even the right password is refused, before it is looked at.
    with pytest.raises(LoginRefused, match="try again in 15 minutes"):
        check_password(dana, Policy(), "dana", PASSWORD, None)


def test_a_disabled_account_cannot_log_in(dana: Store) -> None:
    dana.update_account("dana", disabled=True)
    with pytest.raises(LoginRefused):
        check_password(dana, Policy(), "dana", PASSWORD, None)


def test_a_lockout_ends_by_itself(dana: Store) -> None:
    dana.update_account("dana", locked_until=now() - timedelta(seconds=1))
    account = dana.account("dana")
    assert account is not None and not is_locked(account)
    assert check_password(dana, Policy(), "dana", PASSWORD, None).name == "dana"


def test_a_success_resets_the_count_and_is_audited(dana: Store) -> None:
    account = dana.account("dana")
    assert account is not None
    record_failure(dana, Policy(), account, None, "wrong TOTP code")
    record_success(dana, account, "10.0.0.1", "password and TOTP")
    after = dana.account("dana")
    assert after is not None and after.failed_logins == 0
    assert actions(dana) == ["login_failed", "login"]
