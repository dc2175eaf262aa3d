"""The desk's accounts and their signed-in sessions.

The store keeps a password's hash and a session token's hash, never the secret itself; hashing
and checking are the web layer's. An account is never deleted, only disabled, so that the audit
log and the reviews keep naming someone who existed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, select, update

from khronika.errors import StoreError
from khronika.store import schema
from khronika.store.base import Database
from khronika.store.desk import (
    UNSET,
    Account,
    Session,
    Unset,
    account_from_row,
    now_stamp,
    session_from_row,
    stamp,
)


class AccountRepository(Database):
    """Accounts and sessions (see :class:`AccountStore` and :class:`SessionStore` in
    :mod:`.interfaces`).
    """

    # --- accounts ------------------------------------------------------------------------------

    def add_account(self, name: str, role: str, password_hash: str) -> Account:
        """Create an account; a name already taken (even by a disabled account) is refused."""
        if not name or name != name.strip():
            raise StoreError(f"{name!r}: an account name must be non-empty, without outer spaces")
        check_role(role)
        account = Account(
            name=name,
            role=role,
            password_hash=password_hash,
            created_at=datetime.fromisoformat(now_stamp()),
        )
        row = {
            "name": name,
            "role": role,
            "password_hash": password_hash,
            "totp_secret": None,
            "failed_logins": 0,
            "locked_until": None,
            "created_at": stamp(account.created_at),
            "disabled": False,
        }
        table = schema.accounts
        with self._write(f"account {name}: creating") as connection:
            if connection.scalar(select(table.c.name).where(table.c.name == name)) is not None:
                raise StoreError(f"account {name}: already exists")
            connection.execute(table.insert().values(row))
        return account

    def account(self, name: str) -> Account | None:
        """The account of this name, disabled or not, if any."""
        table = schema.accounts
        with self._read(f"account {name}: reading") as connection:
            row = connection.execute(select(table).where(table.c.name == name)).mappings().first()
        return account_from_row(row) if row is not None else None

    def accounts(self) -> list[Account]:
        """Every account, disabled ones included, by name."""
        table = schema.accounts
        with self._read("reading accounts") as connection:
            found = connection.execute(select(table).order_by(table.c.name)).mappings().all()
        return [account_from_row(row) for row in found]

    def update_account(
        self,
        name: str,
        *,
        password_hash: str | Unset = UNSET,
        role: str | Unset = UNSET,
        totp_secret: str | Unset | None = UNSET,
        failed_logins: int | Unset = UNSET,
        locked_until: datetime | Unset | None = UNSET,
        disabled: bool | Unset = UNSET,
    ) -> Account:
        """Change the fields given (``None`` clears ``totp_secret`` or ``locked_until``), leave
        the rest; returns the account as it now is. An unknown name is a StoreError.
        """
        values: dict[str, Any] = {}
        if password_hash is not UNSET:
            values["password_hash"] = password_hash
        if role is not UNSET:
            check_role(role)
            values["role"] = role
        if totp_secret is not UNSET:
            values["totp_secret"] = totp_secret
        if failed_logins is not UNSET:
            values["failed_logins"] = failed_logins
        if locked_until is not UNSET:
            values["locked_until"] = stamp(locked_until) if locked_until is not None else None
        if disabled is not UNSET:
            values["disabled"] = disabled
        table = schema.accounts
        with self._write(f"account {name}: updating") as connection:
            if values:
                connection.execute(update(table).where(table.c.name == name).values(values))
            row = connection.execute(select(table).where(table.c.name == name)).mappings().first()
            if row is None:
                raise StoreError(f"account {name}: no such account")
        return account_from_row(row)

    def note_failed_login(self, name: str) -> Account:
        """Add one to the account's failed logins, atomically; returns the account after it.

        Concurrent attempts each see their own count, so a lockout decided on the returned
        ``failed_logins`` cannot be raced past. An unknown name is a StoreError.
        """
        table = schema.accounts
        with self._write(f"account {name}: counting a failed login") as connection:
            connection.execute(
                update(table)
                .where(table.c.name == name)
                .values(failed_logins=table.c.failed_logins + 1)
            )
            row = connection.execute(select(table).where(table.c.name == name)).mappings().first()
            if row is None:
                raise StoreError(f"account {name}: no such account")
        return account_from_row(row)

    # --- sessions ------------------------------------------------------------------------------

    def add_session(
        self,
        token_hash: str,
        account: str,
        csrf_token: str,
        expires_at: datetime,
        *,
        pending: bool = False,
    ) -> Session:
        """Record a signed-in session; ``pending`` while its second factor is still owed.

        A pending session is never confirmed in place: once the second factor is given, the
        desk starts a new session under a new token and deletes the pending one.
        """
        created = now_stamp()
        row = {
            "token_hash": token_hash,
            "account": account,
            "csrf_token": csrf_token,
            "created_at": created,
            "expires_at": stamp(expires_at),
            "second_factor_pending": pending,
        }
        with self._write(f"account {account}: starting a session") as connection:
            require_account(connection, account)
            connection.execute(schema.sessions.insert().values(row))
        return session_from_row(row)

    def session(self, token_hash: str) -> Session | None:
        """The session under this token hash; ``None`` if unknown, expired, or its account is
        disabled.
        """
        sessions, accounts = schema.sessions, schema.accounts
        query = (
            select(sessions)
            .join(accounts, accounts.c.name == sessions.c.account)
            .where(
                sessions.c.token_hash == token_hash,
                sessions.c.expires_at > now_stamp(),
                accounts.c.disabled.is_(False),
            )
        )
        with self._read("reading a session") as connection:
            row = connection.execute(query).mappings().first()
        return session_from_row(row) if row is not None else None

    def delete_session(self, token_hash: str) -> None:
        """End a session (signing out); an unknown one is already gone."""
        table = schema.sessions
        with self._write("ending a session") as connection:
            connection.execute(delete(table).where(table.c.token_hash == token_hash))

    def delete_sessions_of(self, account: str) -> int:
        """End every session of ``account`` (password change, disabling); returns how many."""
        table = schema.sessions
        with self._write(f"account {account}: ending its sessions") as connection:
            done = connection.execute(delete(table).where(table.c.account == account))
        return done.rowcount

    def delete_expired_sessions(self) -> int:
        """Forget sessions past their expiry (housekeeping); returns how many."""
        table = schema.sessions
        with self._write("ending expired sessions") as connection:
            done = connection.execute(delete(table).where(table.c.expires_at <= now_stamp()))
        return done.rowcount


def check_role(role: str) -> None:
    """Refuse a role the schema does not know."""
    if role not in schema.ACCOUNT_ROLES:
        raise StoreError(f"unknown role {role!r}; one of {', '.join(schema.ACCOUNT_ROLES)}")


def require_account(connection: Connection, name: str) -> None:
    """Refuse, inside the caller's transaction, a name no account has."""
    table = schema.accounts
    if connection.scalar(select(table.c.name).where(table.c.name == name)) is None:
        raise StoreError(f"account {name}: no such account")
