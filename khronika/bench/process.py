"""The whole-process benchmark: ``khronika ingest`` as a user runs it, against bare spaCy.

A user waits for the command, start to exit, not for a warmed-up loop. This bench builds a
folder of N texts from the corpora given (repeated when there are fewer; each copy gets a line
of its own, so a repeat is a new document, not an alias), then times, as child processes on the
same folder:

- bare spaCy (:mod:`khronika.bench.bare`): load the model, ``nlp.pipe`` the texts;
- ``khronika ingest`` into a fresh store, once per worker count asked for.

The place index is built and khronika's modules compiled before the clock starts (the figure
is "after the first run"). Peak memory is sampled from ``/proc`` every 20 ms over the process
and its children (the workers): the largest single process and the sum over all of them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from khronika.bench import bare
from khronika.bench.machine import machine_name
from khronika.settings import Settings

# A repeat of a text gets this line, so its bytes (and name) are new and it is read again.
_COPY_LINE = "\n\n(Copy {n} for the benchmark.)\n"
_SAMPLE_SECONDS = 0.02


@dataclass(frozen=True)
class ProcessRun:
    """One timed child process: wall time and peak memory."""

    label: str
    seconds: float
    cpu_seconds: float  # user + system, the process and the workers it reaped
    peak_mb: float  # the largest single process
    peak_total_mb: float  # all processes of the run at once


@dataclass(frozen=True)
class WholeProcessResult:
    """Bare spaCy and khronika ingest (per worker count) on one folder of texts."""

    docs: int
    words: int
    bare: ProcessRun
    ingest: dict[int, ProcessRun]
    machine: str

    def ratio(self, workers: int) -> float:
        """Khronika's speed as a share of bare spaCy's (bare time / khronika time)."""
        return self.bare.seconds / self.ingest[workers].seconds

    def cpu_ratio(self, workers: int) -> float:
        """The same in CPU time: less swayed by other jobs on a shared machine."""
        return self.bare.cpu_seconds / self.ingest[workers].cpu_seconds

    def speedup(self, workers: int) -> float:
        """How much faster ``workers`` processes are than one."""
        return self.ingest[1].seconds / self.ingest[workers].seconds


def build_set(corpora: Sequence[Path], docs: int, folder: Path) -> int:
    """Write ``docs`` texts from ``corpora`` (their .txt files, sorted) into ``folder``; words."""
    sources = sorted(p for corpus in corpora for p in corpus.glob("*.txt") if p.is_file())
    if not sources:
        raise ValueError(f"{', '.join(map(str, corpora))}: no .txt files to benchmark")
    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    for number in range(docs):
        source = sources[number % len(sources)]
        copy = number // len(sources)
        text = source.read_text(encoding="utf-8")
        if copy:
            text += _COPY_LINE.format(n=copy + 1)
        name = source.name if not copy else f"{source.stem}.copy{copy + 1}{source.suffix}"
        (folder / name).write_text(text, encoding="utf-8")
        words += len(text.split())
    return words


def compile_bytecode() -> bool:
    """The package's modules compiled to bytecode, as a first run (or pip's install) leaves them.

    Bare spaCy's modules were compiled when it was installed. Where ``PYTHONDONTWRITEBYTECODE``
    is set, or for a fresh checkout, every timed ``khronika ingest`` would otherwise compile
    khronika's hundred-odd modules from source (0.1-0.2 s). False when they cannot be written.
    """
    import compileall

    import khronika

    return bool(compileall.compile_dir(Path(khronika.__file__).parent, quiet=2))


def run_whole_process(
    corpora: Sequence[Path],
    *,
    docs: int,
    workers: Sequence[int] = (1, 2),
    repeats: int = 1,
    settings: Settings | None = None,
) -> WholeProcessResult:
    """Time bare spaCy and ``khronika ingest`` on ``docs`` texts; the best of ``repeats``."""
    from khronika.extract.gazetteer_index import ensure_index

    settings = settings or Settings.from_env()
    ensure_index()  # "after the first run": the place index exists before any clock starts
    if settings.extraction.learned_typing:
        from khronika.learn.weights import weights_file

        weights_file()  # and so do the encoder's unpacked weights
    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="khronika-bench-") as tmp:
        folder = Path(tmp) / "texts"
        words = build_set(corpora, docs, folder)
        bare_cmd = [sys.executable, "-P", bare.__file__, settings.english_model, str(folder)]
        bare_cmd.append(str(settings.batch_size))
        best_bare = _best([_timed("bare spaCy", bare_cmd) for _ in range(max(1, repeats))])
        ingest = {}
        for count in workers:
            runs = []
            for attempt in range(max(1, repeats)):
                db = Path(tmp) / f"bench-{count}-{attempt}.db"
                cmd = [sys.executable, "-m", "khronika.cli", "ingest", str(folder), "--db", str(db)]
                label = f"ingest, {count} worker{'s' if count > 1 else ''}"
                runs.append(_timed(label, [*cmd, f"--workers={count}"]))
            ingest[count] = _best(runs)
    return WholeProcessResult(docs, words, best_bare, ingest, machine_name())


def _best(runs: list[ProcessRun]) -> ProcessRun:
    return min(runs, key=lambda run: run.seconds)


def _timed(label: str, command: list[str]) -> ProcessRun:
    """Run ``command`` to its end, sampling the memory of its process tree."""
    peaks = [0, 0]  # largest process, whole tree (KB)
    done = threading.Event()
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        sampler = threading.Thread(target=_sample, args=(child.pid, peaks, done), daemon=True)
        sampler.start()
        # wait4, not wait: its usage counts the CPU of the workers the child reaped too.
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        sampler.join()
        if child.returncode not in (0, 1):  # 1: some file failed, which a corpus may hold
            errors.seek(0)
            tail = errors.read().decode(errors="replace")[-500:]
            raise RuntimeError(f"{label} failed ({child.returncode}): {tail}")
    cpu = usage.ru_utime + usage.ru_stime
    return ProcessRun(label, seconds, cpu, peaks[0] / 1024, peaks[1] / 1024)


def _sample(pid: int, peaks: list[int], done: threading.Event) -> None:
    while not done.is_set():
        sizes = [_rss_kb(p) for p in _tree(pid)]
        peaks[0] = max(peaks[0], *sizes, 0)
        peaks[1] = max(peaks[1], sum(sizes))
        done.wait(_SAMPLE_SECONDS)


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (Linux's /proc children lists)."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text()
        except OSError:
            continue
        queue.extend(int(child) for child in children.split())
    return found


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def cpu_load() -> str:
    """The load average when the bench ran: the machine may be shared with other jobs."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"
