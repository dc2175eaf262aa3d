"""The order of the stages, and the only module that knows them all.

    files ──▶ ingest.read_document ──▶ extract.extractor_for(language) ──▶ store.save_extraction
          ──▶ consolidate.consolidate(every stored report) ──▶ store.save_consolidation

Each document is its own unit of work: a bad file is reported and skipped, a good one is stored
with its events in one transaction, so a crash never leaves half a document. A document is its
bytes: the same bytes under a second name are an alias; two texts with one base name are stored
under their relative paths (:class:`Names`). A consolidation that did not
complete is redone by the next run that writes reports.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from khronika.consolidate import Consolidation, consolidate
from khronika.consolidate.incremental import consolidate_new, report_keys
from khronika.errors import (
    IngestError,
    KhronikaError,
    MetadataError,
    NoExtractorError,
)
from khronika.extract import EXTRACTORS, extractor_for
from khronika.extract.windows import needs_windows, windows
from khronika.ingest import DocMeta, InputFile, iter_inputs, load_metadata, read_input
from khronika.model import Document, Event
from khronika.settings import Settings
from khronika.store import Store
from khronika.timeline import mark
from khronika.workers import Feeder, Outcome, outcome

log = logging.getLogger(__name__)


@dataclass
class RunReport:
    """What a run did: documents read, skipped as already stored, failed, and events stored.

    Every input file lands in exactly one of ``ingested``, ``unchanged``, ``aliases``,
    ``rejected`` (could not be read or stored) and ``skipped`` (not a regular file).
    """

    ingested: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    events: int = 0
    clusters: int | None = None
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """True when the document could not be stored or extracted."""
        return bool(self.errors)


Progress = Callable[[str], None]


def _read_all(
    inputs: Iterable[InputFile],
    meta: dict[str, DocMeta],
    settings: Settings,
    report: RunReport,
    seen: set[str],
) -> Iterator[tuple[InputFile, Document]]:
    for entry in inputs:
        seen.update({entry.relative, entry.path.name})  # what metadata lines may name
        if entry.skipped is not None:
            report.skipped.append(entry.shown)
            report.notes.append(f"{entry.shown}: {entry.skipped}")
            continue
        line = meta.get(entry.relative) or meta.get(entry.path.name)
        try:
            document, notes = read_input(entry.path, meta=line, settings=settings)
        except IngestError as exc:
            report.rejected.append(exc.source)
            report.errors.append(str(exc))
            continue
        report.notes.extend(f"{entry.shown}: {note}" for note in notes)
        yield entry, document


def _by_language(documents: list[Document]) -> dict[str | None, list[Document]]:
    groups: dict[str | None, list[Document]] = {}
    for document in documents:
        groups.setdefault(document.language, []).append(document)
    return groups


def extract_and_store(
    documents: list[Document],
    store: Store,
    settings: Settings,
    report: RunReport,
    progress: Progress | None = None,
    say: Progress | None = None,
    feeder: Feeder | None = None,
) -> None:
    """Extract each language's documents with its extractor; store each document atomically.

    A document and its events are written in one transaction. A document whose extraction
    fails is stored with the outcome 'error' (its original bytes kept) and retried next run.
    ``say`` gets one line per long document, before it is read window by window. With more
    than one worker (:func:`khronika.workers.worker_count`) extraction runs in worker
    processes; this process alone writes the store, in the same order as without them.
    ``feeder`` is the one the documents were handed to as they were read (:func:`ingest`);
    without it they are handed over here.
    """
    if feeder is None:
        with Feeder(settings) as own:
            for document in documents:
                own.add(document)
            extract_and_store(documents, store, settings, report, progress, say, own)
        return
    if say is not None:
        for document in documents:
            if needs_windows(document.text):
                count = len(windows(document.text))
                say(
                    f"{document.name}: long document ({len(document.text):,} characters), "
                    f"read in {count} windows"
                )
    feeder.finish()
    for language, group in _by_language(documents).items():
        try:
            outcomes = feeder.outcomes(language) or _outcomes(language, group, settings)
        except NoExtractorError as exc:
            for document in group:
                save_document(
                    store, document, [], "none", report, outcome="no_extractor", message=str(exc)
                )
                report.notes.append(f"{document.name}: {exc}")
            continue
        for document, (extractor, result) in outcomes:
            if isinstance(result, str):
                report.errors.append(result)
                count_as_failed(report, document.name)
                save_document(
                    store, document, [], extractor, report, outcome="error", message=result
                )
            else:
                save_document(store, document, result, extractor, report)
            if progress:
                progress(document.name)


def _outcomes(
    language: str | None, group: list[Document], settings: Settings
) -> Iterator[tuple[Document, Outcome]]:
    """One group's documents read in this process; ``NoExtractorError`` for an unread language."""
    extractor = extractor_for(language, settings)
    return (
        (document, outcome(extractor.name, result)) for document, result in extractor.extract(group)
    )


def save_document(
    store: Store,
    document: Document,
    events: list[Event],
    extractor: str,
    report: RunReport,
    *,
    outcome: str = "ok",
    message: str | None = None,
) -> None:
    """Store ``document`` with its reports in one transaction; a store error becomes the run's
    one line for the document, which then counts as rejected.
    """
    try:
        store.save_extraction(
            document, events, extractor=extractor, outcome=outcome, message=message
        )
        report.events += len(events)
    except KhronikaError as exc:
        # One line, the document's name once, and not the store's path before it.
        line = str(exc)
        start = line.find(f"{document.name}: ")
        report.errors.append(line[start:] if start >= 0 else f"{document.name}: {line}")
        count_as_failed(report, document.name)


def count_as_failed(report: RunReport, name: str) -> None:
    """Move ``name`` from the run's ingested documents to its rejected ones."""
    if name in report.ingested:
        report.ingested.remove(name)
        report.rejected.append(name)


def ingest(
    paths: Iterable[Path],
    store: Store,
    settings: Settings,
    *,
    meta_file: Path | None = None,
    progress: Progress | None = None,
    say: Progress | None = None,
    follow_links: bool = False,
    by: str | None = None,
    starting: Callable[[int], None] | None = None,
) -> RunReport:
    """1. read files  2. skip the ones stored and extracted already, record aliases
    3. extract and store the rest  4. consolidate, or redo a consolidation left unfinished.

    ``by`` names who ingested (the CLI's ``--by`` or the OS user, the desk's account), kept as
    each new document's ``ingested_by``. ``starting`` is told how many documents step 3
    extracts, before the first; ``progress`` then gets each one's name as it is stored.
    """
    mark("ingest starts")
    report = RunReport()
    meta = metadata_of(meta_file, report)
    outcomes = {s.name: s.outcome for s in store.statuses()}
    names = Names(store)
    fresh: list[Document] = []
    seen: set[str] = set()
    inputs = iter_inputs(paths, follow_links=follow_links)
    # Handed to the workers as they are read: the pool starts while the rest are read.
    with Feeder(settings) as feeder:
        for entry, read in _read_all(inputs, meta, settings, report, seen):
            document = dataclasses.replace(read, ingested_by=by) if by else read
            placed = place_document(entry, document, names, report, outcomes)
            if placed is not None:
                fresh.append(placed)
                feeder.add(placed)
        report_unknown_metadata(meta_file, meta, seen, report)
        mark(f"read {len(fresh)} documents")
        if starting is not None:
            starting(len(fresh))
        extract_and_store(fresh, store, settings, report, progress, say, feeder)
        mark("stored")
        names.record_aliases(report)
        never_clustered = unconsolidated(store)
        if fresh or store.consolidation_stale() or never_clustered:
            consolidate_into(store, settings, report, incremental=not never_clustered)
        mark("consolidated")
    return report


class Names:
    """Which name each text of a run is stored under: its bytes decide, then its base name.

    A new text takes its base name unless a different text holds it (stored, or read earlier in
    the run); then it takes its path relative to the folder given. Texts already stored keep
    the name they have.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.by_hash: dict[str, str] = {}
        self.taken: set[str] = set()
        self.aliases: list[tuple[str, str]] = []

    def owner(self, sha256: str) -> str | None:
        """The name these bytes have (in this run or in the store), if any."""
        return self.by_hash.get(sha256) or self.store.name_of(sha256)

    def claim(self, document: Document, entry: InputFile) -> str | None:
        """A free name for a new text, or None if both of its names hold other texts."""
        for name in (document.name, entry.relative):
            if name not in self.taken and self.store.document(name) is None:
                self.keep(name, document.sha256)
                return name
        return None

    def keep(self, name: str, sha256: str) -> None:
        """Note that ``name`` holds these bytes in this run."""
        self.by_hash[sha256] = name
        self.taken.add(name)

    def record_aliases(self, report: RunReport) -> None:
        """Record the aliases of this run, now that the texts they name are stored."""
        for owner, alias in self.aliases:
            try:
                self.store.add_alias(owner, alias)
            except KhronikaError as exc:
                report.notes.append(f"{alias}: alias of {owner} not recorded: {exc}")


def place_document(
    entry: InputFile, document: Document, names: Names, report: RunReport, outcomes: dict[str, str]
) -> Document | None:
    """The document to extract (under the name it is stored as), or None when nothing is to do."""
    owner = names.owner(document.sha256)
    if owner is None:
        name = names.claim(document, entry)
        if name is None:
            report.rejected.append(entry.shown)
            report.errors.append(
                f"{entry.shown}: a different document named {document.name} is stored"
            )
            return None
        report.ingested.append(name)
        return dataclasses.replace(document, name=name)
    if owner not in (document.name, entry.relative):
        # The same bytes under a second name: one line, and the first name's record is kept.
        names.aliases.append((owner, entry.relative))
        report.aliases.append(entry.shown)
        report.notes.append(f"{entry.shown}: same text as {owner}, recorded as an alias")
        return None
    document = dataclasses.replace(document, name=owner)
    if owner in names.taken or _finished(outcomes.get(owner), document):
        if owner not in names.taken and _update_metadata(names.store, document, report):
            names.keep(owner, document.sha256)
            report.ingested.append(owner)
            return document  # read again: its dates are anchored on the new publication date
        report.unchanged.append(owner)
        return None
    names.keep(owner, document.sha256)
    report.ingested.append(owner)
    return document


def _finished(outcome: str | None, document: Document) -> bool:
    """Extracted already, or stored for want of an extractor that still does not exist (a
    Russian text stored before the Russian extractor came is read on the next run).
    """
    return outcome == "ok" or (outcome == "no_extractor" and document.language not in EXTRACTORS)


def metadata_of(meta_file: Path | None, report: RunReport) -> dict[str, DocMeta]:
    """The ``--meta`` lines by document name; each unreadable line an error of the run."""
    if meta_file is None:
        return {}
    try:
        meta, problems = load_metadata(meta_file)
    except MetadataError as exc:
        meta, problems = {}, [exc]
    report.errors.extend(str(p) for p in problems)
    return meta


def report_unknown_metadata(
    meta_file: Path | None, meta: dict[str, DocMeta], seen: set[str], report: RunReport
) -> None:
    """A note for each ``--meta`` line naming a document the batch did not have."""
    for doc in meta:
        if doc not in seen:
            report.notes.append(f"{meta_file}: a line names {doc!r}, which is not in this batch")


def _update_metadata(store: Store, document: Document, report: RunReport) -> bool:
    changes = store.update_metadata(document)
    for name, before, after in changes:
        report.notes.append(f"{document.name}: metadata {name} changed from {before} to {after}")
    return bool(changes)


def reextract(
    store: Store,
    settings: Settings,
    *,
    progress: Progress | None = None,
    say: Progress | None = None,
) -> RunReport:
    """Run extraction again over every stored document (after a lexicon or rule change)."""
    report = RunReport()
    extract_and_store(list(store.documents()), store, settings, report, progress, say)
    consolidate_into(store, settings, report)
    return report


def consolidate_store(store: Store, settings: Settings) -> Consolidation:
    """Cluster every stored report again, obeying reviewers' rulings, keeping cluster ids.

    Reads the whole record and replaces the clusters and the registry in one transaction, so a
    failure leaves the previous consolidation in place. Cost grows linearly with the reports.
    """
    # Read before the reports: a report saved meanwhile leaves the consolidation stale, redone.
    generation = store.report_generation()
    reports = store.events()
    previous = store.assignment()
    # Each cluster is written as it is made (in batches, one transaction): never all held.
    with store.consolidation_writer() as writer:
        result = consolidate(
            reports,
            decisions=store.decisions(),
            previous=previous,
            settings=settings.consolidation,
            founders=store.founders(),
            spelt_sink=writer.add,
        )
        writer.finish(
            result.entities,
            result.mentions,
            result.candidates,
            before=previous,
            generation=generation,
            keys=report_keys(reports),  # what the next incremental run finds stored people by
        )
    return result


def consolidate_into(
    store: Store, settings: Settings, report: RunReport, *, incremental: bool = False
) -> None:
    """Consolidate the store after a run (only the new reports' neighbourhood when
    ``incremental`` and the settings allow it); a failure is one line of the run.
    """
    try:
        # Only the happenings new reports could join, when the store allows; else all of them.
        wanted = incremental and settings.consolidation.incremental
        if wanted and consolidate_new(store, settings.consolidation) is not None:
            report.clusters = store.count_clusters()
            return
        report.clusters = consolidate_store(store, settings).cluster_count
    except KhronikaError as exc:
        report.errors.append(f"consolidation: {exc}")


def unconsolidated(store: Store) -> bool:
    """Reports stored but never clustered (a store upgraded from before consolidation)."""
    counts = store.counts()
    return counts["events"] > 0 and counts["clusters"] == 0


@dataclass
class CheckReport:
    """What ``khronika check`` found: problems repaired, and problems left."""

    repaired: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def check_store(store: Store, settings: Settings, *, repair: bool = True) -> CheckReport:
    """Verify the store and repair what can be: integrity, happenings, quotes.

    A document whose quotes are not its text is extracted again; reports left out of every
    happening (an interrupted consolidation) are consolidated again. What the engine's own
    integrity check finds cannot be repaired here.
    """
    result = CheckReport()
    result.problems.extend(f"integrity: {line}" for line in store.integrity_problems())
    misquoted = store.misquoted_documents()
    if misquoted and repair:
        documents = [d for d in (store.document(name) for name in misquoted) if d is not None]
        run = RunReport()
        extract_and_store(documents, store, settings, run)
        result.problems.extend(run.errors)
    still = store.misquoted_documents() if misquoted and repair else misquoted
    for name, bad in misquoted.items():
        line = f"{name}: {bad} quote(s) not equal to the text at their offsets"
        if name in still:
            result.problems.append(line)
        else:
            result.repaired.append(f"{line}, extracted again")
    _check_happenings(store, settings, result, repair=repair)
    return result


def _check_happenings(
    store: Store, settings: Settings, result: CheckReport, *, repair: bool
) -> None:
    outside = len(store.unclustered_reports())
    stale = store.consolidation_stale()
    if not outside and not stale:
        return
    line = (
        f"consolidation: {outside} report(s) in no happening"
        if outside
        else "consolidation: the last one did not complete"
    )
    if not repair:
        result.problems.append(line)
        return
    try:
        consolidate_store(store, settings)
    except KhronikaError as exc:
        result.problems.append(f"{line}; consolidating again failed: {exc}")
        return
    left = len(store.unclustered_reports())
    if left:
        result.problems.append(
            f"consolidation: {left} report(s) in no happening after consolidating"
        )
    else:
        result.repaired.append(f"{line}, consolidated again")
