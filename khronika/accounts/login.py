"""The login rules: every attempt counted before it is checked, limits per name and per address,
and a lock that stops an attacker without locking the owner out.

An attempt is claimed from the store first (one write transaction that counts the earlier
attempts and records this one as pending), so parallel guesses each see the ones before them and
at most ``lockout_threshold`` of them ever reach the slow Argon2 check. Limits, over the last
``lockout_minutes``:

- a name from one address: ``lockout_threshold`` failures;
- a name from an address it never logged in from: ``lockout_threshold`` failures in all (so a
  guesser spread over many addresses is stopped too);
- one address over all names: ``address_threshold`` failures.

An address the account has logged in from is spared the name-wide lock: an attacker's failures
elsewhere never lock the owner out. Unknown names are counted and locked exactly like known ones
and get the same answers, so neither the message nor the lock tells which names exist. Every
login, failure and lockout is audited.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Protocol

from khronika.accounts.credentials import (
    looks_like_recovery_code,
    recovery_code_hash,
    totp_step,
    verify_password,
    waste_a_verification,
)
from khronika.store import Account, AccountStore, AuditLog, LoginLimits, LoginStore

log = logging.getLogger(__name__)

WRONG = "wrong name or password"


class GuardedStore(AccountStore, LoginStore, AuditLog, Protocol):
    """What the login rules read and write: accounts, the login guard and the audit log."""


class LoginRefused(Exception):
    """A login that failed; the message is safe to show (it never says which part was wrong)."""


class LockoutPolicy(Protocol):
    """How many failures lock a name or an address, and for how long."""

    @property
    def lockout_threshold(self) -> int:
        """Failed logins on a name that lock it (from one address, or from new ones)."""

    @property
    def lockout_minutes(self) -> int:
        """The window failures are counted over, and so how long a lock lasts."""

    @property
    def address_threshold(self) -> int:
        """Failed logins from one address, over every name, that lock the address."""


def now() -> datetime:
    """The current time, UTC."""
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def is_locked(account: Account) -> bool:
    """Whether ``account`` is locked right now for addresses it never logged in from."""
    return account.locked_until is not None and _aware(account.locked_until) > now()


def limits(policy: LockoutPolicy) -> LoginLimits:
    """The store's limits for an attempt made now under ``policy``."""
    return LoginLimits(
        since=now() - timedelta(minutes=policy.lockout_minutes),
        per_name=policy.lockout_threshold,
        per_pair=policy.lockout_threshold,
        per_address=policy.address_threshold,
    )


def _claim(
    store: GuardedStore, policy: LockoutPolicy, name: str, address: str | None
) -> tuple[int, int]:
    """Claim an attempt: its id and the failures on the name with it counted. A refused one
    is audited and raised, before any secret is checked.
    """
    claim = store.claim_login_attempt(name, address, limits(policy))
    if claim.id is None:
        where = "from this address" if claim.refused == "address" else "on this name"
        known = store.account(name) is not None
        store.audit(
            "login_failed",
            account=name if known else None,
            detail=f"refused unchecked: too many failed logins {where}"
            + ("" if known else f" (unknown account {name!r})"),
            address=address,
        )
        raise LoginRefused(f"too many failed logins: try again in {policy.lockout_minutes} minutes")
    return claim.id, claim.name_failures


def check_password(
    store: GuardedStore, policy: LockoutPolicy, name: str, password: str, address: str | None
) -> Account:
    """The account if ``name`` and ``password`` match and it may log in; else LoginRefused.

    The attempt is counted before the password is looked at; a refused attempt learns nothing.
    """
    claim = _claim(store, policy, name, address)
    account = store.account(name)
    if account is None or account.disabled:
        waste_a_verification(password)  # an unknown name costs the time a known one does
        why = "account disabled" if account is not None else f"unknown account {name!r}"
        _failed(store, policy, name if account else None, claim, address, why)
        raise LoginRefused(WRONG)
    if not verify_password(account.password_hash, password):
        _failed(store, policy, name, claim, address, "wrong password")
        raise LoginRefused(WRONG)
    store.settle_login_attempt(claim[0], "password")
    return account


def check_second_factor(
    store: GuardedStore, policy: LockoutPolicy, account: Account, code: str, address: str | None
) -> str:
    """How the second factor of ``account`` passed ("TOTP" or "recovery code"); else
    LoginRefused. Counted like a password: six digits are quick to guess otherwise.

    A TOTP code whose time step was used before is refused (a code seen is a code spent); a
    recovery code is spent by its use.
    """
    claim = _claim(store, policy, account.name, address)
    how, why = _second_factor(store, account, code)
    if how is None:
        _failed(store, policy, account.name, claim, address, why)
        raise LoginRefused("wrong code")
    store.settle_login_attempt(claim[0], "password")
    if how == "recovery code":
        left = store.recovery_codes_left(account.name)
        store.audit(
            "user_changed",
            account=account.name,
            detail=f"recovery code used; {left} left",
            address=address,
        )
    return how


def _second_factor(store: GuardedStore, account: Account, code: str) -> tuple[str | None, str]:
    if account.totp_secret is None:
        return None, "no second factor enrolled"
    if looks_like_recovery_code(code):
        if store.use_recovery_code(account.name, recovery_code_hash(code)):
            return "recovery code", ""
        return None, "unknown or spent recovery code"
    step = totp_step(account.totp_secret, code)
    if step is None:
        return None, "wrong TOTP code"
    if not store.use_totp_step(account.name, step):
        return None, "TOTP code used before"
    return "TOTP", ""


def _failed(
    store: GuardedStore,
    policy: LockoutPolicy,
    name: str | None,
    claim: tuple[int, int],
    address: str | None,
    why: str,
) -> None:
    """Settle a failed attempt; the threshold-th failure on a known name locks it."""
    attempt, failures = claim
    store.settle_login_attempt(attempt, "failed")
    store.audit("login_failed", account=name, detail=why, address=address)
    if name is None:
        return
    if failures >= policy.lockout_threshold:
        until = now() + timedelta(minutes=policy.lockout_minutes)
        store.update_account(name, failed_logins=failures, locked_until=until)
        store.audit(
            "lockout",
            account=name,
            detail=(
                f"{failures} failed logins; locked for new addresses until"
                f" {until.isoformat(timespec='seconds')}"
            ),
            address=address,
        )
        log.warning("account %s locked after %d failed logins", name, failures)
    else:
        store.update_account(name, failed_logins=failures)


def record_failure(
    store: GuardedStore, policy: LockoutPolicy, account: Account, address: str | None, why: str
) -> None:
    """Count a failure that happened outside :func:`check_password` (a wrong enrolment code)."""
    claim = store.claim_login_attempt(account.name, address, limits(policy))
    if claim.id is not None:
        _failed(store, policy, account.name, (claim.id, claim.name_failures), address, why)
    else:
        store.audit("login_failed", account=account.name, detail=why, address=address)


def record_success(store: GuardedStore, account: Account, address: str | None, how: str) -> None:
    """A whole login passed: the address is known to the account from now on, the account's own
    failures from it forgiven; the login audited. Failures from elsewhere still count.
    """
    store.note_login(account.name, address)
    store.update_account(account.name, failed_logins=0)
    store.audit("login", account=account.name, detail=how, address=address)


def unlock(store: GuardedStore, name: str) -> int:
    """Forgive every counted failure on ``name`` and lift its lock; returns how many."""
    forgiven = store.clear_login_failures(name)
    store.update_account(name, failed_logins=0, locked_until=None)
    return forgiven
