"""The audit log in the store, told as small stories: who did what, newest first, never
changed.
"""

from __future__ import annotations

import pytest

from khronika.errors import StoreError
from khronika.store import Store

# --- audit log ---------------------------------------------------------------------------------


def test_the_audit_log_reads_newest_first(store: Store) -> None:
    store.audit("login.failed", account="aigerim", detail="bad password", address="10.0.0.7")
    store.audit("login", account="aigerim", address="10.0.0.7")
    store.audit("review.verify", account="oleh", detail="cl_almaty0001")
    last = store.audit("store.opened")
    log = store.audit_log()
    assert [entry.action for entry in log] == [
        "store.opened",
        "review.verify",
        "login",
        "login.failed",
    ]
    assert log[0] == last and last.account is None and last.detail == ""
    failed = log[-1]
    assert (failed.account, failed.detail, failed.address) == (
        "aigerim",
        "bad password",
        "10.0.0.7",
    )
    assert failed.at.tzinfo is not None


def test_the_audit_log_is_limited_and_filtered_by_account(store: Store) -> None:
    for number in range(5):
        store.audit(f"action.{number}", account="aigerim" if number % 2 else "oleh")
    assert [e.action for e in store.audit_log(limit=2)] == ["action.4", "action.3"]
    assert [e.action for e in store.audit_log(account="aigerim")] == ["action.3", "action.1"]
    assert len(store.audit_log(limit=None)) == 5
    assert store.audit_log(limit=0) == []
    with pytest.raises(StoreError, match="limit must not be negative"):
        store.audit_log(limit=-1)
