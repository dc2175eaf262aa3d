"""Who is withheld from a publication, and every way their names are written.

A redaction list names people at risk, one per line. What a listed name withholds, erring on
withholding:

* every spelling the registry has of the person (an :class:`~khronika.model.Entity` one of whose
  spellings equals the listed name ignoring case, or after :func:`~khronika.names.fold`, in any
  word order, so "Zhaksybaeva" also withholds "Zhaksybayeva" and «Жаксыбаева»; a single word on
  the list is a surname and finds every registry person of that surname), and the listed name
  itself;
* any run of words in a text that folds to one of those spellings, so a spelling the registry
  never saw is caught too;
* the first and the last word of each spelling alone (a surname or a given name, 3+ letters,
  not a title or a particle), even where it may belong to someone else;
* in Cyrillic text, those words under a Russian case ending («Жаксыбаевой», «Серикбаеву»).

Matching is whole-word (an underscore or a hyphen separates words, so file names are covered) and
ignores case. Every match is replaced by ``[withheld]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from khronika.errors import KhronikaError
from khronika.model import Entity
from khronika.names import FUNCTION_WORDS, TITLES, fold, has_cyrillic, name_parts, strip_titles

WITHHELD = "[withheld]"

# A name part shorter than this is not withheld on its own ("Li" would blank half a text).
_MIN_PART_LETTERS = 3
# A Cyrillic stem shorter than this is too common to withhold under its case endings.
_MIN_STEM = 4
# Folded Russian case endings, longest first (Жаксыбаевой -> jaksibaevoi, Серикбаевым -> ...im).
_CASE_ENDINGS = (
    "iami",
    "iah",
    "ogo",
    "omu",
    "ego",
    "emu",
    "ami",
    "ah",
    "oi",
    "ei",
    "ou",
    "om",
    "em",
    "im",
    "ia",
    "iu",
    "a",
    "u",
    "e",
    "i",
)
# A word: letters and digits; "_", "-", "'" and the rest separate words.
_TOKEN = re.compile(r"[^\W_]+")
_BOUNDARY_BEFORE = r"(?<![^\W_])"
_BOUNDARY_AFTER = r"(?![^\W_])"


class RedactionError(KhronikaError):
    """A redaction list could not be read; the message names the file and says why."""

    def __init__(self, source: Path | str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = str(source)
        self.reason = reason


# --- the redaction list ------------------------------------------------------------------------


@dataclass(frozen=True)
class Redactions:
    """People listed as at risk, by name as written in the list."""

    names: frozenset[str]
    source: str | None = None

    def __bool__(self) -> bool:
        return bool(self.names)


def load_redactions(path: Path) -> Redactions:
    """One name per line, UTF-8; ``#`` starts a comment; blank lines are ignored.

    A file that cannot be read, is binary or not UTF-8, or lists no name at all raises
    :class:`RedactionError`: publishing without the redaction one meant to apply is the one
    failure that must not pass silently.
    """
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise RedactionError(path, "is a directory, not a list of names") from None
    except OSError as error:
        raise RedactionError(path, f"cannot read ({error.strerror or error})") from error
    if b"\x00" in raw:
        raise RedactionError(path, "binary file, expected one name per line (UTF-8 text)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RedactionError(path, f"not UTF-8 text (byte {error.start})") from None
    names: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        name = " ".join(line.split("#", 1)[0].split())
        if not name:
            continue
        if any(not char.isprintable() for char in name):
            raise RedactionError(path, f"line {number}: control characters in a name")
        if sum(char.isalpha() for char in name) < 2:
            raise RedactionError(path, f"line {number}: {name!r} is not a name")
        names.append(name)
    if not names:
        raise RedactionError(path, "no names in the list (one name per line expected)")
    return Redactions(names=frozenset(names), source=str(path))


# --- matching every spelling of a withheld person ------------------------------------------------


class Redactor:
    """Finds and replaces withheld names; counts what it replaced in ``replaced``."""

    def __init__(self, redactions: Redactions | None, entities: Sequence[Entity]) -> None:
        self.replaced = 0
        self.entity_ids: frozenset[str] = frozenset()
        self.people = 0
        self.unmatched: tuple[str, ...] = ()
        names = sorted(redactions.names) if redactions else []
        by_key: dict[str, set[str]] = {}
        by_id = {entity.id: entity for entity in entities}
        if names:
            for entity in entities:
                for spelling in (entity.name, *entity.spellings):
                    for key in _spelling_keys(spelling, person=entity.kind == "person"):
                        by_key.setdefault(key, set()).add(entity.id)
        spellings: set[str] = set(names)
        matched_ids: set[str] = set()
        unmatched: list[str] = []
        for name in names:
            found = set().union(*(by_key.get(key, set()) for key in _listed_keys(name)))
            if not found:
                unmatched.append(name)
            for entity_id in found:
                matched_ids.add(entity_id)
                spellings.update((by_id[entity_id].name, *by_id[entity_id].spellings))
        self.entity_ids = frozenset(matched_ids)
        self.people = len(matched_ids) + len(unmatched)
        self.unmatched = tuple(unmatched)

        parts = {part for spelling in spellings for part in _parts(spelling)}
        literal = sorted({" ".join(s.split()) for s in spellings | parts}, key=len, reverse=True)
        self._literal = (
            re.compile(
                _BOUNDARY_BEFORE
                + "(?:"
                + "|".join(r"\s+".join(map(re.escape, s.split())) for s in literal)
                + ")"
                + _BOUNDARY_AFTER,
                re.IGNORECASE,
            )
            if literal
            else None
        )
        self._folded = {key for key in (fold(s) for s in spellings | parts) if key}
        # What a run of words folding to a withheld name can start with: a folded first word
        # or, as "Il'ya" is two tokens and one folded word, a 2+ letter beginning of one.
        firsts = {key.split()[0] for key in self._folded}
        self._starts = firsts | {w[:k] for w in firsts for k in range(2, len(w))}
        self._max_words = max((len(key.split()) for key in self._folded), default=0)
        self._stems = {
            stem for key in self._folded if " " not in key and len(stem := _stem(key)) >= _MIN_STEM
        }

    def __bool__(self) -> bool:
        return self._literal is not None

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where withheld names are in ``text``, merged and in order."""
        if not self or not text:
            return []
        assert self._literal is not None
        found = [match.span() for match in self._literal.finditer(text)]
        tokens = list(_TOKEN.finditer(text))
        for i, token in enumerate(tokens):
            word = fold(token.group())
            if self._stems and has_cyrillic(token.group()) and _stem(word) in self._stems:
                found.append(token.span())
            if word not in self._starts:
                continue
            for last in tokens[i : i + 2 * self._max_words + 1]:
                key = fold(text[token.start() : last.end()])
                if key in self._folded:
                    found.append((token.start(), last.end()))
                if len(key.split()) > self._max_words:
                    break
        return _merge(found, text)

    def __call__(self, text: str) -> str:
        """``text`` with each withheld name replaced by ``[withheld]`` (counted)."""
        spans = self.spans(text)
        if not spans:
            return text
        self.replaced += len(spans)
        pieces: list[str] = []
        position = 0
        for start, end in spans:
            pieces.extend((text[position:start], WITHHELD))
            position = end
        pieces.append(text[position:])
        return "".join(pieces)

    def optional(self, text: str | None) -> str | None:
        """``text`` redacted, or None."""
        return None if text is None else self(text)

    def value(self, value: Any) -> Any:
        """A JSON value with every string in it redacted."""
        if isinstance(value, str):
            return self(value)
        if isinstance(value, Mapping):
            return {key: self.value(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [self.value(item) for item in value]
        return value

    def mask(self, text: str) -> str:
        """``text`` with withheld names blanked out character for character (not counted).

        For the quotes inside events handed to an exporter: an :class:`Evidence` must keep its
        length, and a quote left whole there would be one exporter change away from a leak.
        """
        chars = list(text)
        for start, end in self.spans(text):
            chars[start:end] = "*" * (end - start)
        return "".join(chars)


def _spelling_keys(spelling: str, *, person: bool) -> set[str]:
    """How a registry spelling is found: as written, folded, in any word order, and a person's
    by surname (a surname alone on the list withholds everyone the registry has under it).
    """
    folded = fold(spelling)
    keys = {"=" + spelling.casefold()}
    if folded:
        keys |= {"~" + folded, "#" + " ".join(sorted(folded.split()))}
        surname = fold(name_parts(spelling).surname) if person else ""
        if surname:
            keys.add("$" + surname)
    return keys


def _listed_keys(name: str) -> set[str]:
    """The keys a listed name finds spellings by; a single word is taken for a surname."""
    folded = fold(name)
    keys = {"=" + name.casefold()}
    if folded:
        keys |= {"~" + folded, "#" + " ".join(sorted(folded.split()))}
        if " " not in folded:
            keys.add("$" + folded)
    return keys


def _parts(spelling: str) -> set[str]:
    """The given name and surname of a spelling, each alone, and each half of a hyphenated
    one ("Arman-Bolat", "Arman", "Bolat"): 3+ letters, not a title or a particle.
    """
    words = strip_titles(spelling) or spelling.split()
    candidates = {words[0], words[-1]} if words else set()
    candidates |= {half for word in candidates for half in word.split("-")}
    parts = set()
    for word in candidates:
        word = word.strip(".,;:()\"'«»")
        lowered = word.casefold()
        if lowered in FUNCTION_WORDS or lowered.rstrip(".") in TITLES:
            continue
        if sum(char.isalpha() for char in word) >= _MIN_PART_LETTERS:
            parts.add(word)
    return parts


@lru_cache(maxsize=100_000)
def _stem(key: str) -> str:
    for ending in _CASE_ENDINGS:
        if key.endswith(ending) and len(key) - len(ending) >= _MIN_STEM:
            return key[: -len(ending)]
    return key


def _merge(spans: Iterable[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Overlapping spans, and spans only blanks apart ("Айгерим Жаксыбаеву"), as one."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and (start <= merged[-1][1] or not text[merged[-1][1] : start].strip()):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
