"""What a benchmark says about the machine it ran on: its name and the process's peak memory."""

from __future__ import annotations

import os
import platform
import resource


def machine_name() -> str:
    """Architecture, cores, Python and system, for the first line of a benchmark's table."""
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def peak_rss_mb() -> float:
    """The process's peak resident size so far, in MB (Linux reports ru_maxrss in KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
