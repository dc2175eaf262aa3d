"""The review queue (analysts): the happenings that want a reviewer, under a small table of
filters each with its count, a page at a time, and bulk verify or reject of the checked rows.

A filter is a name, a label and the store's :class:`~khronika.store.EventFilter` it stands for,
so adding one is a line in :data:`QUEUE`. A filter the store does not know yet (a review status
another part of the desk has not added) counts 0 and lists nothing, never an error. Bulk reviews
go through :func:`~khronika.web.reviews.record_review`, one review and one audit line per
happening, exactly as if each were verified from its own page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from khronika.model import CandidatePair
from khronika.read import Reviewed, reviewed_many
from khronika.store import EventFilter, Store
from khronika.web.auth import Principal, form_writer, requires, store_of, web_settings
from khronika.web.bounds import MAX_ID, PageNumber
from khronika.web.errors import Invalid
from khronika.web.render import redirect, render
from khronika.web.reviews import ReviewRequest, record_review
from khronika.web.security import client_address

router = APIRouter(include_in_schema=False)

Analyst = Annotated[Principal, Depends(requires("analyst"))]
AnalystForm = Annotated[Principal, Depends(form_writer("analyst"))]


@dataclass(frozen=True)
class QueueFilter:
    """One filter of the queue: its name in the link, its label, what it selects."""

    name: str
    label: str
    explains: str
    # EventFilter's fields; "low confidence" takes its threshold from the web settings.
    selects: Mapping[str, Any]


QUEUE: tuple[QueueFilter, ...] = (
    QueueFilter(
        "unreviewed", "Unreviewed", "no verify or reject in force", {"review": "unreviewed"}
    ),
    QueueFilter("needs_review", "Needs review", "sent back for review", {"review": "needs_review"}),
    QueueFilter(
        "changed", "Changed since verified", "new reports since a verify", {"review": "changed"}
    ),
    QueueFilter("disputed", "Disputed", "reports that cannot all be true", {"disputed": True}),
    QueueFilter(
        "low_confidence", "Low confidence", "the rules were least sure", {"confidence_below": None}
    ),
    QueueFilter(
        "duplicates", "Possible duplicates", "nearly joined by consolidation", {"paired": True}
    ),
)
VIEWS = {entry.name: entry for entry in QUEUE}
View = Literal["unreviewed", "needs_review", "changed", "disputed", "low_confidence", "duplicates"]


def store_filter(
    entry: QueueFilter, threshold: float, *, offset: int | None = None, limit: int | None = None
) -> EventFilter | None:
    """The store's filter of ``entry``, or ``None`` when the store does not know it yet."""
    selects = dict(entry.selects)
    if "confidence_below" in selects:
        selects["confidence_below"] = threshold
    try:
        return EventFilter(**selects, offset=offset, limit=limit)
    except ValueError:
        # A review status the store does not know yet (added by the review work): none match.
        return None


@dataclass(frozen=True)
class Tab:
    """A queue filter as the page shows it: how many it selects and whether it is open."""

    entry: QueueFilter
    count: int
    open: bool


def tabs(store: Store, threshold: float, current: str) -> list[Tab]:
    """Every queue filter with its count: one COUNT query each."""
    found = []
    for entry in QUEUE:
        filt = store_filter(entry, threshold)
        count = store.count_clusters(filt) if filt is not None else 0
        found.append(Tab(entry, count, entry.name == current))
    return found


@dataclass(frozen=True)
class PairRow:
    """A possible duplicate as the queue lists it: both happenings, reviewed."""

    pair: CandidatePair
    first: Reviewed
    second: Reviewed

    @property
    def href(self) -> str:
        """The pair's own page."""
        return f"/duplicates/{self.pair.report_a}/{self.pair.report_b}"


def pair_rows(store: Store, pairs: list[CandidatePair]) -> list[PairRow]:
    """``pairs`` with both their happenings, leaving out a pair whose happening is gone."""
    ids = {c for p in pairs for c in (p.cluster_a, p.cluster_b) if c}
    clusters = {c.id: c for c in (store.cluster(i) for i in ids) if c is not None}
    reviewed = {item.cluster.id: item for item in reviewed_many(store, clusters.values())}
    rows = []
    for pair in pairs:
        first, second = reviewed.get(pair.cluster_a or ""), reviewed.get(pair.cluster_b or "")
        if first is not None and second is not None:
            rows.append(PairRow(pair, first, second))
    return rows


@router.get("/queue", response_class=HTMLResponse)
def queue_page(
    request: Request, principal: Analyst, view: View = "unreviewed", page: PageNumber = 1
) -> Response:
    """The queue open on one filter: its happenings (or pairs) a page at a time."""
    store = store_of(request)
    settings = web_settings(request)
    size, threshold = settings.page_size, settings.low_confidence
    entry = VIEWS[view]
    shown = tabs(store, threshold, view)
    total = next(tab.count for tab in shown if tab.open)
    offset = (page - 1) * size
    rows: list[Reviewed] = []
    pairs: list[PairRow] = []
    if view == "duplicates":
        # Every pair is listed, not every happening in one: the pair is what gets decided.
        every = store.candidate_pairs()
        total = len(every)
        pairs = pair_rows(store, every[offset : offset + size])
    else:
        filt = store_filter(entry, threshold, offset=offset, limit=size)
        rows = reviewed_many(store, store.clusters(filt)) if filt is not None else []
    return render(
        request,
        "queue.html",
        principal,
        tabs=shown,
        entry=entry,
        rows=rows,
        pairs=pairs,
        total=total,
        page=page,
        pages=max(1, -(-total // size)),
    )


BulkIds = Annotated[list[Annotated[str, Form(max_length=MAX_ID)]], Form()]


@router.post("/queue/bulk", response_class=HTMLResponse)
def bulk_review(
    request: Request,
    principal: AnalystForm,
    action: Annotated[Literal["verify", "reject"], Form()],
    reason: Annotated[str, Form(max_length=4000)] = "",
    ids: BulkIds | None = None,
    view: Annotated[str, Form(max_length=40)] = "unreviewed",
) -> Response:
    """Verify or reject every checked happening with one reason: one review each."""
    store = store_of(request)
    chosen = list(dict.fromkeys(ids or ()))
    if not chosen:
        raise Invalid("check at least one happening to review")
    if len(chosen) > web_settings(request).max_page_size:
        raise Invalid(f"at most {web_settings(request).max_page_size} happenings at once")
    if not reason.strip():
        raise Invalid("say why: a review needs a reason")
    # All checked before any is recorded: a stale id does not leave half the batch reviewed.
    missing = [cluster_id for cluster_id in chosen if store.cluster(cluster_id) is None]
    if missing:
        raise Invalid(f"{missing[0]}: no such happening (the list changed; reload it)")
    asked = ReviewRequest(action=action, reason=reason)
    address = client_address(request)
    for cluster_id in chosen:
        record_review(
            store, request.app.state.reconsolidate, cluster_id, asked, principal.name, address
        )
    done = f"{action} recorded for {len(chosen)} happening{'' if len(chosen) == 1 else 's'}"
    back = view if view in VIEWS else "unreviewed"
    return redirect(f"/queue?{urlencode({'view': back, 'done': done})}")
