"""A timeline of a run across its processes, for finding the serial part of a parallel run.

With ``KHRONIKA_TIMELINE=FILE`` set, the parent and every worker process (which inherit the
environment) append one line per mark to FILE: wall-clock seconds, process id, the process's CPU
seconds so far, what happened. On a machine shared with other jobs the wall times stretch; the
CPU seconds show what each process itself spent.
Without it a mark costs one dictionary lookup. Lines are written with one ``O_APPEND`` write
each, so processes writing at once never interleave inside a line.
"""

from __future__ import annotations

import os
import time

VARIABLE = "KHRONIKA_TIMELINE"


def mark(event: str) -> None:
    """Note that ``event`` happened now in this process (only when the timeline is on)."""
    target = os.environ.get(VARIABLE)
    if not target:
        return
    line = f"{time.time():.3f} {os.getpid()} {time.process_time():.3f} {event}\n".encode()
    descriptor = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, line)
    finally:
        os.close(descriptor)


def read(path: str) -> list[tuple[float, int, float, str]]:
    """The marks of a timeline file, in time order: (seconds, process id, CPU seconds, event)."""
    marks = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            stamp, pid, cpu, event = line.rstrip("\n").split(" ", 3)
            marks.append((float(stamp), int(pid), float(cpu), event))
    return sorted(marks, key=lambda mark: mark[0])  # stable: a process's marks keep their order
