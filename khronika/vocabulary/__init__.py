"""Vocabulary as versioned data: the word lists that decide what counts as an event, a party, a
place or a title live in JSON files beside this module, never in code.

A file is ``<name>-<version>.json`` (``triggers`` stay in ``nlp/lexicons``)::

    {"name": "english", "version": "v1", "language": "en",
     "sets": {"key": ["word", "phrase with spaces", ...]},
     "tables": {"key": {"word": value}}}

A change of words that changes output is a new version; old versions keep loading, so a stored
result can say which vocabulary produced it. The base layer owns this module so that every stage
(extract, consolidate, publish) reads one copy of a word list instead of its own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from khronika.errors import KhronikaError

DEFAULT_VERSION = "v1"
# The version each stage reads where a file has moved on; every other file is read at v1.
CURRENT_VERSIONS = {"english": "v4", "russian": "v2"}


@dataclass(frozen=True)
class Vocabulary:
    """One vocabulary file: named word sets and lookup tables."""

    name: str
    version: str
    language: str | None
    sets: dict[str, frozenset[str]]
    tables: dict[str, dict[str, Any]]

    def words(self, key: str) -> frozenset[str]:
        """The word set ``key``; an unknown key is an error, never an empty set."""
        try:
            return self.sets[key]
        except KeyError:
            raise KhronikaError(f"vocabulary {self.name}-{self.version}: no set {key!r}") from None

    def table(self, key: str) -> dict[str, Any]:
        """The lookup table ``key``; an unknown key is an error."""
        try:
            return self.tables[key]
        except KeyError:
            raise KhronikaError(
                f"vocabulary {self.name}-{self.version}: no table {key!r}"
            ) from None


@cache
def vocabulary(name: str, version: str | None = None) -> Vocabulary:
    """Load ``<name>-<version>.json`` from this package (cached: files are read once); without a
    version, the file's current one.
    """
    version = version or CURRENT_VERSIONS.get(name, DEFAULT_VERSION)
    file = resources.files(__package__).joinpath(f"{name}-{version}.json")
    if not file.is_file():
        raise KhronikaError(f"no vocabulary file {name}-{version}.json")
    raw = json.loads(file.read_text(encoding="utf-8"))
    if raw.get("name") != name or raw.get("version") != version:
        raise KhronikaError(
            f"{name}-{version}.json names itself {raw.get('name')}-{raw.get('version')}"
        )
    sets = {key: frozenset(words) for key, words in raw.get("sets", {}).items()}
    return Vocabulary(name, version, raw.get("language"), sets, dict(raw.get("tables", {})))


def words(name: str, key: str, version: str | None = None) -> frozenset[str]:
    """Shorthand for ``vocabulary(name, version).words(key)``."""
    return vocabulary(name, version).words(key)
