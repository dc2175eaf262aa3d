"""The ``khronika`` command: thin wrappers over library functions.

Data goes to stdout; progress, notes and errors to stderr. Exit 1 when anything failed, 2 for a
usage error (click's own). ``KHRONIKA_DB`` sets the default store.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from khronika import pipeline
from khronika.errors import KhronikaError
from khronika.export import EXPORTERS, get_exporter
from khronika.model import EVENT_TYPES, Cluster, Event
from khronika.read.wording import date_text, place_text
from khronika.settings import Settings
from khronika.store import EventFilter, Store

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

# Batches shorter than this finish before a progress bar would be worth drawing.
_PROGRESS_MIN_DOCS = 20


def _fail(message: str) -> None:
    err.print(f"[red]error:[/red] {message}", markup=True, highlight=False)


@contextmanager
def _open_store(db: str | None) -> Iterator[Store]:
    settings = Settings.from_env(db=Path(db) if db else None)
    try:
        store = Store.open(settings.database_url)
    except KhronikaError as exc:
        _fail(str(exc))
        sys.exit(1)
    try:
        yield store
    finally:
        store.close()


db_option = click.option("--db", envvar="KHRONIKA_DB", help="SQLite store (default ./khronika.db).")


@click.group()
@click.version_option(package_name="khronika")
def main() -> None:
    """Turn reports of protest and repression into evidence-linked events."""


def _report(report: pipeline.RunReport) -> None:
    for line in report.errors:
        err.print(f"error: {line}", markup=False)
    for line in report.notes:
        err.print(f"note: {line}", markup=False)
    clustered = "" if report.clusters is None else f", {report.clusters} happening(s)"
    # Every file lands in one count: ingested + unchanged + aliases + failed + skipped.
    others = [
        f"{len(found)} {label}"
        for found, label in (
            (report.aliases, "alias(es)"),
            (report.rejected, "failed"),
            (report.skipped, "skipped"),
        )
        if found
    ]
    extra = "".join(f", {part}" for part in others)
    err.print(
        f"{len(report.ingested)} document(s) ingested, {len(report.unchanged)} unchanged{extra}, "
        f"{report.events} event(s) stored{clustered}, {len(report.errors)} error(s)",
        markup=False,
    )


def _say(line: str) -> None:
    err.print(line, markup=False)


@contextmanager
def _progress(total: int | None) -> Iterator[pipeline.Progress | None]:
    if total is None or total < _PROGRESS_MIN_DOCS:
        yield None
        return
    bar = Progress(
        TextColumn("extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=err,
    )
    with bar:
        task = bar.add_task("", total=total)
        yield lambda name: bar.update(task, advance=1, description=name)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--meta", "meta_file", type=click.Path(path_type=Path), help="Metadata JSON Lines.")
@click.option(
    "--follow-links",
    is_flag=True,
    help="Read symbolic links inside the folders given (never to files outside them).",
)
@db_option
def ingest(
    paths: tuple[Path, ...], meta_file: Path | None, follow_links: bool, db: str | None
) -> None:
    """Read files and folders, store each document once and extract its events."""
    from khronika.ingest import iter_inputs

    settings = Settings.from_env()
    total = sum(1 for _ in iter_inputs(paths, follow_links=follow_links))
    with _open_store(db) as store, _progress(total) as progress:
        report = pipeline.ingest(
            paths,
            store,
            settings,
            meta_file=meta_file,
            progress=progress,
            say=_say,
            follow_links=follow_links,
        )
    _report(report)
    sys.exit(1 if report.failed else 0)


@main.command()
@db_option
def extract(db: str | None) -> None:
    """Run extraction again over every stored document."""
    settings = Settings.from_env()
    with _open_store(db) as store:
        total = store.counts()["documents"]
        with _progress(total) as progress:
            report = pipeline.reextract(store, settings, progress=progress, say=_say)
    _report(report)
    sys.exit(1 if report.failed else 0)


@main.command()
@click.option("--no-repair", is_flag=True, help="Only report; change nothing.")
@db_option
def check(no_repair: bool, db: str | None) -> None:
    """Verify the store (integrity, happenings, quotes) and repair what can be repaired."""
    settings = Settings.from_env()
    with _open_store(db) as store:
        result = pipeline.check_store(store, settings, repair=not no_repair)
    for line in result.repaired:
        err.print(f"repaired: {line}", markup=False)
    for line in result.problems:
        err.print(f"error: {line}", markup=False)
    err.print(
        f"{len(result.repaired)} problem(s) repaired, {len(result.problems)} left", markup=False
    )
    sys.exit(1 if result.problems else 0)


def _filter(
    type_: str | None,
    since: str | None,
    until: str | None,
    place: str | None,
    actor: str | None,
    limit: int | None,
) -> EventFilter:
    try:
        return EventFilter(
            type=type_,
            date_from=date.fromisoformat(since) if since else None,
            date_to=date.fromisoformat(until) if until else None,
            place=place,
            actor=actor,
            limit=limit,
        )
    except ValueError as exc:
        raise click.UsageError(f"dates are YYYY-MM-DD ({exc})") from exc


filter_options = [
    click.option("--type", "type_", type=click.Choice(sorted(EVENT_TYPES)), help="Event type."),
    click.option("--since", help="Events on or after YYYY-MM-DD."),
    click.option("--until", help="Events on or before YYYY-MM-DD."),
    click.option("--place", help="Place name or country code."),
    click.option("--actor", help="Part of an actor's name."),
    click.option("--limit", type=int, help="At most this many events."),
]


_FILTER_NAMES = ("type_", "since", "until", "place", "actor", "limit")


def with_filters(func: Callable[..., None]) -> Callable[..., None]:
    """Add the event filter options; the command receives them as one ``filt: EventFilter``."""

    @functools.wraps(func)
    def command(*args: object, **kwargs: Any) -> None:
        filters = {name: kwargs.pop(name) for name in _FILTER_NAMES}
        func(*args, filt=_filter(**filters), **kwargs)

    for option in reversed(filter_options):
        command = option(command)
    return command


reports_option = click.option(
    "--reports", is_flag=True, help="Per-document reports instead of consolidated happenings."
)


def _records(store: Store, filt: EventFilter, reports: bool) -> list[Event] | list[Cluster]:
    return store.events(filt) if reports else store.clusters(filt)


@main.command()
@reports_option
@with_filters
@db_option
def events(reports: bool, filt: EventFilter, db: str | None) -> None:
    """List happenings (clusters of reports) as a table; --reports lists each document's events."""
    with _open_store(db) as store:
        found = _records(store, filt, reports)
    table = Table("id", "type", "status", "date", "place", "actors", "sources", box=None)
    for record in found:
        event = record.event if isinstance(record, Cluster) else record
        actors = "; ".join(f"{a.name} ({a.role})" for a in event.actors[:4])
        kind = event.type + (f"/{event.subtype}" if event.subtype else "")
        sources = ", ".join(event.sources)
        if isinstance(record, Cluster):
            sources = f"{len(event.sources)}: {sources}"
            if record.disputed:
                sources += f" [disputed: {', '.join(record.disputed)}]"
        table.add_row(
            event.id[:12],
            kind,
            event.status,
            date_text(event, compact=True),
            place_text(event, compact=True),
            actors,
            sources,
        )
    out.print(table)
    noun = "report(s)" if reports else "happening(s)"
    err.print(f"{len(found)} {noun}", markup=False)


@main.command()
@click.argument("event_id")
@db_option
def show(event_id: str, db: str | None) -> None:
    """Print every field of one happening (or report), its claims and quoted evidence."""
    with _open_store(db) as store:
        try:
            record: Cluster | Event | None = store.cluster(event_id) or store.event(event_id)
            maybe = store.candidate_pairs(record.id) if isinstance(record, Cluster) else []
        except KhronikaError as exc:
            _fail(str(exc))
            sys.exit(1)
    if record is None:
        _fail(f"{event_id}: no such event")
        sys.exit(1)
    data = record.to_dict()
    evidence = data.pop("evidence")
    out.print_json(json.dumps(data, ensure_ascii=False))
    for piece in evidence:
        out.print(f"\n[{piece['doc']} {piece['start']}:{piece['end']}]", markup=False)
        out.print(f"  “{piece['text']}”", markup=False)
    for pair in maybe:
        other = pair.cluster_b if pair.cluster_a == record.id else pair.cluster_a
        points = ", ".join(f"{name} {value:+g}" for name, value in pair.points)
        out.print(
            f"\npossible duplicate: {other} (score {pair.score:g}, {pair.reason}; {points})",
            markup=False,
        )


@main.command()
@click.option(
    "--format", "fmt", type=click.Choice(sorted(EXPORTERS)), default="jsonl", show_default=True
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="File to write (default stdout)."
)
@reports_option
@with_filters
@db_option
def export(fmt: str, output: Path | None, reports: bool, filt: EventFilter, db: str | None) -> None:
    """Write happenings (or --reports) as jsonl (the contract), csv (ACLED-like) or geojson."""
    with _open_store(db) as store:
        found = _records(store, filt, reports)
    exporter = get_exporter(fmt)
    if output is None:
        written = exporter(found, sys.stdout)
    else:
        tmp = output.with_name(output.name + ".part")
        with tmp.open("w", encoding="utf-8", newline="") as handle:
            written = exporter(found, handle)
        tmp.replace(output)  # never leave a half-written export under the real name
    err.print(f"{written} event(s) exported", markup=False)


@main.command(name="consolidate")
@db_option
def consolidate_command(db: str | None) -> None:
    """Cluster the stored reports again (ingest and extract do this themselves)."""
    settings = Settings.from_env()
    with _open_store(db) as store:
        try:
            result = pipeline.consolidate_store(store, settings)
        except KhronikaError as exc:
            _fail(str(exc))
            sys.exit(1)
    err.print(
        f"{len(result.assignment)} report(s) in {len(result.clusters)} happening(s), "
        f"{len(result.entities)} people and organisations",
        markup=False,
    )


@main.command()
@click.option("--kind", type=click.Choice(["person", "organisation"]), help="Only this kind.")
@db_option
def people(kind: str | None, db: str | None) -> None:
    """List the registry: one line per person or organisation, with the spellings seen."""
    from khronika.read import registry_rows

    with _open_store(db) as store:
        rows = registry_rows(store, kind)
    table = Table("id", "kind", "name", "spellings", "happenings", box=None)
    for row in rows:
        table.add_row(
            row.entity.id,
            row.entity.kind,
            row.entity.name,
            "; ".join(s for s in row.entity.spellings if s != row.entity.name),
            str(row.happenings),
        )
    out.print(table)
    err.print(f"{len(rows)} people and organisations", markup=False)


@main.command()
@click.argument("name")
@db_option
def person(name: str, db: str | None) -> None:
    """Print the timeline of a person: every happening they appear in, in date order."""
    from khronika.read import timelines

    with _open_store(db) as store:
        found = timelines(store, name)
    if not found:
        _fail(f"{name}: nobody of that name in the registry")
        sys.exit(1)
    for story in found:
        entity = story.entity
        out.print(f"{entity.name} ({entity.kind}, {entity.id})", markup=False)
        others = [s for s in entity.spellings if s != entity.name]
        if others:
            out.print(f"  also written: {'; '.join(others)}", markup=False)
        # Plain lines, not a table: a table cuts long document names to the terminal's width.
        for step in story.steps:
            event = step.cluster.event
            what = event.type + (f"/{event.subtype}" if event.subtype else "")
            case = f"  [{step.cluster.case}]" if step.cluster.case else ""
            when, where = date_text(event, compact=True), place_text(event, compact=True)
            out.print(
                f"  {when:<12} {what:<24} {', '.join(step.roles):<12} "
                f"{where:<16} {step.cluster.id}  sources: {', '.join(event.sources)}"
                f"{case}",
                markup=False,
            )


@main.command()
@click.argument("out_db", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--redact",
    type=click.Path(path_type=Path),
    help="People at risk, one name per line: left out, their names withheld in quotes.",
)
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--include-unverified", is_flag=True, help="Unreviewed happenings too (never rejected)."
)
@db_option
def publish(
    out_db: Path,
    redact: Path | None,
    csv_path: Path | None,
    include_unverified: bool,
    db: str | None,
) -> None:
    """Write the verified record as a Datasette-ready SQLite file (metadata.json beside it)."""
    from khronika.publish import load_redactions, publish_store

    try:
        # The list is read before the store is opened: a bad list must stop the publish first.
        redactions = load_redactions(redact) if redact else None
        with _open_store(db) as store:
            report = publish_store(
                store,
                out_db,
                redactions=redactions,
                csv_path=csv_path,
                include_unverified=include_unverified,
            )
    except KhronikaError as exc:
        _fail(str(exc))
        sys.exit(1)
    err.print(
        f"{report.events} happening(s) published to {report.out_db}; "
        f"{report.people_withheld} people withheld ({report.actors_withheld} actor entries, "
        f"{report.names_replaced} names replaced); datasette {out_db} -m {report.metadata}",
        markup=False,
    )
    for name in report.unmatched:
        err.print(
            f"warning: {name!r} is in no registry entry; withheld only as written", markup=False
        )


@main.command(name="eval")
@click.argument(
    "gold", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--corpus", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option(
    "--meta",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Metadata JSON Lines.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option(
    "--errors",
    "show_errors",
    is_flag=True,
    help="List every missed, false, wrong-date and wrong-place event with its cause's category.",
)
@click.option(
    "--negatives",
    is_flag=True,
    help="The corpus has no events (no GOLD): count and list every event extracted from it.",
)
def evaluate(
    gold: Path | None,
    corpus: Path,
    meta: Path | None,
    as_json: bool,
    show_errors: bool,
    negatives: bool,
) -> None:
    """Score extraction on a corpus against its gold file (or count events on negatives)."""
    if negatives == (gold is not None):
        raise click.UsageError("give either GOLD or --negatives (a corpus without events)")
    if negatives and show_errors:
        raise click.UsageError("--errors needs GOLD; on negatives every event is an error")
    try:
        if gold is None:
            _eval_negatives(corpus, meta, as_json)
        else:
            _eval_gold(gold, corpus, meta, as_json, show_errors)
    except KhronikaError as exc:
        _fail(str(exc))
        sys.exit(1)


def _eval_gold(gold: Path, corpus: Path, meta: Path | None, as_json: bool, errors: bool) -> None:
    from khronika.evaluate import format_report, scores_to_json
    from khronika.evaluate.error_report import errors_to_json, format_errors
    from khronika.evaluate.errors import analyse
    from khronika.evaluate.runner import evaluate as run_eval
    from khronika.evaluate.triggers import find_triggers

    settings = Settings.from_env()
    run = run_eval(gold, corpus, meta=meta, settings=settings)
    for line in run.report.errors:
        err.print(f"error: {line}", markup=False)
    found = None
    if errors:
        triggers = find_triggers(run.texts, (doc.doc for doc in run.gold), settings)
        found = analyse(run.gold, run.predicted, run.scores.matches, run.texts, triggers=triggers)
    if as_json:
        data = scores_to_json(run.scores)
        if found is not None:
            data["errors"] = errors_to_json(found)
        out.print_json(json.dumps(data))
        return
    out.print(format_report(run.scores), markup=False)
    if found is not None:
        out.print(format_errors(found), markup=False, soft_wrap=True)


def _eval_negatives(corpus: Path, meta: Path | None, as_json: bool) -> None:
    from khronika.evaluate.negatives import format_negatives, negatives, negatives_to_json
    from khronika.evaluate.runner import extract_corpus
    from khronika.evaluate.triggers import find_triggers

    settings = Settings.from_env()
    extraction = extract_corpus(corpus, meta=meta, settings=settings)
    for line in extraction.report.errors:
        err.print(f"error: {line}", markup=False)
    with_events = [doc for doc, events in extraction.predicted.items() if events]
    found = negatives(extraction.predicted, find_triggers(extraction.texts, with_events, settings))
    if as_json:
        out.print_json(json.dumps(negatives_to_json(found)))
    else:
        out.print(format_negatives(found), markup=False, soft_wrap=True)


@main.command()
@click.option(
    "--docs", default=200, show_default=True, help="Documents to run (the corpus repeats)."
)
@click.option("--processes", default=1, show_default=True, help="Worker processes for nlp.pipe.")
@click.option("--repeats", default=3, show_default=True, help="Runs of each side; the best counts.")
@click.option(
    "--corpus",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder of reports to time extraction on (needed unless --consolidate).",
)
@click.option(
    "--consolidate",
    "consolidate_n",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Instead: consolidate N synthetic reports; time, memory, pairwise precision and recall.",
)
@click.option("--seed", default=0, show_default=True, help="Seed of the synthetic reports.")
def bench(
    docs: int,
    processes: int,
    repeats: int,
    corpus: Path | None,
    consolidate_n: int | None,
    seed: int,
) -> None:
    """Words per second of khronika against bare en_core_web_sm, their ratio, and peak memory.

    With --consolidate N: N synthetic reports (a known share of them several reports of one
    happening) through consolidation, with its speed, peak memory and pairwise precision and
    recall against the generator's truth.
    """
    from khronika.bench import run_bench, run_consolidation_bench

    if consolidate_n is not None:
        found = run_consolidation_bench(consolidate_n, seed=seed)
        table = Table("measure", "value", box=None)
        table.add_row("machine", found.machine)
        table.add_row(
            "reports / happenings", f"{found.reports:,} / {found.happenings:,} (seed {seed})"
        )
        table.add_row("generation", f"{found.generate_seconds:,.1f} s")
        table.add_row(
            "consolidation",
            f"{found.consolidate_seconds:,.1f} s ({found.reports_per_second:,.0f} reports/s,"
            f" {found.consolidate_cpu_seconds:,.1f} s of processor)",
        )
        table.add_row("clusters / entities", f"{found.clusters:,} / {found.entities:,}")
        table.add_row(
            "pairwise precision / recall",
            f"{found.precision:.3f} / {found.recall:.3f} (F1 {found.f1:.3f})",
        )
        table.add_row(
            "possible duplicates",
            f"{found.possible_duplicates:,} (recall {found.reviewed_recall:.3f} once reviewed)",
        )
        table.add_row(
            "peak memory (RSS)",
            f"{found.peak_rss_mb:,.0f} MB ({found.generated_rss_mb:,.0f} MB after generation)",
        )
        out.print(table)
        return
    if corpus is None:
        raise click.UsageError("bench needs --corpus DIR (a folder of reports), or --consolidate N")
    result = run_bench(
        corpus, docs=docs, processes=processes, repeats=repeats, settings=Settings.from_env()
    )
    table = Table("measure", "value", box=None)
    table.add_row("machine", result.machine)
    table.add_row("documents / words", f"{result.docs} / {result.words} (best of {repeats})")
    table.add_row("bare en_core_web_sm", f"{result.bare_wps:,.0f} words/s")
    table.add_row("khronika extraction", f"{result.full_wps:,.0f} words/s ({result.events} events)")
    table.add_row("ratio (khronika / bare)", f"{result.ratio:.2f}")
    table.add_row("peak memory (RSS)", f"{result.peak_rss_mb:,.0f} MB")
    out.print(table)


# --- the web desk ------------------------------------------------------------------------------


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@db_option
def serve(host: str, port: int, db: str | None) -> None:
    """Run the web desk and its JSON API (accounts come from `khronika user add`)."""
    import uvicorn

    from khronika.web import create_app

    settings = Settings.from_env(db=Path(db) if db else None)

    def reconsolidate(store: Store) -> None:
        # Injected: the web package does not import the pipeline (see DESIGN.md's table).
        pipeline.consolidate_store(store, settings)

    try:
        app = create_app(settings, reconsolidate=reconsolidate)
    except KhronikaError as exc:
        _fail(str(exc))
        sys.exit(1)
    err.print(
        f"khronika desk on http://{host}:{port}/ (store {settings.database_url})", markup=False
    )
    uvicorn.run(app, host=host, port=port, log_level="info")


@main.group()
def user() -> None:
    """Accounts of the web desk: add one, or mint an API token."""


@user.command(name="add")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice(["viewer", "analyst", "admin"]),
    required=True,
    help="What they may do.",
)
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin's first line.")
@click.option(
    "--totp", is_flag=True, help="Enrol a second factor and print its URI (always done for admins)."
)
@db_option
def user_add(name: str, role: str, password_stdin: bool, totp: bool, db: str | None) -> None:
    """Add an account; prints the TOTP provisioning URI when a second factor is enrolled."""
    from khronika.accounts import check_password_strength, create_account, totp_uri

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)
    try:
        check_password_strength(password)  # before the store is opened (or created)
    except ValueError as exc:
        _fail(str(exc))
        sys.exit(1)
    with _open_store(db) as store:
        try:
            # An admin from the shell gets the second factor now: no browser to enrol it in.
            added = create_account(
                store, name, role, password, second_factor=totp or role == "admin"
            )
            store.audit("user_added", detail=f"added {name} ({role}) from the command line")
        except KhronikaError as exc:
            _fail(str(exc))
            sys.exit(1)
    err.print(f"{name} added ({role})", markup=False)
    if added.totp_secret is not None:
        err.print("second factor: add this URI to an authenticator app", markup=False)
        out.print(totp_uri(added.totp_secret, name), markup=False)


@user.command(name="token")
@click.argument("name")
@click.option("--label", required=True, help="What the token is for (shown in the audit log).")
@db_option
def user_token(name: str, label: str, db: str | None) -> None:
    """Mint an API token for NAME and print it once (only its hash is stored)."""
    from khronika.accounts import mint_api_token

    with _open_store(db) as store:
        try:
            minted = mint_api_token(store, name, label)
            store.audit(
                "user_changed",
                detail=f"API token {minted.id} for {name} ({label}) from the command line",
            )
        except KhronikaError as exc:
            _fail(str(exc))
            sys.exit(1)
    err.print(f"token {minted.id} for {name} ({label}); it is shown only this once", markup=False)
    out.print(minted.token, markup=False)


if __name__ == "__main__":
    main()
