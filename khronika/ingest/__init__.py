"""Ingest: raw input files (txt, md, html, pdf) and their metadata lines into Documents.

The public surface of the stage; everything else in the package is an implementation detail.
"""

from __future__ import annotations

from khronika.ingest.document import read_document, read_input
from khronika.ingest.files import InputFile, iter_input_files, iter_inputs, shown_name
from khronika.ingest.language import detect_language
from khronika.ingest.metadata import DocMeta, load_metadata

__all__ = [
    "DocMeta",
    "InputFile",
    "detect_language",
    "iter_input_files",
    "iter_inputs",
    "load_metadata",
    "read_document",
    "read_input",
    "shown_name",
]
