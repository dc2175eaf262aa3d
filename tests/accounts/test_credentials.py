"""Passwords, tokens and the second factor, with no web in sight."""

from __future__ import annotations

from datetime import datetime

import pyotp
import pytest

from khronika.accounts import (
    MIN_PASSWORD_LENGTH,
    check_password_strength,
    hash_password,
    needs_totp,
    new_token,
    new_totp_secret,
    same_secret,
    token_hash,
    totp_ok,
    totp_step,
    totp_uri,
    verify_password,
)
from khronika.accounts.credentials import (
    looks_like_recovery_code,
    new_recovery_codes,
    recovery_code_hash,
)
from khronika.store import Account


def account(role: str, totp_secret: str | None = None) -> Account:
    return Account(
        name="dana",
        role=role,
        password_hash="x",
        created_at=datetime(2022, 1, 1),
        totp_secret=totp_secret,
    )


def test_a_password_is_stored_as_an_argon2id_hash_that_verifies() -> None:
    stored = hash_password("a long passphrase")
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "a long passphrase")
    assert not verify_password(stored, "a long passphrasE")


def test_a_short_password_is_refused_with_a_message_to_show() -> None:
    with pytest.raises(ValueError, match=f"at least {MIN_PASSWORD_LENGTH} characters"):
        hash_password("x" * (MIN_PASSWORD_LENGTH - 1))


def test_a_damaged_hash_never_verifies() -> None:
    assert not verify_password("not a hash", "a long passphrase")


def test_tokens_are_fresh_and_only_their_sha256_is_kept() -> None:
    first, second = new_token(), new_token()
    assert first != second and len(first) >= 40
    assert token_hash(first) == token_hash(first)
    assert len(token_hash(first)) == 64 and first not in token_hash(first)


@pytest.mark.parametrize(
    ("expected", "given", "same"),
    [("abc", "abc", True), ("abc", "abd", False), ("", "", False), (None, "abc", False)],
)
def test_same_secret(expected: str | None, given: str | None, same: bool) -> None:
    assert same_secret(expected, given) is same


def test_a_totp_code_passes_and_the_uri_names_the_account() -> None:
    secret = new_totp_secret()
    code = pyotp.TOTP(secret).now()
    assert totp_ok(secret, code)
    assert totp_ok(secret, f"{code[:3]} {code[3:]}")  # typed with a space
    assert not totp_ok(secret, "abcdef")
    assert totp_uri(secret, "dana").startswith("otpauth://totp/khronika:dana?secret=")


def test_admins_and_enrolled_accounts_need_a_second_factor() -> None:
    assert needs_totp(account("admin"))
    assert needs_totp(account("viewer", totp_secret=new_totp_secret()))
    assert not needs_totp(account("analyst"))


@pytest.mark.parametrize(
    "password", ["password12", "qwertyuiop1", "1234567890", "iloveyou2024", "danadana1990"]
)
def test_a_common_password_is_refused_with_the_reason(password: str) -> None:
    with pytest.raises(ValueError, match="too easy to guess"):
        check_password_strength(password, name="dana")


def test_a_few_unrelated_words_are_accepted() -> None:
    check_password_strength("tin kettle marigold sway", name="dana")


def test_a_totp_code_names_its_time_step() -> None:
    secret = pyotp.random_base32()
    totp = pyotp.TOTP(secret)
    at = 1_700_000_000.0
    step = int(at // 30)
    assert totp_step(secret, totp.at(at), at=at) == step
    assert totp_step(secret, totp.at(at - 30), at=at) == step - 1  # a slow typist
    assert totp_step(secret, totp.at(at - 90), at=at) is None  # too old
    assert totp_step(secret, "12345", at=at) is None


def test_recovery_codes_are_fresh_and_read_back_however_typed() -> None:
    codes = new_recovery_codes()
    assert len(set(codes)) == 10
    code = codes[0]
    assert looks_like_recovery_code(code) and not looks_like_recovery_code("123456")
    typed = code.upper().replace("-", " ")
    assert recovery_code_hash(typed) == recovery_code_hash(code)
