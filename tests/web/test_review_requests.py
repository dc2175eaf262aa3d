"""Recording a review, the same from a form and from the API, over a small in-memory store:
a reason always, the editable fields only, a value the contract accepts and that changes
something, a merge with another happening, a split of one of its own reports, and reverts.

The story: the detention of Marat Seitkali was reported by a wire and by his lawyer (one
happening, two reports); a separate picket by Aigerim Tulegenova is another happening.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, cast

import pytest
from pydantic import ValidationError

from khronika.model import Cluster, Decision, Event, Evidence, Review
from khronika.read import EDIT_FIELDS
from khronika.store import Store
from khronika.web.errors import Invalid, NotFound, WebError
from khronika.web.reviews import (
    ReviewRequest,
    record_review,
    revert_review,
)

TEXT = "Police detained Marat Seitkali. Aigerim Tulegenova held a picket."
DETENTION = Cluster(
    event=Event(
        type="detention",
        evidence=(Evidence.from_text("wire.txt", TEXT, 0, 30),),
        summary="Police detained Marat Seitkali.",
        id="cl_seitkali",
    ),
    reports=("ev_wire", "ev_lawyer"),
)
PICKET = Cluster(
    event=Event(
        type="protest",
        subtype="picket",
        evidence=(Evidence.from_text("wire.txt", TEXT, 32, len(TEXT)),),
        id="cl_picket",
    ),
    reports=("ev_picket",),
)


class ReviewStore:
    """The reads and writes a review makes; keeps reviews, decisions and audit lines in lists."""

    def __init__(self) -> None:
        self.clusters = {c.id: c for c in (DETENTION, PICKET)}
        self.saved: list[Review] = []
        self.decisions: list[Decision] = []
        self.audit_lines: list[tuple[str, str | None, str, str | None]] = []
        self.members: dict[str, str] = {"ev_wire": "cl_seitkali", "ev_lawyer": "cl_seitkali"}

    def cluster(self, cluster_id: str) -> Cluster | None:
        return self.clusters.get(cluster_id)

    def cluster_redirect(self, cluster_id: str) -> str | None:
        return None  # no merge ever retired an id here

    def reviews(self, cluster_id: str | None = None) -> list[Review]:
        return [r for r in self.saved if cluster_id in (None, r.cluster)]

    def review(self, review_id: int) -> Review | None:
        return next((r for r in self.saved if r.id == review_id), None)

    def add_review(self, review: Review, decisions: tuple[Decision, ...] = ()) -> Review:
        self.decisions.extend(decisions)
        ids = tuple(range(len(self.decisions) - len(decisions) + 1, len(self.decisions) + 1))
        saved = replace(review, id=len(self.saved) + 1, decisions=ids)
        self.saved.append(saved)
        return saved

    def revert_review(self, review_id: int, author: str) -> Review:
        index = next(i for i, r in enumerate(self.saved) if r.id == review_id)
        moment = datetime(2024, 1, 2, tzinfo=UTC)
        self.saved[index] = replace(self.saved[index], reverted_at=moment, reverted_by=author)
        return self.saved[index]

    def audit(
        self,
        action: str,
        *,
        account: str | None = None,
        detail: str = "",
        address: str | None = None,
    ) -> None:
        self.audit_lines.append((action, account, detail, address))

    def cluster_of(self, report_id: str) -> str | None:
        return self.members.get(report_id)


@pytest.fixture
def memory() -> ReviewStore:
    return ReviewStore()


def _record(memory: ReviewStore, cluster: str = "cl_seitkali", **asked: Any) -> Any:
    request = ReviewRequest.model_validate({"reason": "checked both sources", **asked})
    return record_review(cast(Store, memory), None, cluster, request, "Dana Ospan", "10.0.0.7")


# --- the request --------------------------------------------------------------------------------


def test_a_request_refuses_unknown_actions_and_keys() -> None:
    with pytest.raises(ValidationError, match="action"):
        ReviewRequest.model_validate({"action": "bless"})
    with pytest.raises(ValidationError, match="colour"):
        ReviewRequest.model_validate({"action": "verify", "colour": "green"})


def test_a_reason_may_not_run_past_four_thousand_characters() -> None:
    with pytest.raises(ValidationError, match="reason"):
        ReviewRequest(action="verify", reason="x" * 4001)


def test_counts_are_edited_one_key_at_a_time() -> None:
    assert "counts" not in EDIT_FIELDS
    assert {"counts.detained", "counts.killed", "summary", "date", "location"} <= set(EDIT_FIELDS)


# --- record_review ------------------------------------------------------------------------------


def test_a_verify_is_recorded_and_audited(memory: ReviewStore) -> None:
    outcome = _record(memory, action="verify")
    assert outcome.cluster_id == "cl_seitkali"
    assert (outcome.review.action, outcome.review.author) == ("verify", "Dana Ospan")
    assert outcome.review.reason == "checked both sources"
    assert outcome.note == ""
    [(action, account, detail, address)] = memory.audit_lines
    assert (action, account, address) == ("review", "Dana Ospan", "10.0.0.7")
    assert detail == "review 1: verify cl_seitkali (checked both sources)"


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_every_review_needs_a_reason(memory: ReviewStore, reason: str) -> None:
    with pytest.raises(Invalid, match="say why"):
        _record(memory, action="reject", reason=reason)
    assert memory.saved == []


def test_a_review_of_a_missing_happening_is_not_found(memory: ReviewStore) -> None:
    with pytest.raises(NotFound, match="cl_gone: no such happening"):
        _record(memory, "cl_gone", action="verify")


def test_an_edit_keeps_before_and_after(memory: ReviewStore) -> None:
    outcome = _record(
        memory, action="edit", field="summary", value="Marat Seitkali detained at dawn."
    )
    review = outcome.review
    assert (review.field, review.before, review.after) == (
        "summary",
        "Police detained Marat Seitkali.",
        "Marat Seitkali detained at dawn.",
    )
    assert "review 1: edit cl_seitkali summary (" in memory.audit_lines[0][2]


def test_a_second_edit_starts_from_the_reviewed_value(memory: ReviewStore) -> None:
    _record(memory, action="edit", field="summary", value="First correction.")
    second = _record(memory, action="edit", field="summary", value="Second correction.")
    assert second.review.before == "First correction."


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("counts", {"min": 1, "max": 1}, "'counts' is not a field a reviewer can edit"),
        ("confidence", 1.0, "'confidence' is not a field"),
        (None, "x", "None is not a field"),
        ("type", "picnic", "type: not a valid value"),
        ("counts.detained", {"min": 5, "max": 2, "text": ""}, "counts.detained: not a valid value"),
        ("date", {"start": "not a date"}, "date: not a valid value"),
        ("summary", "Police detained Marat Seitkali.", "the new value is the same"),
    ],
)
def test_an_edit_the_contract_refuses_is_invalid_and_not_recorded(
    memory: ReviewStore, field: str | None, value: object, message: str
) -> None:
    with pytest.raises(Invalid, match=message):
        _record(memory, action="edit", field=field, value=value)
    assert memory.saved == []


def test_a_merge_records_one_decision_and_says_when_it_takes_effect(memory: ReviewStore) -> None:
    outcome = _record(memory, action="merge", other="cl_picket")
    assert outcome.review.after == "cl_picket"
    [decision] = memory.decisions
    assert (decision.action, decision.report_a, decision.report_b) == (
        "merge",
        "ev_wire",
        "ev_picket",
    )
    assert decision.author == "Dana Ospan"
    assert "next `khronika consolidate`" in outcome.note


def test_a_merge_reconsolidates_when_it_can_and_follows_the_happening(memory: ReviewStore) -> None:
    calls: list[object] = []

    def reconsolidate(store: Store) -> None:
        calls.append(store)
        memory.members["ev_wire"] = "cl_picket"  # the wire's report now sits with the picket

    request = ReviewRequest(action="merge", reason="same day", other="cl_picket")
    outcome = record_review(
        cast(Store, memory), reconsolidate, "cl_seitkali", request, "Dana Ospan", None
    )
    assert calls == [memory]
    assert (outcome.cluster_id, outcome.note) == ("cl_picket", "")


@pytest.mark.parametrize(
    ("other", "message"),
    [
        (None, r"\(none given\): no such happening to merge with"),
        ("cl_nowhere", "cl_nowhere: no such happening to merge with"),
        ("cl_seitkali", "cannot be merged with itself"),
    ],
)
def test_a_merge_needs_another_existing_happening(
    memory: ReviewStore, other: str | None, message: str
) -> None:
    with pytest.raises(Invalid, match=message):
        _record(memory, action="merge", other=other)


def test_a_split_rules_the_report_apart_from_every_other(memory: ReviewStore) -> None:
    outcome = _record(memory, action="split", report="ev_lawyer")
    assert outcome.review.after == "ev_lawyer"
    assert [(d.action, d.report_a, d.report_b) for d in memory.decisions] == [
        ("split", "ev_lawyer", "ev_wire")
    ]
    assert outcome.review.decisions == (1,)


@pytest.mark.parametrize(
    ("cluster", "report", "message"),
    [
        ("cl_seitkali", None, r"\(none given\): not a report of this happening"),
        ("cl_seitkali", "ev_picket", "ev_picket: not a report of this happening"),
        ("cl_picket", "ev_picket", "a happening of one report has nothing to split from"),
    ],
)
def test_a_split_needs_a_report_of_a_happening_of_several(
    memory: ReviewStore, cluster: str, report: str | None, message: str
) -> None:
    with pytest.raises(Invalid, match=message):
        _record(memory, cluster, action="split", report=report)


# --- revert_review ------------------------------------------------------------------------------


def test_a_revert_marks_the_review_and_audits_it(memory: ReviewStore) -> None:
    _record(memory, action="verify")
    outcome = revert_review(cast(Store, memory), None, 1, "Irina Volkova", "10.0.0.9")
    assert outcome.review.reverted_by == "Irina Volkova"
    assert (outcome.cluster_id, outcome.note) == ("cl_seitkali", "")
    action, account, detail, _ = memory.audit_lines[-1]
    assert (action, account) == ("review_reverted", "Irina Volkova")
    assert detail == "reverted review 1: verify cl_seitkali (checked both sources)"


def test_reverting_a_merge_waits_for_consolidation_without_a_hook(memory: ReviewStore) -> None:
    _record(memory, action="merge", other="cl_picket")
    outcome = revert_review(cast(Store, memory), None, 1, "Irina Volkova", None)
    assert "next `khronika consolidate`" in outcome.note


def test_after_a_revert_a_vanished_happening_sends_the_reviewer_to_the_list(
    memory: ReviewStore,
) -> None:
    _record(memory, action="merge", other="cl_picket")

    def reconsolidate(store: Store) -> None:
        del memory.clusters["cl_seitkali"]

    outcome = revert_review(cast(Store, memory), reconsolidate, 1, "Irina Volkova", None)
    assert outcome.cluster_id == ""


def test_reverting_an_unknown_review_is_not_found(memory: ReviewStore) -> None:
    with pytest.raises(NotFound, match="review 9: no such review"):
        revert_review(cast(Store, memory), None, 9, "Irina Volkova", None)


def test_reverting_twice_is_a_conflict_naming_who_reverted(memory: ReviewStore) -> None:
    _record(memory, action="reject")
    revert_review(cast(Store, memory), None, 1, "Irina Volkova", None)
    with pytest.raises(WebError, match="already reverted by Irina Volkova") as caught:
        revert_review(cast(Store, memory), None, 1, "Dana Ospan", None)
    assert caught.value.status == 409
