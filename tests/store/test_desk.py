"""The desk's records and their rows, without a database: times stored as UTC text to the
second, secrets kept out of ``repr``, a review's JSON values and decision ids.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from khronika.errors import StoreError
from khronika.model import Review
from khronika.store.desk import (
    UNSET,
    Account,
    Session,
    Unset,
    account_from_row,
    api_token_from_row,
    audit_entry_from_row,
    join_ids,
    moment,
    now_stamp,
    review_from_row,
    review_row,
    session_from_row,
    split_ids,
    stamp,
)

ALMATY_TIME = timezone(timedelta(hours=5))


# --- timestamps --------------------------------------------------------------------------------


def test_a_time_is_stored_in_utc_to_the_second() -> None:
    evening_in_almaty = datetime(2024, 5, 1, 19, 30, 15, 999_999, tzinfo=ALMATY_TIME)
    assert stamp(evening_in_almaty) == "2024-05-01T14:30:15+00:00"
    assert moment(stamp(evening_in_almaty)) == evening_in_almaty.replace(microsecond=0)


def test_a_time_without_a_timezone_is_refused() -> None:
    with pytest.raises(StoreError, match="2024-05-01T09:00:00: a time without a timezone"):
        stamp(datetime(2024, 5, 1, 9, 0))


def test_no_time_reads_back_as_none() -> None:
    assert moment(None) is None
    assert moment("") is None


def test_now_is_stamped_like_any_other_time() -> None:
    now = datetime.fromisoformat(now_stamp())
    assert now.utcoffset() == timedelta(0) and now.microsecond == 0
    assert abs(datetime.now(UTC) - now) < timedelta(seconds=2)


def test_unset_is_its_own_value_not_none() -> None:
    assert UNSET is Unset.UNSET
    assert UNSET is not None and UNSET == Unset.UNSET


# --- accounts, sessions, tokens, audit ---------------------------------------------------------


def test_an_account_reads_back_from_its_row() -> None:
    row = {
        "name": "dana",
        "role": "analyst",
        "password_hash": "$argon2id$secret",
        "created_at": "2024-05-01T09:00:00+00:00",
        "totp_secret": "JBSWY3DPEHPK3PXP",
        "failed_logins": 2,
        "locked_until": "2024-05-01T09:15:00+00:00",
        "disabled": 0,  # SQLite's false
    }
    account = account_from_row(row)
    assert account == Account(
        name="dana",
        role="analyst",
        password_hash="$argon2id$secret",
        created_at=datetime(2024, 5, 1, 9, 0, tzinfo=UTC),
        totp_secret="JBSWY3DPEHPK3PXP",
        failed_logins=2,
        locked_until=datetime(2024, 5, 1, 9, 15, tzinfo=UTC),
        disabled=False,
    )
    assert account_from_row({**row, "disabled": 1}).disabled is True
    assert "secret" not in repr(account) and "JBSWY3DPEHPK3PXP" not in repr(account)


def test_a_session_reads_back_without_showing_its_secrets() -> None:
    session = session_from_row(
        {
            "token_hash": "hash-of-the-cookie",
            "account": "dana",
            "csrf_token": "csrf-value",
            "created_at": "2024-05-01T09:00:00+00:00",
            "expires_at": "2024-05-01T17:00:00+00:00",
            "second_factor_pending": 1,
        }
    )
    assert isinstance(session, Session) and session.second_factor_pending
    assert session.expires_at - session.created_at == timedelta(hours=8)
    assert "hash-of-the-cookie" not in repr(session) and "csrf-value" not in repr(session)


def test_a_token_never_used_nor_revoked_has_no_times_for_those() -> None:
    token = api_token_from_row(
        {
            "id": 3,
            "account": "dana",
            "label": "nightly export",
            "created_at": "2024-05-01T09:00:00+00:00",
            "last_used_at": None,
            "revoked_at": None,
        }
    )
    assert (token.id, token.label, token.last_used_at, token.revoked_at) == (
        3,
        "nightly export",
        None,
        None,
    )


def test_an_audit_entry_reads_back_from_its_row() -> None:
    entry = audit_entry_from_row(
        {
            "id": 1,
            "at": "2024-05-01T09:00:00+00:00",
            "action": "login.failed",
            "account": "dana",
            "detail": "bad password",
            "address": "10.0.0.7",
        }
    )
    assert (entry.action, entry.account, entry.detail, entry.address) == (
        "login.failed",
        "dana",
        "bad password",
        "10.0.0.7",
    )
    assert entry.at == datetime(2024, 5, 1, 9, 0, tzinfo=UTC)


# --- reviews -----------------------------------------------------------------------------------


def test_a_review_row_holds_before_and_after_as_json() -> None:
    edit = Review(
        cluster="cl_almaty0001",
        action="edit",
        author="dana",
        reason="the Russian source counts 60",
        field="counts.detained",
        before={"min": 40, "max": 40},
        after={"min": 40, "max": 60, "attributed_to": "Новая газета"},
    )
    row = review_row(edit, "2024-05-01T09:00:00+00:00")
    assert row["before"] == '{"min": 40, "max": 40}'
    assert "Новая газета" in row["after"]  # kept as written, not \\u-escaped
    assert row["decision_ids"] == ""  # the caller fills them in with the decisions
    stored = {**row, "id": 5, "decision_ids": "", "reverted_at": None, "reverted_by": None}
    back = review_from_row(stored)
    assert (back.id, back.before, back.after) == (5, edit.before, edit.after)
    assert back.created_at == datetime(2024, 5, 1, 9, 0, tzinfo=UTC)


def test_a_review_whose_values_are_not_json_is_refused() -> None:
    edit = Review("cl_almaty0001", "edit", "dana", field="date", after=date(2022, 1, 5))
    with pytest.raises(StoreError, match="review of cl_almaty0001: before and after must be JSON"):
        review_row(edit, "2024-05-01T09:00:00+00:00")


@pytest.mark.parametrize(("ids", "joined"), [((), ""), ((7,), "7"), ((3, 4, 12), "3,4,12")])
def test_decision_ids_survive_their_round_trip_through_text(
    ids: tuple[int, ...], joined: str
) -> None:
    assert join_ids(ids) == joined
    assert split_ids(joined) == ids


def test_a_reverted_review_reads_back_with_who_and_when() -> None:
    row = {
        **review_row(Review("cl_kyiv000001", "merge", "dana"), "2024-05-01T09:00:00+00:00"),
        "id": 9,
        "decision_ids": "1,2",
        "reverted_at": "2024-05-02T08:00:00+00:00",
        "reverted_by": "oleh",
    }
    review = review_from_row(row)
    assert review.decisions == (1, 2)
    assert (review.reverted_by, review.reverted_at) == (
        "oleh",
        datetime(2024, 5, 2, 8, 0, tzinfo=UTC),
    )
