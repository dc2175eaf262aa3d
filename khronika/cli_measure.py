"""``khronika eval`` and ``khronika bench``: the commands that measure extraction and its cost.

Kept apart from :mod:`khronika.cli` (which registers them) so that the everyday commands stay in
one readable module; like them, each imports what it measures only when it runs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.table import Table

from khronika.cli_output import err, out
from khronika.cli_output import fail as _fail
from khronika.errors import KhronikaError
from khronika.settings import Settings


@click.command(name="eval")
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
@click.option(
    "--rules-only",
    is_flag=True,
    help="Without the learned typing layer: its typer learned from dev-en, dev-ru and the "
    "negatives, so score it there only by cross-validation (khronika.evaluate.crossval).",
)
def evaluate(
    gold: Path | None,
    corpus: Path,
    meta: Path | None,
    as_json: bool,
    show_errors: bool,
    negatives: bool,
    rules_only: bool,
) -> None:
    """Score extraction on a corpus against its gold file (or count events on negatives)."""
    if negatives == (gold is not None):
        raise click.UsageError("give either GOLD or --negatives (a corpus without events)")
    if negatives and show_errors:
        raise click.UsageError("--errors needs GOLD; on negatives every event is an error")
    settings = Settings.from_env()
    if rules_only:
        extraction = settings.extraction.model_copy(update={"learned_typing": False})
        settings = settings.model_copy(update={"extraction": extraction})
    try:
        if gold is None:
            _eval_negatives(corpus, meta, as_json, settings)
        else:
            _eval_gold(gold, corpus, meta, settings, as_json=as_json, errors=show_errors)
    except KhronikaError as exc:
        _fail(str(exc))
        sys.exit(1)


def _eval_gold(
    gold: Path, corpus: Path, meta: Path | None, settings: Settings, *, as_json: bool, errors: bool
) -> None:
    from khronika.evaluate import format_report, scores_to_json
    from khronika.evaluate.error_report import errors_to_json, format_errors
    from khronika.evaluate.errors import analyse
    from khronika.evaluate.runner import evaluate as run_eval
    from khronika.evaluate.triggers import find_triggers

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


def _eval_negatives(corpus: Path, meta: Path | None, as_json: bool, settings: Settings) -> None:
    from khronika.evaluate.negatives import format_negatives, negatives, negatives_to_json
    from khronika.evaluate.runner import extract_corpus
    from khronika.evaluate.triggers import find_triggers

    extraction = extract_corpus(corpus, meta=meta, settings=settings)
    for line in extraction.report.errors:
        err.print(f"error: {line}", markup=False)
    with_events = [doc for doc, events in extraction.predicted.items() if events]
    found = negatives(extraction.predicted, find_triggers(extraction.texts, with_events, settings))
    if as_json:
        out.print_json(json.dumps(negatives_to_json(found)))
    else:
        out.print(format_negatives(found), markup=False, soft_wrap=True)


@click.command()
@click.option(
    "--docs", default=200, show_default=True, help="Documents to run (the corpus repeats)."
)
@click.option("--repeats", default=3, show_default=True, help="Runs of each side; the best counts.")
@click.option(
    "--corpus",
    "corpora",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    multiple=True,
    help="Folder of reports to time extraction on (needed unless --consolidate; "
    "--whole-process takes several).",
)
@click.option(
    "--whole-process",
    is_flag=True,
    help="Instead: time whole processes, `khronika ingest` against bare spaCy on --docs texts.",
)
@click.option(
    "--workers",
    "worker_counts",
    type=click.IntRange(min=1),
    multiple=True,
    help="With --whole-process: the worker counts to run ingest with (default 1 and 2).",
)
@click.option(
    "--dask",
    "dask_batch",
    is_flag=True,
    help="Instead: time `khronika batch` on a local Dask cluster over --docs texts, per --workers.",
)
@click.option(
    "--consolidate",
    "consolidate_n",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Instead: consolidate N synthetic reports; time, memory, pairwise precision and recall.",
)
@click.option(
    "--incremental",
    is_flag=True,
    help="Instead: store --reports news-like reports, consolidate them, then time the "
    "incremental consolidation of --docs new documents one at a time (median per document).",
)
@click.option(
    "--reports",
    "stored_reports",
    type=click.IntRange(min=1),
    default=100_000,
    show_default=True,
    help="With --incremental: reports in the store before the new documents.",
)
@click.option("--seed", default=0, show_default=True, help="Seed of the synthetic reports.")
@click.option(
    "--language",
    type=click.Choice(["en", "ru"]),
    default="en",
    show_default=True,
    help="The corpus's documents to time: English against bare en_core_web_sm, Russian "
    "against bare natasha NER.",
)
def bench(
    docs: int,
    repeats: int,
    corpora: tuple[Path, ...],
    whole_process: bool,
    worker_counts: tuple[int, ...],
    dask_batch: bool,
    consolidate_n: int | None,
    incremental: bool,
    stored_reports: int,
    seed: int,
    language: str,
) -> None:
    """Words per second of khronika against the bare NLP it builds on, their ratio, and memory.

    With --consolidate N: N synthetic reports (a known share of them several reports of one
    happening) through consolidation, with its speed, peak memory and pairwise precision and
    recall against the generator's truth.
    """
    from khronika.bench import run_bench, run_consolidation_bench

    if incremental:
        _bench_incremental(stored_reports, min(docs, 50), seed)
        return
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
    if not corpora:
        raise click.UsageError("bench needs --corpus DIR (a folder of reports), or --consolidate N")
    if whole_process:
        _bench_whole_process(corpora, docs, worker_counts or (1, 2), repeats)
        return
    if dask_batch:
        _bench_dask(corpora, docs, worker_counts or (1, 2))
        return
    if len(corpora) > 1:
        raise click.UsageError("the in-process bench reads one --corpus folder")
    from khronika.bench.speed import BARE_NAMES

    result = run_bench(
        corpora[0],
        docs=docs,
        repeats=repeats,
        settings=Settings.from_env(),
        language=language,
    )
    table = Table("measure", "value", box=None)
    table.add_row("machine", result.machine)
    table.add_row("documents / words", f"{result.docs} / {result.words} (best of {repeats})")
    table.add_row(BARE_NAMES[language], f"{result.bare_wps:,.0f} words/s")
    table.add_row("khronika extraction", f"{result.full_wps:,.0f} words/s ({result.events} events)")
    table.add_row("ratio (khronika / bare)", f"{result.ratio:.2f}")
    table.add_row(
        "processor-time ratio",
        f"{result.cpu_ratio:.2f} ({result.bare_cpu_seconds:,.1f} s / "
        f"{result.full_cpu_seconds:,.1f} s)",
    )
    table.add_row("peak memory (RSS)", f"{result.peak_rss_mb:,.0f} MB")
    out.print(table)


def _bench_incremental(reports: int, new_documents: int, seed: int) -> None:
    from khronika.bench.incremental import run_incremental_bench

    found = run_incremental_bench(reports, new_documents=new_documents, seed=seed)
    timings = sorted(found.per_document)
    table = Table("measure", "value", box=None)
    table.add_row("machine", found.machine)
    table.add_row("stored reports", f"{found.reports:,} (seed {seed})")
    table.add_row(
        "load / full consolidation", f"{found.load_seconds:,.1f} s / {found.full_seconds:,.1f} s"
    )
    table.add_row(
        "per new document",
        f"median {found.median_seconds:.3f} s, max {timings[-1]:.3f} s"
        f" over {len(timings)} documents ({found.full_fallbacks} ran in full)",
    )
    if found.cpu_per_document:
        cpu = sorted(found.cpu_per_document)
        table.add_row(
            "per new document, processor", f"median {cpu[len(cpu) // 2]:.3f} s, max {cpu[-1]:.3f} s"
        )
    for reason, count in found.fallback_reasons:
        table.add_row("ran in full because", f"{reason} ({count})")
    table.add_row(
        "happenings re-consolidated / rewritten", f"{found.touched:,} / {found.written:,}"
    )
    table.add_row("peak memory (RSS)", f"{found.peak_rss_mb:,.0f} MB")
    out.print(table)


def _bench_whole_process(
    corpora: tuple[Path, ...], docs: int, workers: tuple[int, ...], repeats: int
) -> None:
    from khronika.bench.process import cpu_load, run_whole_process

    counts = tuple(sorted({1, *workers}))  # one worker is what the others are compared with
    found = run_whole_process(corpora, docs=docs, workers=counts, repeats=repeats)
    table = Table(
        "run", "wall", "vs bare", "vs 1 worker", "CPU", "vs bare", "peak RSS", "all", box=None
    )
    runs = [(found.bare, None), *((found.ingest[n], n) for n in counts)]
    for run, count in runs:
        table.add_row(
            run.label,
            f"{run.seconds:,.2f} s",
            "" if count is None else f"{found.ratio(count):.2f}",
            "" if count is None or count == 1 else f"{found.speedup(count):.2f}x",
            f"{run.cpu_seconds:,.2f} s",
            "" if count is None else f"{found.cpu_ratio(count):.2f}",
            f"{run.peak_mb:,.0f} MB",
            f"{run.peak_total_mb:,.0f} MB",
        )
    out.print(f"{found.docs} documents, {found.words:,} words; {found.machine}", markup=False)
    out.print(f"{cpu_load()}; best of {repeats}", markup=False)
    out.print(table)


def _bench_dask(corpora: tuple[Path, ...], docs: int, workers: tuple[int, ...]) -> None:
    from khronika.bench.batch import run_batch_bench
    from khronika.bench.process import cpu_load

    found = run_batch_bench(corpora, docs=docs, workers=workers)
    table = Table(
        "workers",
        "cluster",
        "vs 1",
        "load + consolidate",
        "worker CPU",
        "worker peak RSS",
        "driver peak",
        "reports / happenings",
        box=None,
    )
    for count, run in sorted(found.runs.items()):
        table.add_row(
            str(count),
            f"{run.cluster_seconds:,.1f} s",
            f"{found.speedup(count):.2f}x",
            f"{run.load_seconds:,.1f} s",
            " + ".join(f"{cpu:,.1f}" for cpu in run.worker_cpu) + " s",
            " / ".join(f"{peak:,.0f}" for peak in run.worker_peak_mb) + " MB",
            f"{run.driver_peak_mb:,.0f} MB",
            f"{run.reports:,}",
            f"{run.happenings:,}",
        )
    out.print(f"{found.docs} documents, {found.words:,} words; {found.machine}", markup=False)
    out.print(cpu_load(), markup=False)
    out.print(table)
    out.print(
        "cluster: start, reading and extraction, shards written; load: shards into the store and "
        "consolidation (in this process)",
        markup=False,
    )
