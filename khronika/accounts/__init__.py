"""Accounts below the web: passwords (Argon2id), tokens, the second factor, the login rules,
and creating accounts and API tokens. The web desk adds only HTTP (cookies, CSRF, sessions);
the CLI's ``khronika user`` uses the same functions. Imports the base and the store only.
"""

from __future__ import annotations

from khronika.accounts.credentials import (
    MIN_PASSWORD_LENGTH,
    ROLES,
    TOTP_ISSUER,
    check_password_strength,
    hash_password,
    needs_totp,
    new_token,
    new_totp_secret,
    same_secret,
    token_hash,
    totp_ok,
    totp_uri,
    verify_password,
)
from khronika.accounts.login import (
    LockoutPolicy,
    LoginRefused,
    check_password,
    is_locked,
    now,
    record_failure,
    record_success,
)
from khronika.accounts.manage import (
    AccountError,
    AccountExists,
    MintedToken,
    NewAccount,
    NoSuchAccount,
    create_account,
    mint_api_token,
)

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "ROLES",
    "TOTP_ISSUER",
    "AccountError",
    "AccountExists",
    "LockoutPolicy",
    "LoginRefused",
    "MintedToken",
    "NewAccount",
    "NoSuchAccount",
    "check_password",
    "check_password_strength",
    "create_account",
    "hash_password",
    "is_locked",
    "mint_api_token",
    "needs_totp",
    "new_token",
    "new_totp_secret",
    "now",
    "record_failure",
    "record_success",
    "same_secret",
    "token_hash",
    "totp_ok",
    "totp_uri",
    "verify_password",
]
