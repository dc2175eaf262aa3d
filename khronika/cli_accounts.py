"""``khronika user unlock|disable|reset-password|reset-totp``: managing a desk account from the
shell, over the same functions as the admin page (:mod:`khronika.accounts`); each change is
audited as made from the command line.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

import click

from khronika.cli_output import err
from khronika.cli_output import fail as _fail
from khronika.errors import KhronikaError

if TYPE_CHECKING:  # the store is opened by the command, not imported with the CLI
    from khronika.store import Store

OpenStore = Callable[[str | None], AbstractContextManager["Store"]]
Decorator = Callable[[Callable[..., None]], Callable[..., None]]


def add_account_commands(
    user: click.Group,
    _open_store: OpenStore,
    db_option: Decorator,
) -> None:
    """Register the account-management commands on the ``user`` group of the CLI."""

    def _manage(db: str | None, name: str, what: str, change: Callable[[Store], str]) -> None:
        """Run one change of account NAME, audit it as made from the command line, say it."""
        with _open_store(db) as store:
            if store.account(name) is None:
                _fail(f"{name}: no such account")
                sys.exit(1)
            try:
                said = change(store)
            except KhronikaError as exc:
                _fail(str(exc))
                sys.exit(1)
            store.audit("user_changed", detail=f"{name}: {what} from the command line")
        err.print(said, markup=False)

    @user.command(name="unlock")
    @click.argument("name")
    @db_option
    def user_unlock(name: str, db: str | None) -> None:
        """Forgive NAME's failed logins and lift its lock."""
        from khronika.accounts import unlock

        _manage(
            db,
            name,
            "unlocked",
            lambda store: f"{name} unlocked ({unlock(store, name)} failed logins forgiven)",
        )

    @user.command(name="disable")
    @click.argument("name")
    @click.option("--enable", is_flag=True, help="Enable the account again instead.")
    @db_option
    def user_disable(name: str, enable: bool, db: str | None) -> None:
        """Disable NAME (its sessions end at once), or enable it again with --enable."""
        from khronika.accounts import set_disabled

        word = "enabled" if enable else "disabled"

        def change(store: Store) -> str:
            set_disabled(store, name, not enable)
            return f"{name} {word}"

        _manage(db, name, word, change)

    @user.command(name="reset-password")
    @click.argument("name")
    @click.option(
        "--password-stdin", is_flag=True, help="Read the password from stdin's first line."
    )
    @db_option
    def user_reset_password(name: str, password_stdin: bool, db: str | None) -> None:
        """Give NAME a new password (its sessions end)."""
        from khronika.accounts import reset_password

        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = click.prompt(
                "New password", hide_input=True, confirmation_prompt=True, err=True
            )

        def change(store: Store) -> str:
            reset_password(store, name, password)
            return f"{name}: password changed"

        _manage(db, name, "password reset", change)

    @user.command(name="reset-totp")
    @click.argument("name")
    @db_option
    def user_reset_totp(name: str, db: str | None) -> None:
        """Remove NAME's second factor and recovery codes (an admin enrols anew at the next login)."""
        from khronika.accounts import reset_second_factor

        def change(store: Store) -> str:
            reset_second_factor(store, name)
            return f"{name}: second factor removed; it is enrolled again at the next login"

        _manage(db, name, "second factor reset", change)
