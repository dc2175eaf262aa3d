"""Secrets of an account: its password (Argon2id), API and session tokens, its second factor.

Passwords are hashed with Argon2id (argon2-cffi's defaults). Tokens are random
(``secrets.token_urlsafe``) and only their SHA-256 is stored, so a copy of the database opens
no session and runs no script. TOTP (RFC 6238, pyotp) is required of admins and open to
everyone else. Nothing here knows HTTP: the web desk and the CLI both use it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from khronika.store import Account

ROLES = ("viewer", "analyst", "admin")
# NIST SP 800-63B asks for at least 8; 10 because these accounts guard unpublished evidence.
MIN_PASSWORD_LENGTH = 10
# The name an authenticator app shows beside the account's codes.
TOTP_ISSUER = "khronika"

_hasher = PasswordHasher()
# Verified against when the account does not exist, so an unknown name costs the same time
# as a wrong password and the timing does not tell which names exist.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


# --- passwords ---------------------------------------------------------------------------------


def check_password_strength(password: str) -> None:
    """Raise ValueError (a message fit to show) if ``password`` is too short to accept."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")


def hash_password(password: str) -> str:
    """The Argon2id hash of ``password``; ValueError if it is too short."""
    check_password_strength(password)
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``; a malformed hash never matches."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def waste_a_verification(password: str) -> None:
    """Spend the time of one verification, for a name that has no account."""
    verify_password(_DUMMY_HASH, password)


# --- tokens ------------------------------------------------------------------------------------


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
    """A fresh TOTP secret (base32)."""
    return pyotp.random_base32()


def totp_uri(secret: str, account: str, issuer: str = TOTP_ISSUER) -> str:
    """The ``otpauth://`` URI an authenticator app reads (as text or as a QR code)."""
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=issuer)


def totp_ok(secret: str, code: str) -> bool:
    """Whether ``code`` is the current code of ``secret`` (spaces ignored)."""
    # One step either side: phones drift by a few seconds and people type slowly.
    cleaned = code.replace(" ", "").strip()
    return cleaned.isdigit() and pyotp.TOTP(secret).verify(cleaned, valid_window=1)


def needs_totp(account: Account) -> bool:
    """Whether a login of ``account`` must pass a second factor (or enrol one first)."""
    return account.role == "admin" or account.totp_secret is not None
