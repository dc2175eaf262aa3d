"""The login guard's records: attempts counted before they are checked, the addresses an account
has logged in from, the last TOTP step used, and one-time recovery codes.

Every method that decides is one write transaction (on SQLite ``BEGIN IMMEDIATE``, so writers
queue): counting the earlier attempts and recording this one happen together, and an attempt
still being checked counts as a failure until it is settled. Twenty parallel guesses therefore
see twenty different counts, never twenty clean slates.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Connection, Table, and_, delete, exists, func, select, update

from khronika.store import schema
from khronika.store.accounts import require_account
from khronika.store.base import Database, insert_returning_id
from khronika.store.desk import LoginClaim, LoginLimits, now_stamp, stamp

# Outcomes that count against a name or an address: a failure, or a check still running.
_COUNTED = ("pending", "failed")
# Settled attempts other than whole logins are forgotten after this long (housekeeping).
_KEEP_ATTEMPTS = timedelta(days=30)


class LoginRepository(Database):
    """Login attempts, known addresses, TOTP steps and recovery codes (see :class:`LoginStore`
    in :mod:`.interfaces`).
    """

    def claim_login_attempt(
        self, name: str, address: str | None, limits: LoginLimits
    ) -> LoginClaim:
        """Count the earlier attempts and, unless they refuse it, record this one as pending."""
        where = address or ""
        table = schema.login_attempts
        recent = and_(table.c.at >= stamp(limits.since), table.c.outcome.in_(_COUNTED))
        with self._write(f"login of {name}: counting attempts") as connection:
            by_address = _count(connection, and_(recent, table.c.address == where))
            by_name = _count(connection, and_(recent, table.c.name == name))
            by_pair = _count(
                connection, and_(recent, table.c.name == name, table.c.address == where)
            )
            if by_address >= limits.per_address:
                return LoginClaim(None, "address", by_name)
            known = _known(connection, name, where)
            if by_pair >= limits.per_pair or (not known and by_name >= limits.per_name):
                return LoginClaim(None, "name", by_name)
            row = {"name": name, "address": where, "at": now_stamp(), "outcome": "pending"}
            return LoginClaim(insert_returning_id(connection, table, row), None, by_name + 1)

    def settle_login_attempt(self, attempt_id: int, outcome: str) -> None:
        """Mark a pending attempt ``"failed"`` or ``"password"`` (its first factor passed)."""
        table = schema.login_attempts
        with self._write(f"login attempt {attempt_id}: settling") as connection:
            connection.execute(
                update(table)
                .where(table.c.id == attempt_id, table.c.outcome == "pending")
                .values(outcome=outcome)
            )

    def note_login(self, name: str, address: str | None) -> None:
        """A whole login passed: the address becomes known to the account and its own earlier
        failures from there are forgiven (an attacker's from elsewhere still count).
        """
        where = address or ""
        table = schema.login_attempts
        with self._write(f"login of {name}: recording") as connection:
            connection.execute(
                update(table)
                .where(table.c.name == name, table.c.address == where, table.c.outcome == "failed")
                .values(outcome="cleared")
            )
            row = {"name": name, "address": where, "at": now_stamp(), "outcome": "ok"}
            connection.execute(table.insert().values(row))
            old = stamp(datetime.fromisoformat(now_stamp()) - _KEEP_ATTEMPTS)
            connection.execute(delete(table).where(table.c.at < old, table.c.outcome != "ok"))

    def login_failures(self, name: str, since: datetime) -> int:
        """Counted attempts on ``name`` since ``since``."""
        table = schema.login_attempts
        recent = and_(
            table.c.name == name, table.c.at >= stamp(since), table.c.outcome.in_(_COUNTED)
        )
        with self._read(f"login of {name}: counting failures") as connection:
            return _count(connection, recent)

    def clear_login_failures(self, name: str) -> int:
        """Forgive every counted attempt on ``name`` (an unlock); returns how many."""
        table = schema.login_attempts
        with self._write(f"account {name}: unlocking") as connection:
            done = connection.execute(
                update(table)
                .where(table.c.name == name, table.c.outcome.in_(_COUNTED))
                .values(outcome="cleared")
            )
        return done.rowcount

    # --- the second factor ---------------------------------------------------------------------

    def use_totp_step(self, name: str, step: int) -> bool:
        """Accept TOTP time step ``step`` once: False if it (or a later one) was used before."""
        table = schema.accounts
        last = table.c.totp_last_step
        with self._write(f"account {name}: using a TOTP code") as connection:
            done = connection.execute(
                update(table)
                .where(table.c.name == name, (last.is_(None)) | (last < step))
                .values(totp_last_step=step)
            )
        return done.rowcount == 1

    def reset_totp_steps(self, name: str) -> None:
        """Forget the last step used (a new secret starts its own count)."""
        table = schema.accounts
        with self._write(f"account {name}: resetting TOTP steps") as connection:
            connection.execute(
                update(table).where(table.c.name == name).values(totp_last_step=None)
            )

    def replace_recovery_codes(self, name: str, code_hashes: list[str]) -> None:
        """Drop every recovery code of ``name`` and keep these (hashes) instead."""
        table = schema.recovery_codes
        created = now_stamp()
        with self._write(f"account {name}: replacing recovery codes") as connection:
            require_account(connection, name)
            connection.execute(delete(table).where(table.c.account == name))
            if code_hashes:
                connection.execute(
                    table.insert(),
                    [{"account": name, "code_hash": h, "created_at": created} for h in code_hashes],
                )

    def use_recovery_code(self, name: str, code_hash: str) -> bool:
        """Spend one unused recovery code of ``name``; False if it is unknown or spent."""
        table = schema.recovery_codes
        with self._write(f"account {name}: using a recovery code") as connection:
            done = connection.execute(
                update(table)
                .where(
                    table.c.account == name,
                    table.c.code_hash == code_hash,
                    table.c.used_at.is_(None),
                )
                .values(used_at=now_stamp())
            )
        return done.rowcount == 1

    def recovery_codes_left(self, name: str) -> int:
        """How many unused recovery codes ``name`` has."""
        table = schema.recovery_codes
        unused = and_(table.c.account == name, table.c.used_at.is_(None))
        with self._read(f"account {name}: counting recovery codes") as connection:
            return _count(connection, unused, table)


def _count(connection: Connection, where: ColumnElement[bool], table: Table | None = None) -> int:
    chosen = schema.login_attempts if table is None else table
    return int(connection.scalar(select(func.count()).select_from(chosen).where(where)) or 0)


def _known(connection: Connection, name: str, address: str) -> bool:
    table = schema.login_attempts
    query = select(
        exists().where(table.c.name == name, table.c.address == address, table.c.outcome == "ok")
    )
    return bool(connection.scalar(query))
