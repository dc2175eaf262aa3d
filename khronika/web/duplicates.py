"""A possible duplicate's page (analysts): the two happenings consolidation nearly joined, side by
side, with why it did not (the reason, the score and the points that counted), and the two
rulings a reviewer can make of them.

"Merge" is the happening page's merge (:func:`~khronika.web.reviews.record_review`). "Not the
same" records a split ruling between the two reports, which consolidation obeys by never
comparing them again, so the pair leaves the queue. A pair is named by its two reports, whose
ids outlive a re-consolidation (a happening's id may not).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from khronika.model import CandidatePair, Decision, Review
from khronika.read import Reviewed, reviewed_one
from khronika.store import Store
from khronika.web.auth import Principal, form_writer, requires, store_of
from khronika.web.bounds import RecordId
from khronika.web.errors import Invalid, NotFound
from khronika.web.render import redirect, render
from khronika.web.reviews import ReviewRequest, record_review
from khronika.web.security import client_address
from khronika.web.views import cluster_or_404

router = APIRouter(include_in_schema=False)

Analyst = Annotated[Principal, Depends(requires("analyst"))]
AnalystForm = Annotated[Principal, Depends(form_writer("analyst"))]
Reason = Annotated[str, Form(max_length=4000)]


# What each reason consolidation gives means, in a reviewer's words; any other is a veto's name.
REASONS = {
    "below_threshold": "they agree on too little to be joined",
    "tie": "the report had two equally good happenings to join",
    "undated": "an undated report that matched only on its type and place",
}


def reason_text(reason: str) -> str:
    """Why consolidation left a pair apart, as a sentence."""
    return REASONS.get(reason, f"kept apart by the rule “{reason.replace('_', ' ')}”")


@dataclass(frozen=True)
class Duplicate:
    """A possible duplicate and its two happenings as reviewers left them."""

    pair: CandidatePair
    first: Reviewed
    second: Reviewed


def find_pair(store: Store, report_a: str, report_b: str) -> CandidatePair:
    """The stored possible duplicate of these two reports (in either order), or a 404."""
    home = store.cluster_of(report_a)
    wanted = {report_a, report_b}
    if home is not None:
        for pair in store.candidate_pairs(home):
            if {pair.report_a, pair.report_b} == wanted:
                return pair
    raise NotFound(
        f"{report_a} / {report_b}: not a possible duplicate now (ruled on, or consolidated apart)"
    )


def duplicate(store: Store, report_a: str, report_b: str) -> Duplicate:
    """The pair of these reports with both happenings, reviewed."""
    pair = find_pair(store, report_a, report_b)
    first = cluster_or_404(store, pair.cluster_a or "")
    second = cluster_or_404(store, pair.cluster_b or "")
    return Duplicate(pair, reviewed_one(store, first), reviewed_one(store, second))


@router.get("/duplicates/{report_a}/{report_b}", response_class=HTMLResponse)
def duplicate_page(
    request: Request, principal: Analyst, report_a: RecordId, report_b: RecordId
) -> Response:
    """Both happenings side by side, the reasons, and the merge and "not the same" forms."""
    found = duplicate(store_of(request), report_a, report_b)
    join_score = request.app.state.settings.consolidation.join_score
    return render(
        request,
        "duplicate.html",
        principal,
        found=found,
        why=reason_text(found.pair.reason),
        vetoed=found.pair.reason not in REASONS,
        join_score=join_score,
    )


@router.post("/duplicates/{report_a}/{report_b}/merge", response_class=HTMLResponse)
def merge_pair(
    request: Request,
    principal: AnalystForm,
    report_a: RecordId,
    report_b: RecordId,
    reason: Reason = "",
) -> Response:
    """Merge the two happenings: the happening page's merge ruling, recorded the same way."""
    store = store_of(request)
    found = duplicate(store, report_a, report_b)
    asked = ReviewRequest(action="merge", reason=reason, other=found.second.cluster.id)
    outcome = record_review(
        store,
        request.app.state.reconsolidate,
        found.first.cluster.id,
        asked,
        principal.name,
        client_address(request),
    )
    told = {"done": "merge recorded", "note": outcome.note}
    return redirect(
        f"/events/{outcome.cluster_id}?{urlencode({k: v for k, v in told.items() if v})}"
    )


@router.post("/duplicates/{report_a}/{report_b}/apart", response_class=HTMLResponse)
def keep_apart(
    request: Request,
    principal: AnalystForm,
    report_a: RecordId,
    report_b: RecordId,
    reason: Reason = "",
) -> Response:
    """Rule the two reports different happenings: a split decision consolidation obeys."""
    store = store_of(request)
    found = duplicate(store, report_a, report_b)
    why = reason.strip()
    if not why:
        raise Invalid("say why: a review needs a reason")
    pair, author = found.pair, principal.name
    decision = Decision("split", pair.report_a, pair.report_b, author, why)
    review = Review(
        cluster=found.first.cluster.id,
        action="split",
        author=author,
        reason=why,
        after=pair.report_b,
    )
    saved = store.add_review(review, [decision])
    store.audit(
        "review",
        account=author,
        detail=f"review {saved.id}: not the same {pair.report_a} / {pair.report_b} ({why})",
        address=client_address(request),
    )
    reconsolidate = request.app.state.reconsolidate
    done = "kept apart: not the same happening"
    if reconsolidate is None:
        done += "; the queue changes at the next `khronika consolidate`"
    else:
        reconsolidate(store)
    return redirect(f"/queue?{urlencode({'view': 'duplicates', 'done': done})}")
