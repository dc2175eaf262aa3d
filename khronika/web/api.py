"""The JSON API under ``/api``: the same filters as the pages, reviews, documents, people, and
the OpenAPI description with its docs page (which need a login too).

Reads need a viewer; a review needs an analyst and, when made with the session cookie, the
``X-CSRF-Token`` header. Every error is ``{"error": {"code": ..., "message": ...}}`` (see
:mod:`errors`). List answers are ``{"items", "total", "offset", "limit"}``.
"""

from __future__ import annotations

import io
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from khronika.export import get_exporter
from khronika.read import registry_rows, reviewed_all, reviewed_one, timeline
from khronika.web.atlas import map_layers, spans
from khronika.web.auth import (
    Principal,
    api_writer,
    audit_access,
    requires,
    store_of,
    web_settings,
)
from khronika.web.bounds import (
    DocumentName,
    Limit,
    Offset,
    RecordId,
    RowId,
    SearchText,
)
from khronika.web.documents import custody, original_response
from khronika.web.errors import API_ERRORS
from khronika.web.facets import facets_of
from khronika.web.render import render
from khronika.web.reviews import ReviewRequest, record_review, revert_review
from khronika.web.security import client_address
from khronika.web.views import (
    EventQuery,
    cluster_or_404,
    detail_dict,
    document_or_404,
    entity_or_404,
    filters_of,
    page_of,
    per_day,
    review_dict,
    row_dict,
)

router = APIRouter(prefix="/api", tags=["khronika"], responses=API_ERRORS)

Viewer = Annotated[Principal, Depends(requires("viewer"))]
Analyst = Annotated[Principal, Depends(api_writer("analyst"))]
Filters = Annotated[EventQuery, Depends(filters_of)]
Format = Literal["jsonl", "csv", "geojson"]

_EXPORT_TYPES = {
    "jsonl": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
    "geojson": "application/geo+json",
}


# --- the description of the API ----------------------------------------------------------------


@router.get("/openapi.json", include_in_schema=False)
def openapi(request: Request, principal: Viewer) -> JSONResponse:
    """The OpenAPI description of the API (logged-in readers only)."""
    return JSONResponse(request.app.openapi())


@router.get("/docs", include_in_schema=False, response_class=HTMLResponse)
def docs(request: Request, principal: Viewer) -> Response:
    """The API's documentation page."""
    return render(request, "api_docs.html", principal)


@router.get("/me")
def me(principal: Viewer) -> dict[str, Any]:
    """Who the request is authenticated as, and with what role."""
    account = principal.account
    return {
        "name": account.name,
        "role": account.role,
        "totp": account.totp_secret is not None,
        "via": "session" if principal.session else "token",
    }


# --- happenings --------------------------------------------------------------------------------


@router.get("/events")
def list_events(
    request: Request,
    principal: Viewer,
    query: Filters,
    offset: Offset = 0,
    limit: Limit = None,
) -> dict[str, Any]:
    """Happenings matching the filters, a page at a time, in the reviewed view."""
    web = web_settings(request)
    size = min(limit or web.page_size, web.max_page_size)
    page = page_of(store_of(request), query, offset=offset, limit=size)
    return {
        "items": [row_dict(item) for item in page.rows],
        "total": page.total,
        "offset": page.offset,
        "limit": page.limit,
    }


@router.get("/events.geojson")
def events_geojson(request: Request, principal: Viewer, query: Filters) -> JSONResponse:
    """The map's layers: happenings placed at a site, city or region as GeoJSON points; as
    foreign members, those known only by their country (``countries``, to shade), how many have
    no place (``unplaced``) and how many match in all (``total``).
    """
    store = store_of(request)
    found = reviewed_all(store, store.clusters(query.to_filter()))
    return JSONResponse(map_layers(found), media_type="application/geo+json")


@router.get("/timeline")
def events_per_day(request: Request, principal: Viewer, query: Filters) -> dict[str, Any]:
    """Matching happenings for the timeline: per day by type (``days``, ``series``), each dated
    one over its span (``happenings``: a month or a year is its whole length), and ``undated``.
    """
    store = store_of(request)
    found = reviewed_all(store, store.clusters(query.to_filter()))
    return {**per_day(found), **spans(found)}


@router.get("/facets")
def facets(request: Request, principal: Viewer, query: Filters) -> dict[str, Any]:
    """How many matching happenings have each type, country, status, year and source (the most
    frequent values of each, with the count of the rest and of those with no value).
    """
    counted = store_of(request).facet_counts(query.to_filter())
    return {
        facet.name: {
            "values": [{"value": v.label, "count": v.count} for v in facet.values],
            "others": facet.others,
            "missing": facet.missing,
        }
        for facet in facets_of(counted, query)
    }


@router.get("/export/{fmt}")
def export(request: Request, principal: Viewer, fmt: Format, query: Filters) -> Response:
    """Every matching happening (reviewed view) as jsonl, csv or geojson, for download."""
    store = store_of(request)
    records = [item.cluster for item in reviewed_all(store, store.clusters(query.to_filter()))]
    buffer = io.StringIO()
    written = get_exporter(fmt)(records, buffer)
    asked = query.model_dump(exclude_none=True, exclude_defaults=True)
    audit_access(request, principal, "exported", f"{fmt}: {written} happenings; filters {asked}")
    return Response(
        buffer.getvalue(),
        media_type=_EXPORT_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="khronika-events.{fmt}"'},
    )


@router.get("/events/{cluster_id}")
def get_event(request: Request, principal: Viewer, cluster_id: RecordId) -> dict[str, Any]:
    """One happening: the reviewed view, claims per field, disputes, status and history."""
    store = store_of(request)
    cluster = cluster_or_404(store, cluster_id)
    return detail_dict(reviewed_one(store, cluster))


@router.get("/events/{cluster_id}/reviews")
def list_reviews(request: Request, principal: Viewer, cluster_id: RecordId) -> dict[str, Any]:
    """The review history of a happening, oldest first, reverted ones included."""
    store = store_of(request)
    cluster = cluster_or_404(store, cluster_id)
    history = reviewed_one(store, cluster).history
    return {"items": [review_dict(r) for r in history], "total": len(history)}


@router.post("/events/{cluster_id}/reviews", status_code=201)
def add_review(
    request: Request, principal: Analyst, cluster_id: RecordId, asked: ReviewRequest
) -> dict[str, Any]:
    """Verify, reject, edit a field, merge with another happening, or split a report out."""
    outcome = record_review(
        store_of(request),
        request.app.state.reconsolidate,
        cluster_id,
        asked,
        principal.name,
        client_address(request),
    )
    return {
        "review": review_dict(outcome.review),
        "cluster": outcome.cluster_id,
        "note": outcome.note,
    }


@router.post("/reviews/{review_id}/revert")
def revert(request: Request, principal: Analyst, review_id: RowId) -> dict[str, Any]:
    """Mark a review reverted (it stays in the history); a merge or split is undone too."""
    outcome = revert_review(
        store_of(request),
        request.app.state.reconsolidate,
        review_id,
        principal.name,
        client_address(request),
    )
    return {
        "review": review_dict(outcome.review),
        "cluster": outcome.cluster_id or None,
        "note": outcome.note,
    }


# --- documents ---------------------------------------------------------------------------------


@router.get("/documents/{name:path}")
def get_document(request: Request, principal: Viewer, name: DocumentName) -> dict[str, Any]:
    """A document's chain of custody and its text (the original bytes: /api/originals/NAME)."""
    document = document_or_404(store_of(request), name)
    audit_access(request, principal, "document_viewed", document.name)
    return {
        "name": document.name,
        "sha256": document.sha256,
        "media_type": document.media_type,
        "title": document.title,
        "published": document.published.isoformat() if document.published else None,
        "language": document.language,
        "address": document.address,
        "outlet": document.outlet,
        "ingested_at": document.ingested_at.isoformat() if document.ingested_at else None,
        "ingested_by": document.ingested_by,
        "custody": dict(custody(document)),
        "text": document.text,
    }


@router.get("/originals/{name:path}")
def get_original(request: Request, principal: Viewer, name: DocumentName) -> Response:
    """The original bytes of a document, as an attachment with its own media type."""
    document = document_or_404(store_of(request), name)
    audit_access(request, principal, "original_downloaded", document.name)
    return original_response(document)


# --- people ------------------------------------------------------------------------------------


@router.get("/people")
def list_people(
    request: Request,
    principal: Viewer,
    q: SearchText = None,
    kind: Literal["person", "organisation"] | None = None,
) -> dict[str, Any]:
    """The registry with the number of happenings of each; ``q`` matches any spelling."""
    store = store_of(request)
    rows = registry_rows(store, kind, matching=q)
    return {
        "items": [{**row.entity.to_dict(), "happenings": row.happenings} for row in rows],
        "total": len(rows),
    }


@router.get("/people/{entity_id}")
def get_person(request: Request, principal: Viewer, entity_id: RecordId) -> dict[str, Any]:
    """A person or organisation, every spelling seen, and their timeline."""
    store = store_of(request)
    entity = entity_or_404(store, entity_id)
    story = timeline(store, entity)
    return {
        **entity.to_dict(),
        "timeline": [
            {
                "cluster": step.cluster.id,
                "type": step.cluster.event.type,
                "subtype": step.cluster.event.subtype,
                "date": step.cluster.event.date.to_dict(),
                "location": step.cluster.event.location.to_dict(),
                "roles": list(step.roles),
                "sources": list(step.cluster.event.sources),
            }
            for step in story.steps
        ],
    }
