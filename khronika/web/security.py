"""Passwords, tokens, second factors, cookies and the login rules (lockout, audit).

Passwords are hashed with Argon2id (argon2-cffi's defaults). Session and API tokens are random
(``secrets.token_urlsafe``) and only their SHA-256 is stored, so a copy of the database opens
no session. Every session has its own CSRF token, sent back in each form and in the
``X-CSRF-Token`` header of API writes made with the cookie. TOTP (RFC 6238, pyotp) is required
of admins and open to everyone else. Every login, failure, lockout and logout is audited.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import Request, Response

from khronika.store import Account, Store
from khronika.web.config import WebSettings

log = logging.getLogger(__name__)

SESSION_COOKIE = "khronika_session"
LOGIN_CSRF_COOKIE = "khronika_login_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
ROLES = ("viewer", "analyst", "admin")
# NIST SP 800-63B asks for at least 8; 10 because these accounts guard unpublished evidence.
MIN_PASSWORD_LENGTH = 10

_hasher = PasswordHasher()
# Verified against when the account does not exist, so an unknown name costs the same time
# as a wrong password and the timing does not tell which names exist.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class LoginRefused(Exception):
    """A login that failed; the message is safe to show (it never says which part was wrong)."""


# --- passwords and tokens ----------------------------------------------------------------------


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    """A fresh secret for a session, an API token or a CSRF token (256 bits)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the store keeps of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same_secret(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison; a missing value never matches."""
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


# --- second factor -----------------------------------------------------------------------------


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(secret: str, account: str, issuer: str) -> str:
    """The ``otpauth://`` URI an authenticator app reads (as text or as a QR code)."""
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=issuer)


def totp_ok(secret: str, code: str) -> bool:
    # One step either side: phones drift by a few seconds and people type slowly.
    cleaned = code.replace(" ", "").strip()
    return cleaned.isdigit() and pyotp.TOTP(secret).verify(cleaned, valid_window=1)


def needs_totp(account: Account) -> bool:
    """Whether a login of ``account`` must pass a second factor (or enrol one first)."""
    return account.role == "admin" or account.totp_secret is not None


# --- cookies -----------------------------------------------------------------------------------


def set_cookie(response: Response, request: Request, name: str, value: str, max_age: int) -> None:
    # HttpOnly: no script reads it; SameSite=Lax: no cross-site POST carries it; Secure
    # whenever the request came over https, so the cookie never leaves an encrypted channel.
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


def clear_cookie(response: Response, request: Request, name: str) -> None:
    response.delete_cookie(
        name, path="/", httponly=True, samesite="lax", secure=request.url.scheme == "https"
    )


# --- the login rules ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NewSession:
    token: str
    csrf_token: str
    expires_at: datetime


def now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def is_locked(account: Account) -> bool:
    return account.locked_until is not None and _aware(account.locked_until) > now()


def check_password(
    store: Store, web: WebSettings, name: str, password: str, address: str | None
) -> Account:
    """The account if ``name`` and ``password`` match and it may log in; else LoginRefused.

    A wrong password counts towards the lockout; the lockout itself and a disabled account are
    refused before the password is looked at, so guessing on a locked account learns nothing.
    """
    account = store.account(name)
    if account is None:
        verify_password(_DUMMY_HASH, password)
        store.audit("login_failed", detail=f"unknown account {name!r}", address=address)
        raise LoginRefused("wrong name or password")
    if account.disabled:
        store.audit("login_failed", account=name, detail="account disabled", address=address)
        raise LoginRefused("wrong name or password")
    if is_locked(account):
        store.audit("login_failed", account=name, detail="account locked", address=address)
        raise LoginRefused(f"too many failed logins: try again in {web.lockout_minutes} minutes")
    if not verify_password(account.password_hash, password):
        record_failure(store, web, account, address, "wrong password")
        raise LoginRefused("wrong name or password")
    return account


def record_failure(
    store: Store, web: WebSettings, account: Account, address: str | None, why: str
) -> None:
    """Count a failed password or code; the threshold-th failure locks the account."""
    # Counted in the database, atomically: parallel guesses cannot all read the same count.
    counted = store.note_failed_login(account.name)
    store.audit("login_failed", account=account.name, detail=why, address=address)
    if counted.failed_logins >= web.lockout_threshold:
        until = now() + timedelta(minutes=web.lockout_minutes)
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


def record_success(store: Store, account: Account, address: str | None, how: str) -> None:
    store.update_account(account.name, failed_logins=0, locked_until=None)
    store.audit("login", account=account.name, detail=how, address=address)


def start_session(store: Store, web: WebSettings, account: Account, *, pending: bool) -> NewSession:
    """A new session; ``pending`` until the second factor is passed (or enrolled)."""
    token, csrf = new_token(), new_token()
    lifetime = (
        timedelta(minutes=web.pending_minutes) if pending else timedelta(hours=web.session_hours)
    )
    expires = now() + lifetime
    store.add_session(token_hash(token), account.name, csrf, expires, pending=pending)
    return NewSession(token=token, csrf_token=csrf, expires_at=expires)


def client_address(request: Request) -> str | None:
    return request.client.host if request.client else None
