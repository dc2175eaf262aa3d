"""People and cases on the desk: a case's page (every step of one story, in date order, undated
last, with dates and sources and the people it follows), and the attributes monitors record of a
person (gender, age, occupation, affiliation, detention status), set by analysts as records that
keep who set what and why (:mod:`khronika.store.people`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from khronika.model import Entity
from khronika.read import Reviewed, reviewed_many
from khronika.store import PERSON_ATTRIBUTES, EventFilter, Store
from khronika.web.auth import Principal, form_writer, requires, store_of
from khronika.web.bounds import RecordId
from khronika.web.errors import Invalid, NotFound
from khronika.web.render import redirect, render
from khronika.web.security import client_address
from khronika.web.views import entity_or_404

router = APIRouter(include_in_schema=False)

Viewer = Annotated[Principal, Depends(requires("viewer"))]
AnalystForm = Annotated[Principal, Depends(form_writer("analyst"))]

# Where a person is, in the words monitors' lists use; "" on the form clears it.
DETENTION_STATES = (
    "at liberty",
    "detained",
    "under house arrest",
    "released",
    "sentenced",
    "wanted",
    "missing",
    "unknown",
)
ATTRIBUTE_LABELS = {
    "gender": "Gender",
    "age": "Age",
    "occupation": "Occupation",
    "affiliation": "Affiliation",
    "detention_status": "Detention status",
}
# The oldest age a record takes: past it a typo is likelier than a person.
MAX_AGE = 120
MAX_ATTRIBUTE = 200
# The roles that make a happening a step of someone's story (as consolidate/cases.py links them).
STORY_ROLES = frozenset({"target", "participant", "organiser"})


def checked_attribute(field: str, value: str) -> str | None:
    """A form's value for ``field`` made ready to record (``None`` clears), or a 422 saying why."""
    if field not in PERSON_ATTRIBUTES:
        raise Invalid(
            f"{field!r} is not a person's attribute; one of {', '.join(PERSON_ATTRIBUTES)}"
        )
    kept = " ".join(value.split())
    if not kept:
        return None
    if len(kept) > MAX_ATTRIBUTE:
        raise Invalid(f"{field}: at most {MAX_ATTRIBUTE} characters")
    if field == "age" and not (kept.isdigit() and int(kept) <= MAX_AGE):
        raise Invalid(f"age: a whole number of years from 0 to {MAX_AGE}, not {kept!r}")
    if field == "detention_status" and kept not in DETENTION_STATES:
        raise Invalid(f"detention_status: one of {', '.join(DETENTION_STATES)}")
    return kept


@router.post("/people/{entity_id}/attributes", response_class=HTMLResponse)
def record_attribute(
    request: Request,
    principal: AnalystForm,
    entity_id: RecordId,
    field: Annotated[str, Form(max_length=40)],
    value: Annotated[str, Form(max_length=MAX_ATTRIBUTE * 2)] = "",
    reason: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    """Record one attribute of a person, audited; a blank value clears it."""
    store = store_of(request)
    entity = entity_or_404(store, entity_id)
    if entity.kind != "person":
        raise Invalid(f"{entity.id}: attributes are recorded of people, not of an {entity.kind}")
    kept = checked_attribute(field, value)
    if not reason.strip():
        raise Invalid("say why: a record needs a reason (a source, a document)")
    record = store.record_person_attribute(
        entity.id, field, kept, author=principal.name, reason=reason
    )
    store.audit(
        "person_attribute",
        account=principal.name,
        detail=f"{entity.id} {field} = {kept if kept is not None else '(cleared)'} ({record.reason})",
        address=client_address(request),
    )
    done = f"{ATTRIBUTE_LABELS[field].lower()} {'recorded' if kept else 'cleared'}"
    return redirect(f"/people/{entity.id}?{urlencode({'done': done})}#attributes")


# --- cases -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CasePerson:
    """Someone a case follows: the entity and in how many of its steps they appear."""

    entity: Entity
    steps: int


@dataclass(frozen=True)
class Case:
    """A linked case: its steps in date order (undated last) and the people it follows."""

    id: str
    steps: list[Reviewed]
    people: list[CasePerson]
    sources: list[str]

    @property
    def title(self) -> str:
        """The case by the person it follows most, else by its id."""
        return f"Case of {self.people[0].entity.name}" if self.people else f"Case {self.id}"


def case_of(store: Store, case_id: str) -> Case:
    """The case ``case_id`` from the store, or a 404."""
    # The store's date order already puts undated happenings last.
    steps = reviewed_many(store, store.clusters(EventFilter(case=case_id)))
    if not steps:
        raise NotFound(f"{case_id}: no such case")
    seen: Counter[str] = Counter()
    for step in steps:
        followed = {a.entity for a in step.cluster.event.actors if a.role in STORY_ROLES}
        seen.update(e for e in followed if e)
    people = []
    for entity_id, count in seen.most_common():
        entity = store.entity(entity_id)
        if entity is not None and entity.kind == "person":
            people.append(CasePerson(entity, count))
    sources = sorted({s for step in steps for s in step.cluster.event.sources})
    return Case(case_id, steps, people, sources)


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, principal: Viewer, case_id: RecordId) -> Response:
    """Every step of one case with its date, place, sources and review status."""
    store = store_of(request)
    case = case_of(store, case_id)
    attributes = {p.entity.id: store.person_attributes(p.entity.id) for p in case.people}
    return render(
        request, "case.html", principal, case=case, attributes=attributes, labels=ATTRIBUTE_LABELS
    )
