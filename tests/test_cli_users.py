"""``khronika user add`` and ``khronika user token``: accounts and API tokens from the shell, in
a store on each backend (``db_url``)."""

from __future__ import annotations

from pathlib import Path

import pyotp
import pytest
from click.testing import CliRunner, Result

from khronika.accounts import token_hash, verify_password
from khronika.cli import main
from khronika.store import Store


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin)


def test_add_an_analyst_with_the_password_on_stdin(db_url: str) -> None:
    db = db_url

    result = run(
        "user",
        "add",
        "ana",
        "--role",
        "analyst",
        "--password-stdin",
        "--db",
        db,
        stdin="a long passphrase\n",
    )

    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # no second factor asked for, so nothing to print
    with Store.open(db) as store:
        account = store.account("ana")
        assert account is not None and account.role == "analyst"
        assert verify_password(account.password_hash, "a long passphrase")
        assert account.totp_secret is None
        assert store.audit_log(limit=1)[0].action == "user_added"


def test_an_admin_is_enrolled_in_totp_and_gets_the_uri(db_url: str) -> None:
    db = db_url

    result = run(
        "user",
        "add",
        "adam",
        "--role",
        "admin",
        "--password-stdin",
        "--db",
        db,
        stdin="a long passphrase\n",
    )

    uri = result.stdout.strip()
    assert uri.startswith("otpauth://totp/khronika:adam?secret=")
    with Store.open(db) as store:
        account = store.account("adam")
        assert account is not None
        assert account.totp_secret == pyotp.parse_uri(uri).secret


def test_the_password_prompt_asks_twice(db_url: str) -> None:
    db = db_url

    result = run(
        "user",
        "add",
        "vera",
        "--role",
        "viewer",
        "--totp",
        "--db",
        db,
        stdin="a long passphrase\na long passphrase\n",
    )

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("otpauth://totp/")


def test_short_passwords_and_taken_names_are_refused(db_url: str) -> None:
    db = db_url
    args = ("user", "add", "ana", "--role", "analyst", "--password-stdin", "--db", db)

    short = run(*args, stdin="short\n")
    first = run(*args, stdin="a long passphrase\n")
    again = run(*args, stdin="a long passphrase\n")

    assert short.exit_code == 1 and "at least" in short.stderr
    assert first.exit_code == 0
    assert again.exit_code == 1 and "exists already" in again.stderr


def test_a_token_is_printed_once_and_stored_as_a_hash(db_url: str) -> None:
    db = db_url
    run(
        "user",
        "add",
        "ana",
        "--role",
        "analyst",
        "--password-stdin",
        "--db",
        db,
        stdin="a long passphrase\n",
    )

    result = run("user", "token", "ana", "--label", "nightly", "--db", db)
    missing = run("user", "token", "nobody", "--label", "x", "--db", db)

    token = result.stdout.strip()
    assert result.exit_code == 0 and len(token) >= 40
    with Store.open(db) as store:
        account = store.account_for_token(token_hash(token))
        assert account is not None and account.name == "ana"
        [stored] = store.api_tokens("ana")
        assert stored.label == "nightly"
    assert missing.exit_code == 1 and "no such account" in missing.stderr


def test_serve_is_a_command() -> None:
    result = run("serve", "--help")

    assert result.exit_code == 0
    assert "--port" in result.stdout


def add_ana(db: str) -> None:
    added = run(
        "user", "add", "ana", "--role", "analyst", "--password-stdin", "--db", db,
        stdin="a long passphrase\n",
    )  # fmt: skip
    assert added.exit_code == 0, added.output


def test_a_common_password_is_refused_with_the_reason(db_url: str) -> None:
    db = db_url
    args = ("user", "add", "ana", "--role", "analyst", "--password-stdin", "--db", db)

    common = run(*args, stdin="password12\n")
    own_name = run(*args, stdin="ana2024ana2024\n")

    assert common.exit_code == 1 and "too easy to guess" in common.stderr
    assert own_name.exit_code == 1 and "too easy to guess" in own_name.stderr


def test_the_readme_s_token_command_needs_no_label_and_the_token_expires(db_url: str) -> None:
    db = db_url
    add_ana(db)

    result = run("user", "token", "ana", "--db", db)

    assert result.exit_code == 0, result.output
    with Store.open(db) as store:
        [stored] = store.api_tokens("ana")
        assert stored.label == "cli" and stored.expires_at is not None
        assert 89 <= (stored.expires_at - stored.created_at).days <= 90


def test_an_admin_unlocks_disables_and_resets_from_the_shell(db_url: str) -> None:
    from khronika.accounts import LoginRefused, check_password
    from khronika.web.config import WebSettings

    db = db_url
    add_ana(db)
    with Store.open(db) as store:
        for _ in range(5):
            with pytest.raises(LoginRefused):
                check_password(store, WebSettings(), "ana", "guess guess guess", "10.0.0.66")
        locked = store.account("ana")
        assert locked is not None and locked.locked_until is not None

    unlocked = run("user", "unlock", "ana", "--db", db)
    disabled = run("user", "disable", "ana", "--db", db)
    reset = run(
        "user", "reset-password", "ana", "--password-stdin", "--db", db,
        stdin="another quiet harbour\n",
    )  # fmt: skip
    totp = run("user", "reset-totp", "ana", "--db", db)
    unknown = run("user", "unlock", "nobody", "--db", db)

    assert unlocked.exit_code == 0 and "5 failed logins forgiven" in unlocked.stderr
    assert disabled.exit_code == 0 and reset.exit_code == 0 and totp.exit_code == 0
    assert unknown.exit_code == 1 and "no such account" in unknown.stderr
    with Store.open(db) as store:
        account = store.account("ana")
        assert account is not None and account.disabled and account.locked_until is None
        assert verify_password(account.password_hash, "another quiet harbour")
        assert [e.detail for e in store.audit_log(limit=4)][
            -1
        ] == "ana: unlocked from the command line"


def test_serve_refuses_a_missing_store_unless_asked_to_create_one(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"

    result = run("serve", "--db", str(missing))

    assert result.exit_code == 1
    assert "no such store" in result.stderr and "--create" in result.stderr
    assert not missing.exists()
