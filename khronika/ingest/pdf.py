"""PDF pages, read in a worker process that is stopped at a time and a memory cap.

pdfminer parses hostile input in pure Python: a crafted file can loop for hours or grow without
bound where no byte count predicts it (content streams of millions of operators, cyclic object
references). The bytes are parsed in a child of a fork server (a clean process: no threads, no
models), under ``RLIMIT_AS``, and killed when its time is up. Whatever it does, the batch gets one
line and goes on.
"""

from __future__ import annotations

import io
import logging
import multiprocessing
import resource
from multiprocessing.connection import Connection

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from khronika.ingest import limits

# pdfminer logs its complaints without a file name; the reader's one line per file says enough.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

MAX_PDF_SECONDS = 120.0
MAX_PDF_MEMORY_MB = 2048
_MAX_REASON_CHARS = 80


class Unreadable(ValueError):
    """A PDF that gives no pages; ``str(exc)`` is the one-line reason."""


def bounded_pages(
    raw: bytes, *, seconds: float = MAX_PDF_SECONDS, memory_mb: int = MAX_PDF_MEMORY_MB
) -> list[str]:
    """The text of every page, parsed in a worker stopped after ``seconds`` or ``memory_mb``."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_work, args=(raw, memory_mb, sender), daemon=True)
    worker.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise limits.TooBig(f"PDF took longer than {seconds:.0f} s to read (stopped)")
        kind, value = receiver.recv()
    except EOFError:
        raise limits.TooBig(
            f"PDF reader stopped without an answer (over {memory_mb} MB of memory?)"
        ) from None
    finally:
        worker.kill()
        worker.join()
        receiver.close()
    if kind == "pages":
        return list(value)
    if kind == "too big":
        raise limits.TooBig(str(value))
    raise Unreadable(str(value))


def _work(raw: bytes, memory_mb: int, sender: Connection) -> None:
    """In the worker: cap the address space, parse, send ('pages' | 'too big' | 'unreadable', …)."""
    cap = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    try:
        answer: tuple[str, object] = ("pages", pages_of(raw))
    except limits.TooBig as exc:
        answer = ("too big", str(exc))
    except Exception as exc:
        # pdfminer fails on hostile input in many ways (KeyError, TypeError, RecursionError…);
        # whichever it is, the file is unreadable and the batch goes on.
        if isinstance(_unwrapped(exc), MemoryError):
            answer = ("too big", f"PDF needs more than {memory_mb} MB of memory to read")
        else:
            answer = ("unreadable", reason_for(exc))
    sender.send(answer)
    sender.close()


def pages_of(raw: bytes) -> list[str]:
    """The text of every page, in this process (no caps but the page count)."""
    pages: list[str] = []
    with pdfplumber.open(io.BytesIO(raw)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            if number > limits.MAX_PDF_PAGES:
                raise limits.TooBig(f"PDF has more than {limits.MAX_PDF_PAGES} pages")
            pages.append(page.extract_text() or "")
            # Drop the page's parsed objects: a long report would otherwise keep them all.
            page.close()
    return pages


def reason_for(exc: BaseException) -> str:
    """The one-line reason a PDF could not be parsed."""
    cause = _unwrapped(exc)
    if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
        return "encrypted PDF (password required)"
    detail = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
    if len(detail) > _MAX_REASON_CHARS:
        detail = detail[: _MAX_REASON_CHARS - 1].rstrip() + "…"
    return f"corrupt or unreadable PDF: {detail}"


def _unwrapped(exc: BaseException) -> BaseException:
    """The exception pdfminer raised, where pdfplumber wrapped it (the reason is in it)."""
    if isinstance(exc, PdfminerException) and exc.args and isinstance(exc.args[0], BaseException):
        return exc.args[0]
    return exc
