"""The HTML pages of the desk: events (list, page, review forms), documents, people, map and
timeline. Every route needs a login; the review forms need an analyst and the session's CSRF
token. Queries and shapes shared with the API live in :mod:`views`.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from khronika.model import Cluster
from khronika.read import (
    registry_rows,
    reviewed_many,
    reviewed_one,
    spellings_seen,
    timeline,
)
from khronika.store import EventFilter
from khronika.web.auth import (
    Principal,
    audit_access,
    form_writer,
    requires,
    store_of,
    web_settings,
)
from khronika.web.bounds import (
    MAX_TEXT,
    DocumentName,
    PageNumber,
    RecordId,
    RowId,
)
from khronika.web.casebook import ATTRIBUTE_LABELS, DETENTION_STATES
from khronika.web.documents import custody, original_response
from khronika.web.edit_form import FormProblem, edit_value, inputs_of, inputs_sent
from khronika.web.errors import Invalid, describe_errors
from khronika.web.facets import facets_of
from khronika.web.render import redirect, render
from khronika.web.reviews import ReviewRequest, record_review, revert_review
from khronika.web.security import client_address
from khronika.web.views import (
    EventQuery,
    claims_by_field,
    cluster_or_404,
    document_or_404,
    entity_or_404,
    filters_of,
    page_of,
    quoted_evidence,
)

router = APIRouter(include_in_schema=False)

Viewer = Annotated[Principal, Depends(requires("viewer"))]
AnalystForm = Annotated[Principal, Depends(form_writer("analyst"))]
Filters = Annotated[EventQuery, Depends(filters_of)]


@router.get("/", response_class=HTMLResponse)
def home(principal: Viewer) -> Response:
    """The events list is the home page."""
    return redirect("/events")


@router.get("/events", response_class=HTMLResponse)
def events_page(
    request: Request, principal: Viewer, query: Filters, page: PageNumber = 1
) -> Response:
    """The happenings matching the filters, a page at a time, with facet counts beside them."""
    size = web_settings(request).page_size
    store = store_of(request)
    found = page_of(store, query, offset=(page - 1) * size, limit=size)
    facets = facets_of(store.facet_counts(query.to_filter()), query)
    return render(request, "events.html", principal, query=query, page=found, facets=facets)


@router.get("/events/{cluster_id}", response_class=HTMLResponse)
def event_page(request: Request, principal: Viewer, cluster_id: RecordId) -> Response:
    """One happening: every field, its reports, claims, evidence, history and review forms."""
    store = store_of(request)
    return _event_page(request, principal, cluster_or_404(store, cluster_id))


def _event_page(
    request: Request,
    principal: Principal,
    cluster: Cluster,
    *,
    problem: str | None = None,
    sent: FormData | None = None,
) -> Response:
    """The happening's page; with ``problem``, the edit form refused as ``sent`` (kept)."""
    store = store_of(request)
    item = reviewed_one(store, cluster)
    event = item.cluster.event
    reports = [(report_id, store.event(report_id)) for report_id in cluster.reports]
    linked = [(link, store.cluster(link)) for link in cluster.linked]
    return render(
        request,
        "event.html",
        principal,
        status_code=422 if problem else 200,
        item=item,
        event=event,
        claims=claims_by_field(item.cluster),
        reports=reports,
        linked=linked,
        quoted=quoted_evidence(store, event),
        edit=inputs_sent(sent, event) if sent is not None else inputs_of(event),
        problem=problem,
        note=request.query_params.get("note"),
    )


async def _form(request: Request) -> FormData:
    # The form the route's own Form() parameters were read from (parsed once, then cached).
    return await request.form()


@router.post("/events/{cluster_id}/review", response_class=HTMLResponse)
def review_form(
    request: Request,
    principal: AnalystForm,
    cluster_id: RecordId,
    sent: Annotated[FormData, Depends(_form)],
    action: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
    field: Annotated[str | None, Form()] = None,
    other: Annotated[str | None, Form()] = None,
    report: Annotated[str | None, Form()] = None,
) -> Response:
    """Record a review from the happening's page; a refused edit returns the page with the
    analyst's input and a plain message.
    """
    if action == "edit":
        return _edit(request, principal, cluster_id, sent, field or "", reason)
    try:
        asked = ReviewRequest.model_validate(
            {
                "action": action,
                "reason": reason,
                "other": (other or "").strip() or None,
                "report": report or None,
            }
        )
    except ValidationError as exc:
        raise Invalid(describe_errors(exc)) from exc
    return _recorded(request, principal, cluster_id, asked)


def _edit(
    request: Request,
    principal: Principal,
    cluster_id: str,
    sent: FormData,
    field: str,
    reason: str,
) -> Response:
    store = store_of(request)
    cluster = cluster_or_404(store, cluster_id)
    event = reviewed_one(store, cluster).cluster.event
    try:
        value = edit_value(field, sent, event, request.app.state.places)
        asked = ReviewRequest(action="edit", reason=reason, field=field, value=value)
        return _recorded(request, principal, cluster.id, asked)
    except FormProblem as problem:
        return _event_page(request, principal, cluster, problem=str(problem), sent=sent)
    except ValidationError as exc:
        return _event_page(request, principal, cluster, problem=describe_errors(exc), sent=sent)
    except Invalid as refused:
        return _event_page(request, principal, cluster, problem=refused.message, sent=sent)


def _recorded(
    request: Request, principal: Principal, cluster_id: str, asked: ReviewRequest
) -> Response:
    outcome = record_review(
        store_of(request),
        request.app.state.reconsolidate,
        cluster_id,
        asked,
        principal.name,
        client_address(request),
    )
    told = {"done": f"{outcome.review.action} recorded", "note": outcome.note or None}
    return redirect(f"/events/{outcome.cluster_id}?{_query(told)}#history")


@router.post("/reviews/{review_id}/revert", response_class=HTMLResponse)
def revert_form(request: Request, principal: AnalystForm, review_id: RowId) -> Response:
    """Revert a review from the happening's page."""
    outcome = revert_review(
        store_of(request),
        request.app.state.reconsolidate,
        review_id,
        principal.name,
        client_address(request),
    )
    told = _query({"done": f"review {review_id} reverted", "note": outcome.note or None})
    if not outcome.cluster_id:
        return redirect(f"/events?{told}")
    return redirect(f"/events/{outcome.cluster_id}?{told}#history")


def _query(values: dict[str, str | None]) -> str:
    return urlencode({k: v for k, v in values.items() if v})


# --- documents ---------------------------------------------------------------------------------


@router.get("/documents/{name:path}", response_class=HTMLResponse)
def document_page(request: Request, principal: Viewer, name: DocumentName) -> Response:
    """A document: its text, custody and the happenings citing it."""
    store = store_of(request)
    document = document_or_404(store, name)
    audit_access(request, principal, "document_viewed", document.name)
    citing = reviewed_many(store, store.clusters(EventFilter(doc=name)))
    return render(
        request,
        "document.html",
        principal,
        document=document,
        custody=custody(document),
        citing=citing,
    )


@router.get("/originals/{name:path}")
def original(request: Request, principal: Viewer, name: DocumentName) -> Response:
    """The original bytes of a document."""
    document = document_or_404(store_of(request), name)
    audit_access(request, principal, "original_downloaded", document.name)
    return original_response(document)


# --- people ------------------------------------------------------------------------------------


@router.get("/people", response_class=HTMLResponse)
def people_page(
    request: Request,
    principal: Viewer,
    q: Annotated[str, Query(max_length=MAX_TEXT)] = "",
    kind: str = "",
    page: PageNumber = 1,
) -> Response:
    """The registry, searchable by any spelling, a page at a time."""
    store = store_of(request)
    rows = registry_rows(store, kind if kind in ("person", "organisation") else None, matching=q)
    size = web_settings(request).page_size
    pages = max(1, -(-len(rows) // size))
    shown = rows[(page - 1) * size : page * size]
    return render(
        request,
        "people.html",
        principal,
        rows=shown,
        total=len(rows),
        q=q,
        kind=kind,
        page=page,
        pages=pages,
    )


@router.get("/people/{entity_id}", response_class=HTMLResponse)
def person_page(request: Request, principal: Viewer, entity_id: RecordId) -> Response:
    """A person or organisation: spellings seen, where, and their timeline."""
    store = store_of(request)
    entity = entity_or_404(store, entity_id)
    story = timeline(store, entity)
    seen = spellings_seen(store, entity.id)
    sources = sorted({s for step in story.steps for s in step.cluster.event.sources})
    return render(
        request,
        "person.html",
        principal,
        entity=entity,
        story=story,
        seen=seen,
        sources=sources,
        attributes=store.person_attributes(entity.id),
        attribute_history=store.person_attribute_history(entity.id),
        labels=ATTRIBUTE_LABELS,
        detention_states=DETENTION_STATES,
    )


# --- map and timeline --------------------------------------------------------------------------


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, principal: Viewer, query: Filters) -> Response:
    """The map of the matching happenings."""
    return render(request, "map.html", principal, query=query)


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, principal: Viewer, query: Filters) -> Response:
    """The matching happenings per day."""
    return render(request, "timeline.html", principal, query=query)
