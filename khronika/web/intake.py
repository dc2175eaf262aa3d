"""Material in from the browser (analysts): upload files, paste text, capture a web address.

Each form becomes a background job (:mod:`jobs`) that runs the CLI's own ingest and extraction
through the :class:`~khronika.web.jobs.Intake` the CLI injects; a page polls its JSON status.
The body of a form is refused before it is read when it is larger than the store takes one
document (``settings.max_bytes``); its files go to a temporary folder under names the desk
chose (:mod:`uploads`); every form carries the session's CSRF token; every batch is audited.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.datastructures import FormData, UploadFile

from khronika.accounts import same_secret
from khronika.errors import KhronikaError
from khronika.settings import Settings
from khronika.store import Store
from khronika.web.auth import Principal, requires
from khronika.web.errors import API_ERRORS, Forbidden, Invalid, NotFound, WebError
from khronika.web.injected import Intake
from khronika.web.jobs import Job, Jobs, Work, run_capture, run_ingest
from khronika.web.render import redirect, render
from khronika.web.security import CSRF_FIELD, client_address
from khronika.web.uploads import (
    copy_upload,
    meta_values,
    pasted_name,
    safe_name,
    web_address,
    write_meta,
)

router = APIRouter()

Analyst = Annotated[Principal, Depends(requires("analyst"))]

# Room for the form's own fields and the multipart boundaries around the files.
_FORM_OVERHEAD = 256 * 1024
# The folder walk of the CLI skips metadata files; say so as the reader says of other types.
_NOT_SOURCES = frozenset({"jsonl"})


def install(app: FastAPI, store: Store, intake: Intake | None) -> Jobs:
    """Give ``app`` its job queue and the intake routes; returns the queue."""
    jobs = Jobs(store, intake)
    app.state.jobs = jobs
    app.include_router(router)
    return jobs


def jobs_of(request: Request) -> Jobs:
    """The desk's job queue."""
    jobs: Jobs = request.app.state.jobs
    return jobs


async def analyst_form(request: Request) -> tuple[Principal, FormData]:
    """The analyst and the form, read only after the login, the size and the CSRF token pass."""
    principal = requires("analyst")(request)
    settings: Settings = request.app.state.settings
    limit = settings.max_bytes + _FORM_OVERHEAD
    length = request.headers.get("content-length")
    if length is None or not length.isdigit():
        raise WebError(411, "send the form with a Content-Length", "length_required")
    if int(length) > limit:
        raise WebError(
            413,
            f"the form is {int(length):,} bytes, over the limit of {limit:,} "
            "(settings.max_bytes): send fewer or smaller files at a time",
        )
    web = request.app.state.web
    form = await request.form(
        max_files=web.upload_max_files, max_fields=50, max_part_size=settings.max_bytes
    )
    given = form.get(CSRF_FIELD)
    if not same_secret(principal.csrf_token, given if isinstance(given, str) else None):
        raise Forbidden("the form's CSRF token is missing or stale; reload the page")
    return principal, form


AnalystForm = Annotated[tuple[Principal, FormData], Depends(analyst_form)]


def _texts(form: FormData) -> dict[str, str]:
    return {k: v for k, v in form.items() if isinstance(v, str)}


def _new_job(
    request: Request, principal: Principal, kind: Literal["upload", "paste", "capture"]
) -> Job:
    jobs = jobs_of(request)
    if jobs.intake is None:
        raise WebError(503, "this desk takes no material: start it with `khronika serve`")
    folder = Path(tempfile.mkdtemp(prefix="khronika-intake-"))
    job = jobs.new(kind, principal.name, folder, client=client_address(request))
    job.files_dir.mkdir()
    return job


def _queue(request: Request, job: Job, detail: str) -> Response:
    jobs = jobs_of(request)
    write_meta(job.meta_file, job.meta)
    job.total = len(job.files)
    jobs.store.audit(
        job.kind, account=job.account, detail=f"job {job.id}: {detail}", address=job.client
    )
    _submit(jobs, job, lambda j: run_ingest(jobs, j))
    return redirect(f"/intake/jobs/{job.id}")


def _submit(jobs: Jobs, job: Job, work: Work) -> None:
    try:
        jobs.submit(job, work)
    except KhronikaError as exc:
        shutil.rmtree(job.folder, ignore_errors=True)
        raise WebError(503, str(exc)) from exc


# --- pages -------------------------------------------------------------------------------------


@router.get("/intake", response_class=HTMLResponse, include_in_schema=False)
def intake_page(request: Request, principal: Analyst) -> Response:
    """The forms (upload, paste, capture) and the desk's recent jobs."""
    jobs = jobs_of(request)
    return render(
        request,
        "intake.html",
        principal,
        jobs=jobs.recent(),
        ready=jobs.intake is not None,
        max_bytes=request.app.state.settings.max_bytes,
    )


@router.get("/intake/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
def job_page(request: Request, principal: Analyst, job_id: int) -> Response:
    """One job's progress (polled by ``intake.js``) and, when it ends, what it stored."""
    return render(request, "intake_job.html", principal, job=_job_or_404(request, job_id))


@router.get("/api/intake/jobs/{job_id}", responses=API_ERRORS, tags=["intake"])
def job_status(request: Request, principal: Analyst, job_id: int) -> JSONResponse:
    """A job's state, progress, the one line per bad file, and the happenings it brought."""
    return JSONResponse(_job_or_404(request, job_id).status())


def _job_or_404(request: Request, job_id: int) -> Job:
    job = jobs_of(request).get(job_id)
    if job is None:
        raise NotFound(f"job {job_id}: no such job (jobs are forgotten when the desk restarts)")
    return job


# --- forms -------------------------------------------------------------------------------------


@router.post("/intake/upload", include_in_schema=False)
def upload(request: Request, sent: AnalystForm) -> Response:
    """Files (txt, md, html, pdf; several at once) with the metadata every one of them gets."""
    principal, form = sent
    meta = meta_values(_texts(form))
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    if not files:
        raise Invalid("files: choose at least one file")
    job = _new_job(request, principal, "upload")
    taken: set[str] = set()
    size = 0
    for upload_file in files:
        name = safe_name(upload_file.filename, taken)
        if name.rpartition(".")[2].lower() in _NOT_SOURCES:
            job.rejected.append(name)
            job.errors.append(
                f"{name}: unsupported file type '.jsonl' (expected .txt, .md, .html, .pdf)"
            )
            continue
        size += copy_upload(upload_file.file, job.files_dir / name)
        job.files.append(name)
        if meta:
            job.meta[name] = meta
    return _queue(request, job, f"{len(files)} file(s), {size:,} bytes: {', '.join(job.files)}")


@router.post("/intake/paste", include_in_schema=False)
def paste(request: Request, sent: AnalystForm) -> Response:
    """Pasted text, stored as a plain-text document with the metadata given."""
    principal, form = sent
    values = _texts(form)
    text = values.get("text", "")
    if not text.strip():
        raise Invalid("text: paste the text of a report")
    meta = meta_values(values)
    job = _new_job(request, principal, "paste")
    name = pasted_name(text, meta.get("title"), set())
    (job.files_dir / name).write_bytes(text.encode("utf-8"))
    job.files.append(name)
    if meta:
        job.meta[name] = meta
    return _queue(request, job, f"{name} ({len(text):,} characters)")


@router.post("/intake/capture", include_in_schema=False)
def capture(request: Request, sent: AnalystForm) -> Response:
    """Fetch a web address once (bytes, hash, time kept) and read it as a source."""
    principal, form = sent
    values = _texts(form)
    address = web_address(values.get("address", ""))
    meta = {**meta_values({k: v for k, v in values.items() if k != "address"}), "address": address}
    jobs = jobs_of(request)
    if jobs.intake is not None and jobs.intake.capture is None:
        raise WebError(503, "this desk captures no web address")
    job = _new_job(request, principal, "capture")
    job.address, job.total = address, 1
    jobs.store.audit(
        "capture requested",
        account=job.account,
        detail=f"job {job.id}: {address}",
        address=job.client,
    )
    _submit(jobs, job, lambda j: run_capture(jobs, j, meta))
    return redirect(f"/intake/jobs/{job.id}")
