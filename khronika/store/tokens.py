"""API tokens: what a script presents instead of a session. The store keeps a token's hash,
never the token; a token is revoked for good, never deleted, so its id is never reused.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select, update

from khronika.errors import StoreError
from khronika.store import schema
from khronika.store.accounts import require_account
from khronika.store.base import Database, insert_returning_id
from khronika.store.desk import (
    Account,
    ApiToken,
    account_from_row,
    api_token_from_row,
    now_stamp,
    stamp,
)


class TokenRepository(Database):
    """API tokens of accounts (see :class:`TokenStore` in :mod:`.interfaces`)."""

    def add_api_token(
        self, token_hash: str, account: str, label: str, *, expires_at: datetime | None = None
    ) -> int:
        """Record a token of ``account``, dead after ``expires_at`` (never, if ``None``);
        returns its id. A hash already stored is refused.
        """
        table = schema.api_tokens
        row = {
            "token_hash": token_hash,
            "account": account,
            "label": label,
            "created_at": now_stamp(),
            "expires_at": stamp(expires_at) if expires_at is not None else None,
        }
        with self._write(f"account {account}: adding an API token") as connection:
            require_account(connection, account)
            taken = select(table.c.id).where(table.c.token_hash == token_hash)
            if connection.scalar(taken) is not None:
                raise StoreError(f"account {account}: this API token is already stored")
            return insert_returning_id(connection, table, row)

    def account_for_token(self, token_hash: str) -> Account | None:
        """The account a token signs in, noting the use; ``None`` if the token is unknown,
        revoked or expired, or the account is disabled.
        """
        tokens, accounts = schema.api_tokens, schema.accounts
        query = (
            select(tokens.c.id, accounts)
            .join(accounts, accounts.c.name == tokens.c.account)
            .where(
                tokens.c.token_hash == token_hash,
                tokens.c.revoked_at.is_(None),
                or_(tokens.c.expires_at.is_(None), tokens.c.expires_at > now_stamp()),
                accounts.c.disabled.is_(False),
            )
        )
        with self._write("checking an API token") as connection:
            row = connection.execute(query).mappings().first()
            if row is None:
                return None
            connection.execute(
                update(tokens).where(tokens.c.id == row["id"]).values(last_used_at=now_stamp())
            )
        return account_from_row(row)

    def revoke_api_token(self, token_id: int, *, account: str | None = None) -> None:
        """Revoke a token for good. With ``account``, only a token of that account: another's
        is "no such token", as an unknown id is; revoking twice is refused too.
        """
        table = schema.api_tokens
        query = select(table.c.revoked_at).where(table.c.id == token_id)
        if account is not None:
            query = query.where(table.c.account == account)
        with self._write(f"API token {token_id}: revoking") as connection:
            found = connection.execute(query).first()
            if found is None:
                raise StoreError(f"API token {token_id}: no such token")
            if found.revoked_at is not None:
                raise StoreError(f"API token {token_id}: already revoked at {found.revoked_at}")
            connection.execute(
                update(table).where(table.c.id == token_id).values(revoked_at=now_stamp())
            )

    def api_tokens(self, account: str) -> list[ApiToken]:
        """Every token of ``account``, revoked ones included, oldest first."""
        table = schema.api_tokens
        query = select(table).where(table.c.account == account).order_by(table.c.id)
        with self._read(f"account {account}: reading API tokens") as connection:
            found = connection.execute(query).mappings().all()
        return [api_token_from_row(row) for row in found]
