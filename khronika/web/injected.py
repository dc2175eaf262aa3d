"""What ``khronika serve`` injects into the desk so that it can take material in: the
pipeline's ingest and the capture of a web address (the web package imports neither).

Protocols, so the desk names only the shape it relies on: the pipeline's ``RunReport`` is an
:class:`IngestRun`, ``ingest.capture.Captured`` a :class:`Captured`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from khronika.store import Store

Progress = Callable[[str], None]


class IngestRun(Protocol):
    """What an ingest run reports (the pipeline's ``RunReport`` is one)."""

    ingested: list[str]
    unchanged: list[str]
    aliases: list[str]
    rejected: list[str]
    skipped: list[str]
    events: int
    clusters: int | None
    errors: list[str]
    notes: list[str]


class Ingest(Protocol):
    """The CLI's ingest over ``paths`` (a folder), with a ``--meta`` file, as ``ingested_by``."""

    def __call__(
        self,
        store: Store,
        paths: list[Path],
        *,
        meta_file: Path | None,
        ingested_by: str,
        progress: Progress,
        say: Progress,
    ) -> IngestRun:
        """Read, extract and store ``paths``; consolidate."""
        ...


class Captured(Protocol):
    """A web page fetched once: its unaltered bytes, their SHA-256, and when and where."""

    @property
    def address(self) -> str:
        """The address the analyst gave."""
        ...

    @property
    def final_address(self) -> str:
        """Where the bytes came from, after redirects."""
        ...

    @property
    def raw(self) -> bytes:
        """The bytes as served."""
        ...

    @property
    def sha256(self) -> str:
        """Their SHA-256, taken at capture."""
        ...

    @property
    def media_type(self) -> str:
        """The media type served (or recognised)."""
        ...

    @property
    def suffix(self) -> str:
        """The file suffix its reader needs (.html, .pdf, .txt, .md)."""
        ...

    @property
    def captured_at(self) -> datetime:
        """When the last byte arrived (UTC)."""
        ...


class Capture(Protocol):
    """Fetch ``address`` once; raises :class:`KhronikaError` with one line when it cannot."""

    def __call__(self, address: str) -> Captured:
        """The page at ``address``, fetched now."""
        ...


@dataclass(frozen=True)
class Intake:
    """What the desk needs to take material in: the pipeline's ingest and a capture."""

    ingest: Ingest
    capture: Capture | None = None
