"""``khronika publish``: the verified record as a Datasette-ready SQLite file, its
``metadata.json`` and, if asked, a csv; all or nothing.

Only happenings whose reviewed status is "verified" are published (with ``include_unverified``
also the unreviewed ones; a rejected one never), each with the reviews' edits in force applied
(:mod:`khronika.read`). People on a redaction list are left out (:mod:`.redact`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from khronika.export import get_exporter
from khronika.model import Cluster, Document, Entity, Review
from khronika.publish.files import PublishError, Staging, failing
from khronika.publish.metadata import METADATA_NAME, write_metadata
from khronika.publish.record import Happening, Redacting, select
from khronika.publish.redact import Redactions, Redactor
from khronika.publish.sqlite import write_sqlite
from khronika.read import group_reviews
from khronika.store import ClusterStore, DocumentStore, RegistryStore, ReviewStore


class PublishSource(ClusterStore, ReviewStore, RegistryStore, DocumentStore, Protocol):
    """What a publish reads: happenings, their reviews, the registry, the documents."""


@dataclass(frozen=True)
class PublishReport:
    """What a publish wrote and what it withheld."""

    out_db: Path
    metadata: Path
    csv: Path | None
    events: int
    left_out: Mapping[str, int]  # review status -> happenings not published
    people_withheld: int  # registry people matched by the list, plus listed names matched by none
    actors_withheld: int  # actor entries left out
    names_replaced: int  # occurrences of a withheld name replaced by "[withheld]"
    unmatched: tuple[str, ...] = ()  # listed names no registry entity spells (withheld as written)


def publish(
    clusters: Iterable[Cluster],
    reviews: Mapping[str, Sequence[Review]],
    entities: Sequence[Entity],
    out_db: Path,
    *,
    redactions: Redactions | None = None,
    csv_path: Path | None = None,
    include_unverified: bool = False,
    documents: Callable[[str], Document | None] | None = None,
    title: str = "khronika: the verified record",
) -> PublishReport:
    """Write the verified record to ``out_db`` (SQLite), ``metadata.json`` beside it, and
    ``csv_path`` if given; all or nothing.

    ``reviews`` maps a happening's id to its reviews (:func:`~khronika.read.group_reviews`).
    ``documents`` looks a cited document up by name (``store.document``) for the ``sources``
    table's title, outlet, address and date; without it the table lists the names only.
    """
    out_db = Path(out_db)
    metadata_path = out_db.with_name(METADATA_NAME)
    _check_paths(out_db, metadata_path, csv_path)
    redacting = Redacting(Redactor(redactions, entities))
    chosen = select(clusters, reviews, redacting, include_unverified=include_unverified)
    with Staging() as staging:
        db_tmp = staging.temp_for(out_db)
        with failing(out_db):
            write_sqlite(db_tmp, chosen.happenings, redacting, documents)
        if csv_path is not None:
            csv_tmp = staging.temp_for(csv_path)
            with failing(csv_path):
                _write_csv(csv_tmp, chosen.happenings)
            staging.stage(csv_tmp, csv_path)
        meta_tmp = staging.temp_for(metadata_path)
        with failing(metadata_path):
            write_metadata(meta_tmp, out_db, title)
        staging.stage(meta_tmp, metadata_path)
        staging.stage(db_tmp, out_db)  # last: a failure before it leaves OUT.db as it was
        staging.commit()
    return PublishReport(
        out_db=out_db,
        metadata=metadata_path,
        csv=csv_path,
        events=len(chosen.happenings),
        left_out=chosen.left_out,
        people_withheld=redacting.redactor.people,
        actors_withheld=redacting.actors_withheld,
        names_replaced=redacting.redactor.replaced,
        unmatched=redacting.redactor.unmatched,
    )


def publish_store(
    store: PublishSource,
    out_db: Path,
    *,
    redactions: Redactions | None = None,
    csv_path: Path | None = None,
    include_unverified: bool = False,
) -> PublishReport:
    """:func:`publish` of what ``store`` holds: its happenings, reviews, registry, documents."""
    return publish(
        store.clusters(),
        group_reviews(store.reviews()),
        store.entities(),
        out_db,
        redactions=redactions,
        csv_path=csv_path,
        include_unverified=include_unverified,
        documents=store.document,
    )


def _write_csv(path: Path, happenings: Sequence[Happening]) -> None:
    """The published happenings as csv, with the ACLED-like columns of the csv export."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        get_exporter("csv")((h.cluster for h in happenings), handle)


def _check_paths(out_db: Path, metadata: Path, csv_path: Path | None) -> None:
    if out_db.is_dir():
        raise PublishError(f"{out_db}: is a directory")
    if not out_db.parent.is_dir():
        raise PublishError(f"{out_db}: no such directory {out_db.parent}")
    if out_db.name == METADATA_NAME:
        raise PublishError(f"{out_db}: that name is taken by the Datasette metadata")
    if csv_path is not None and csv_path.resolve() in (out_db.resolve(), metadata.resolve()):
        raise PublishError(f"{csv_path}: the csv would overwrite the published database")
