"""``khronika batch``: ingest an archive on a Dask cluster (a local one by default).

Registered by :mod:`khronika.cli`; Dask, the pipeline and the NLP are imported only when the
command runs, so ``khronika --help`` stays instant.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from rich.progress import Progress, SpinnerColumn, TextColumn

from khronika.cli_output import err, fail
from khronika.errors import KhronikaError
from khronika.settings import Settings


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--list",
    "lists",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A file of paths to read, one a line (files or folders).",
)
@click.option(
    "--texts",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Parquet or JSONL of texts: name, text and the fields of a --meta line.",
)
@click.option("--meta", "meta_file", type=click.Path(path_type=Path), help="Metadata JSON Lines.")
@click.option(
    "--follow-links",
    is_flag=True,
    help="Read symbolic links inside the folders given (never to files outside them).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="An existing Dask scheduler (tcp://host:8786); default: a local cluster.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes of the local cluster, one thread each (default: the machine's cores).",
)
@click.option(
    "--shards",
    type=click.Path(file_okay=False, path_type=Path),
    help="Keep the Parquet shards (documents and reports) in this empty folder.",
)
@click.option(
    "--load-shards",
    type=click.Path(file_okay=False, path_type=Path),
    help="Instead: store and consolidate the shards a batch kept with --shards (no cluster).",
)
@click.option("--by", help="Who is ingesting, kept with each new document (default: the OS user).")
@click.option("--db", envvar="KHRONIKA_DB", help="SQLite store (default ./khronika.db).")
def batch(
    paths: tuple[Path, ...],
    lists: tuple[Path, ...],
    texts: tuple[Path, ...],
    meta_file: Path | None,
    follow_links: bool,
    scheduler: str | None,
    workers: int | None,
    shards: Path | None,
    load_shards: Path | None,
    by: str | None,
    db: str | None,
) -> None:
    """Read files, folders, lists and texts on a Dask cluster; store and consolidate as ingest.

    Reading, language and extraction run on the cluster's workers (one model load each); their
    results are written as Parquet shards, then stored one document per transaction and
    consolidated. The store afterwards is the one `khronika ingest` of the same files leaves.
    """
    inputs = bool(paths or lists or texts)
    if load_shards is not None:
        if inputs or scheduler or workers or shards:
            raise click.UsageError("--load-shards reads kept shards: give no inputs nor cluster")
        _load(load_shards, by, db)
        return
    if not inputs:
        raise click.UsageError("batch needs PATH..., --list FILE or --texts FILE")
    if scheduler and workers:
        raise click.UsageError("--workers sizes the local cluster; --scheduler uses its own")
    from khronika.batch import run_batch
    from khronika.cli import _open_store, _os_user, _report

    settings = Settings.from_env()
    with _open_store(db) as store, _counter() as progress:
        try:
            done = run_batch(
                paths,
                store,
                settings,
                lists=lists,
                texts=texts,
                meta_file=meta_file,
                follow_links=follow_links,
                by=(by or "").strip() or _os_user(),
                scheduler=scheduler,
                workers=workers or os.cpu_count() or 1,
                shards=shards,
                progress=progress,
            )
        except (KhronikaError, FileExistsError) as exc:
            fail(str(exc))
            sys.exit(1)
    cluster = done.cluster
    err.print(
        f"cluster: {cluster.documents} input(s) read by {cluster.threads} worker thread(s) in "
        f"{cluster.seconds:,.1f} s"
        + (f" ({cluster.unchanged} extracted before, not again)" if cluster.unchanged else "")
        + f", {cluster.shards} shard(s)"
        + (f" in {shards}" if shards else ""),
        markup=False,
    )
    _report(done.run)
    sys.exit(1 if done.run.failed else 0)


def _load(folder: Path, by: str | None, db: str | None) -> None:
    from khronika.batch import load_shards
    from khronika.cli import _open_store, _os_user, _report

    with _open_store(db) as store:
        try:
            report = load_shards(
                folder, store, Settings.from_env(), by=(by or "").strip() or _os_user()
            )
        except KhronikaError as exc:
            fail(str(exc))
            sys.exit(1)
    _report(report)
    sys.exit(1 if report.failed else 0)


@contextmanager
def _counter() -> Iterator[Callable[[int], None]]:
    """A line on stderr counting the inputs back from the cluster (their total is not known
    ahead: the inputs are streamed).
    """
    if not err.is_terminal:  # a log file gets the summary, not a spinner's frames
        yield lambda count: None
        return
    bar = Progress(
        SpinnerColumn(),
        TextColumn("read on the cluster: {task.completed:,.0f} input(s)"),
        console=err,
        transient=True,
    )
    with bar:
        task = bar.add_task("", total=None)
        yield lambda count: bar.update(task, advance=count)
