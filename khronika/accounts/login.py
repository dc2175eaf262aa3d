"""The login rules: a password checked, failures counted, an account locked after too many.

Every login, failure and lockout is audited. The lockout and a disabled account are refused
before the password is looked at, so guessing on a locked account learns nothing. The rules
take their thresholds from a :class:`LockoutPolicy` (the web desk's settings are one).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Protocol

from khronika.accounts.credentials import verify_password, waste_a_verification
from khronika.store import Account, AccountStore, AuditLog

log = logging.getLogger(__name__)


class LoginStore(AccountStore, AuditLog, Protocol):
    """What the login rules read and write: accounts and the audit log."""


class LoginRefused(Exception):
    """A login that failed; the message is safe to show (it never says which part was wrong)."""


class LockoutPolicy(Protocol):
    """How many failures lock an account, and for how long."""

    @property
    def lockout_threshold(self) -> int:
        """Failed logins in a row that lock the account."""

    @property
    def lockout_minutes(self) -> int:
        """How long a locked account waits."""


def now() -> datetime:
    """The current time, UTC."""
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def is_locked(account: Account) -> bool:
    """Whether ``account`` is locked out right now."""
    return account.locked_until is not None and _aware(account.locked_until) > now()


def check_password(
    store: LoginStore, policy: LockoutPolicy, name: str, password: str, address: str | None
) -> Account:
    """The account if ``name`` and ``password`` match and it may log in; else LoginRefused.

    A wrong password counts towards the lockout; the lockout itself and a disabled account are
    refused before the password is looked at, so guessing on a locked account learns nothing.
    """
    account = store.account(name)
    if account is None:
        waste_a_verification(password)
        store.audit("login_failed", detail=f"unknown account {name!r}", address=address)
        raise LoginRefused("wrong name or password")
    if account.disabled:
        store.audit("login_failed", account=name, detail="account disabled", address=address)
        raise LoginRefused("wrong name or password")
    if is_locked(account):
        store.audit("login_failed", account=name, detail="account locked", address=address)
        raise LoginRefused(f"too many failed logins: try again in {policy.lockout_minutes} minutes")
    if not verify_password(account.password_hash, password):
        record_failure(store, policy, account, address, "wrong password")
        raise LoginRefused("wrong name or password")
    return account


def record_failure(
    store: LoginStore, policy: LockoutPolicy, account: Account, address: str | None, why: str
) -> None:
    """Count a failed password or code; the threshold-th failure locks the account."""
    # Counted in the database, atomically: parallel guesses cannot all read the same count.
    counted = store.note_failed_login(account.name)
    store.audit("login_failed", account=account.name, detail=why, address=address)
    if counted.failed_logins >= policy.lockout_threshold:
        until = now() + timedelta(minutes=policy.lockout_minutes)
        store.update_account(account.name, failed_logins=0, locked_until=until)
        store.audit(
            "lockout",
            account=account.name,
            detail=(
                f"{counted.failed_logins} failed logins;"
                f" locked until {until.isoformat(timespec='seconds')}"
            ),
            address=address,
        )
        log.warning("account %s locked after %d failed logins", account.name, counted.failed_logins)


def record_success(store: LoginStore, account: Account, address: str | None, how: str) -> None:
    """A login passed: the failure count is reset, the login audited."""
    store.update_account(account.name, failed_logins=0, locked_until=None)
    store.audit("login", account=account.name, detail=how, address=address)
