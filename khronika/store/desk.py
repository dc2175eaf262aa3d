"""Records of the analyst's desk as the store hands them out, and their rows.

Accounts, sessions, API tokens and audit entries are store records, not part of the event
contract, so they live here rather than in :mod:`khronika.model`; reviews are model objects
(:class:`~khronika.model.Review`) and only their rows are built here. Timestamps are ISO text in
UTC to the second, so that they sort and compare as text on every backend.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from typing import Any, Final

from khronika.errors import StoreError
from khronika.model import Review


@dataclass(frozen=True)
class Account:
    """A person who may sign in to the desk. The store keeps the password's hash, never it."""

    name: str
    role: str
    password_hash: str = field(repr=False)
    created_at: datetime
    totp_secret: str | None = field(default=None, repr=False)
    failed_logins: int = 0
    locked_until: datetime | None = None
    disabled: bool = False


@dataclass(frozen=True)
class Session:
    """A signed-in browser, known by the hash of its cookie's token."""

    token_hash: str = field(repr=False)
    account: str
    csrf_token: str = field(repr=False)
    created_at: datetime
    expires_at: datetime
    second_factor_pending: bool = False


@dataclass(frozen=True)
class ApiToken:
    """A token a script presents instead of a session; the store keeps only its hash."""

    id: int
    account: str
    label: str
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None
    expires_at: datetime | None = None


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log: who did what, when, from where."""

    id: int
    at: datetime
    action: str
    account: str | None = None
    detail: str = ""
    address: str | None = None


@dataclass(frozen=True)
class LoginLimits:
    """How many counted attempts since ``since`` refuse the next one.

    ``per_name`` applies only from an address the account has never logged in from, so an
    attacker elsewhere cannot lock the owner out; ``per_pair`` (a name from one address) and
    ``per_address`` (all names from one address) apply everywhere.
    """

    since: datetime
    per_name: int
    per_pair: int
    per_address: int


@dataclass(frozen=True)
class LoginClaim:
    """The answer to a login attempt before its check: an id to settle, or why it is refused.

    ``refused`` is ``"address"`` (too many failures from this address), ``"name"`` (too many on
    this name) or ``None``; ``name_failures`` counts this attempt with the earlier ones.
    """

    id: int | None
    refused: str | None
    name_failures: int


class Unset(Enum):
    """The type of :data:`UNSET`."""

    UNSET = "unset"


# The default of update_account's fields: "leave as it is" (None is a value there).
UNSET: Final = Unset.UNSET


# --- timestamps ------------------------------------------------------------------------------


def stamp(moment: datetime) -> str:
    """``moment`` as stored: UTC ISO text to the second; a naive datetime is refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise StoreError(f"{moment.isoformat()}: a time without a timezone cannot be stored")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def now_stamp() -> str:
    """The current time as stored: UTC ISO text to the second."""
    return stamp(datetime.now(UTC))


def moment(value: str | None) -> datetime | None:
    """A stored time read back; ``None`` stays ``None``."""
    return datetime.fromisoformat(value) if value else None


def _moment(value: str) -> datetime:
    return datetime.fromisoformat(value)


# --- rows to records -------------------------------------------------------------------------


def account_from_row(row: Mapping[Any, Any]) -> Account:
    """The account a row of the accounts table holds."""
    return Account(
        name=row["name"],
        role=row["role"],
        password_hash=row["password_hash"],
        created_at=_moment(row["created_at"]),
        totp_secret=row["totp_secret"],
        failed_logins=row["failed_logins"],
        locked_until=moment(row["locked_until"]),
        disabled=bool(row["disabled"]),
    )


def session_from_row(row: Mapping[Any, Any]) -> Session:
    """The session a row of the sessions table holds."""
    return Session(
        token_hash=row["token_hash"],
        account=row["account"],
        csrf_token=row["csrf_token"],
        created_at=_moment(row["created_at"]),
        expires_at=_moment(row["expires_at"]),
        second_factor_pending=bool(row["second_factor_pending"]),
    )


def api_token_from_row(row: Mapping[Any, Any]) -> ApiToken:
    """The API token a row of the api_tokens table holds (never its hash)."""
    return ApiToken(
        id=row["id"],
        account=row["account"],
        label=row["label"],
        created_at=_moment(row["created_at"]),
        last_used_at=moment(row["last_used_at"]),
        revoked_at=moment(row["revoked_at"]),
        expires_at=moment(row.get("expires_at")),
    )


def audit_entry_from_row(row: Mapping[Any, Any]) -> AuditEntry:
    """The audit entry a row of the audit_log table holds."""
    return AuditEntry(
        id=row["id"],
        at=_moment(row["at"]),
        action=row["action"],
        account=row["account"],
        detail=row["detail"],
        address=row["address"],
    )


# --- reviews ---------------------------------------------------------------------------------


def review_row(review: Review, created_at: str) -> dict[str, Any]:
    """The row of a new review, its decisions left to the caller; unstorable values refused."""
    try:
        before = json.dumps(review.before, ensure_ascii=False)
        after = json.dumps(review.after, ensure_ascii=False)
    except (TypeError, ValueError) as error:
        raise StoreError(
            f"review of {review.cluster}: before and after must be JSON values ({error})"
        ) from error
    return {
        "cluster_id": review.cluster,
        "action": review.action,
        "field": review.field,
        "before": before,
        "after": after,
        "reason": review.reason,
        "author": review.author,
        "decision_ids": "",
        "created_at": created_at,
        "seen": None if review.seen is None else json.dumps(review.seen, ensure_ascii=False),
    }


def join_ids(ids: Sequence[int]) -> str:
    """Decision ids as a review row keeps them: comma-separated."""
    return ",".join(str(identifier) for identifier in ids)


def split_ids(joined: str) -> tuple[int, ...]:
    """The decision ids of a review row, back from :func:`join_ids`."""
    return tuple(int(part) for part in joined.split(",") if part)


def review_from_row(row: Mapping[Any, Any]) -> Review:
    """The review a row of the reviews table holds."""
    return Review(
        id=row["id"],
        cluster=row["cluster_id"],
        action=row["action"],
        field=row["field"],
        before=json.loads(row["before"]),
        after=json.loads(row["after"]),
        reason=row["reason"],
        author=row["author"],
        decisions=split_ids(row["decision_ids"]),
        created_at=_moment(row["created_at"]),
        reverted_at=moment(row["reverted_at"]),
        reverted_by=row["reverted_by"],
        seen=json.loads(row["seen"]) if row.get("seen") else None,
    )


# --- people's attributes -----------------------------------------------------------------------

# What monitors record of a person, beyond what the text said (migration 0010).
PERSON_ATTRIBUTES: tuple[str, ...] = (
    "gender",
    "age",
    "occupation",
    "affiliation",
    "detention_status",
)


@dataclass(frozen=True)
class PersonAttribute:
    """One analyst's record of a person's attribute; ``value`` ``None`` clears it."""

    entity: str
    field: str
    value: str | None
    author: str
    reason: str
    at: datetime
    id: int | None = None


def person_attribute_from_row(row: Mapping[Any, Any]) -> PersonAttribute:
    """The record a row of the person_attributes table holds."""
    return PersonAttribute(
        entity=row["entity_id"],
        field=row["field"],
        value=row["value"],
        author=row["author"],
        reason=row["reason"],
        at=_moment(row["created_at"]),
        id=row["id"],
    )
