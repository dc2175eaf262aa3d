"""Typed errors of the library. The CLI turns each into one line: the file, what went wrong."""

from __future__ import annotations


class KhronikaError(Exception):
    """Base of every error khronika raises on purpose."""


class InvalidEventError(KhronikaError):
    """An event or one of its parts breaks the contract of spec/events.md."""


class IngestError(KhronikaError):
    """A file could not be read into a Document; ``source`` names it, the message says why."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class MetadataError(KhronikaError):
    """A metadata line is not valid JSON or not the expected shape."""

    def __init__(self, source: str, line: int, reason: str) -> None:
        super().__init__(f"{source}:{line}: {reason}")
        self.source = source
        self.line = line
        self.reason = reason


class NoExtractorError(KhronikaError):
    """The document's language has no extractor yet ("ru: no extractor yet")."""

    def __init__(self, language: str) -> None:
        super().__init__(f"{language}: no extractor yet")
        self.language = language


class ExtractionError(KhronikaError):
    """Extraction failed on one document; the batch goes on and the document is marked 'error'."""

    def __init__(self, document: str, cause: BaseException) -> None:
        super().__init__(f"{document}: extraction failed ({type(cause).__name__}: {cause})")
        self.document = document


class StoreError(KhronikaError):
    """The store could not be opened, migrated, read or written."""


class GoldFileError(KhronikaError):
    """A gold file for evaluation is malformed."""
