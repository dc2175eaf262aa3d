"""Reading a plain text loads no HTML or PDF library; the first web page or PDF loads its own.

Each case runs in a fresh interpreter, which reports which of the heavy libraries it imported.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HEAVY = ("trafilatura", "lxml.html", "pdfplumber", "pdfminer", "dateparser")

PROBE = """
import sys
from pathlib import Path
from khronika.ingest import read_document
from khronika.settings import Settings
for name in sys.argv[1:]:
    read_document(Path(name), settings=Settings())
print(" ".join(name for name in {heavy!r} if name in sys.modules) or "none", file=sys.stderr)
"""


def _loaded_reading(*files: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stderr.strip().splitlines()[-1]


def test_a_plain_text_and_a_markdown_note_load_no_html_or_pdf_library(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Police detained Dana Ospan in Almaty on Monday.\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text("# Strike\n\nWorkers led by Marat Seitkali went on strike.\n", encoding="utf-8")

    assert _loaded_reading(note, page) == "none"


def test_a_web_page_loads_trafilatura_when_it_comes(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><article><p>Irina Volkova was fined for a picket in Oral on Friday."
        " The court said the picket was not agreed with the city.</p></article></body></html>",
        encoding="utf-8",
    )

    loaded = _loaded_reading(page).split()

    assert "trafilatura" in loaded and "pdfplumber" not in loaded
