"""Secrets of an account: its password (Argon2id), API and session tokens, its second factor.

Passwords are hashed with Argon2id (argon2-cffi's defaults). Tokens are random
(``secrets.token_urlsafe``) and only their SHA-256 is stored, so a copy of the database opens
no session and runs no script. TOTP (RFC 6238, pyotp) is required of admins and open to
everyone else; a code's time step is accepted once (the store remembers the last), and ten
one-time recovery codes stand in for a lost phone. A password must be long and not easy to
guess: zxcvbn (Dropbox's estimator, its frequency lists of leaked passwords, English words and
names shipped inside the PyPI package) scores it offline. Nothing here knows HTTP: the web desk
and the CLI both use it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from khronika.store import Account

ROLES = ("viewer", "analyst", "admin")
# NIST SP 800-63B asks for at least 8; 10 because these accounts guard unpublished evidence.
MIN_PASSWORD_LENGTH = 10
# zxcvbn's scale runs 0-4; 3 is "safely unguessable" (about 10^8 guesses and more), what its
# authors recommend for accounts that matter. Refuses "password12", "qwertyuiop1", a name + year.
MIN_PASSWORD_SCORE = 3
# zxcvbn's matching grows fast with length; the first 64 characters decide its score anyway.
_SCORED_CHARACTERS = 64
# The name an authenticator app shows beside the account's codes.
TOTP_ISSUER = "khronika"
# An API token lives a quarter of a year unless asked otherwise: a forgotten script's token dies.
API_TOKEN_DAYS = 90
# Recovery codes given at enrolment; each is 12 characters of a 31-letter alphabet (59 bits).
RECOVERY_CODES = 10
# No 0/o, 1/l/i: a code copied from paper is read back right.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"

_hasher = PasswordHasher()
# Verified against when the account does not exist, so an unknown name costs the same time
# as a wrong password and the timing does not tell which names exist.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


# --- passwords ---------------------------------------------------------------------------------


def check_password_strength(password: str, *, name: str = "") -> None:
    """Raise ValueError (a message fit to show) if ``password`` is too short or too common.

    ``name`` (the account's) counts as a word an attacker tries first.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    scored = zxcvbn(password[:_SCORED_CHARACTERS], user_inputs=[name] if name else [])
    if scored["score"] < MIN_PASSWORD_SCORE:
        warning = scored["feedback"].get("warning") or "it follows a common pattern"
        raise ValueError(
            f"this password is too easy to guess ({warning.rstrip('.').lower()});"
            " a few unrelated words are easier to remember and harder to guess"
        )


def hash_password(password: str, *, name: str = "") -> str:
    """The Argon2id hash of ``password``; ValueError if it is too short or too common."""
    check_password_strength(password, name=name)
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


def totp_step(secret: str, code: str, at: float | None = None) -> int | None:
    """The time step whose code ``code`` is (spaces ignored), if it is one of now's; else None.

    One step either side of now: phones drift by a few seconds and people type slowly. The
    caller accepts a step once (``LoginStore.use_totp_step``), so a code seen is a code spent.
    """
    cleaned = code.replace(" ", "").strip()
    if not (cleaned.isdigit() and len(cleaned) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now_step = int((time.time() if at is None else at) // totp.interval)
    for step in (now_step - 1, now_step, now_step + 1):
        if hmac.compare_digest(totp.generate_otp(step), cleaned):
            return step
    return None


def totp_ok(secret: str, code: str) -> bool:
    """Whether ``code`` is one of now's codes of ``secret`` (enrolment; a login spends it)."""
    return totp_step(secret, code) is not None


def new_recovery_codes(count: int = RECOVERY_CODES) -> list[str]:
    """Fresh one-time recovery codes, shown once (``abcd-efgh-jkmn``)."""
    codes = []
    for _ in range(count):
        letters = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(12))
        codes.append(f"{letters[:4]}-{letters[4:8]}-{letters[8:]}")
    return codes


def recovery_code_hash(code: str) -> str:
    """What the store keeps of a recovery code (dashes, spaces and case ignored)."""
    return token_hash("".join(code.lower().split()).replace("-", ""))


def looks_like_recovery_code(code: str) -> bool:
    """Whether ``code`` has the shape of a recovery code rather than a six-digit TOTP code."""
    cleaned = "".join(code.lower().split()).replace("-", "")
    return len(cleaned) == 12 and all(letter in _RECOVERY_ALPHABET for letter in cleaned)


def needs_totp(account: Account) -> bool:
    """Whether a login of ``account`` must pass a second factor (or enrol one first)."""
    return account.role == "admin" or account.totp_secret is not None
