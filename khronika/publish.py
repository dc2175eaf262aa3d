"""``khronika publish``: the verified record as a Datasette-ready SQLite file (and a csv).

Only happenings whose reviewed status is "verified" are published (with ``include_unverified``
also the unreviewed ones; a rejected one never), each with the reviews' edits in force applied
(:func:`khronika.review.reviewed`). People on a redaction list are left out: the actor is dropped
and every spelling of their name in published text is replaced by ``[withheld]``.

What a listed name withholds, erring on withholding:

* every spelling the registry has of the person (an :class:`~khronika.model.Entity` one of whose
  spellings equals the listed name ignoring case, or after :func:`~khronika.consolidate.names.fold`,
  in any word order, so "Ukteshbaeva" also withholds "Ukteshbayeva" and «Уктешбаева»; a single
  word on the list is a surname and finds every registry person of that surname), and the listed
  name itself;
* any run of words in a text that folds to one of those spellings, so a spelling the registry
  never saw is caught too;
* the first and the last word of each spelling alone (a surname or a given name, 3+ letters,
  not a title or a particle), even where it may belong to someone else;
* in Cyrillic text, those words under a Russian case ending («Уктешбаевой», «Курманову»).

Matching is whole-word (an underscore or a hyphen separates words, so file names are covered) and
ignores case. Replaced quotes no longer match their offsets in the source text: the published
evidence keeps the document and offsets so a reader with the source can find the passage.

The file is written under a temporary name and renamed at the end, with the csv and the
``metadata.json`` that ``datasette OUT.db -m metadata.json`` reads: a failed publish leaves no
half-written file, and an existing OUT.db is replaced only by that rename.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from khronika.consolidate.names import TITLES, fold, has_cyrillic, name_parts, strip_titles
from khronika.consolidate.people import FUNCTION_WORDS, PERSON_KINDS
from khronika.errors import KhronikaError
from khronika.export import get_exporter
from khronika.model import (
    Actor,
    Claim,
    Cluster,
    Count,
    Document,
    Entity,
    Event,
    Evidence,
    Review,
)
from khronika.review import reviewed

if TYPE_CHECKING:
    from khronika.store import Store

WITHHELD = "[withheld]"
LICENSE = "CC BY 4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
METADATA_NAME = "metadata.json"

# A name part shorter than this is not withheld on its own ("Li" would blank half a text).
_MIN_PART_LETTERS = 3
# A Cyrillic stem shorter than this is too common to withhold under its case endings.
_MIN_STEM = 4
# Folded Russian case endings, longest first (Уктешбаевой -> ukteshbaevoi, Курмановым -> ...im).
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


class PublishError(KhronikaError):
    """The published files could not be written; nothing was left under their names."""


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
    by surname (a surname alone on the list withholds everyone the registry has under it)."""
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
    one ("Kassym-Jomart", "Kassym", "Jomart"): 3+ letters, not a title or a particle."""
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
    """Overlapping spans, and spans only blanks apart ("Айгерим Уктешбаеву"), as one."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and (start <= merged[-1][1] or not text[merged[-1][1] : start].strip()):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# --- the published record ----------------------------------------------------------------------


@dataclass(frozen=True)
class PublishReport:
    """What a publish wrote and what it withheld."""

    out_db: Path
    metadata: Path
    csv: Path | None
    events: int
    left_out: Mapping[str, int]  # review status -> happenings not published
    people_withheld: int  # registry people matched by the list, plus listed names matched by none
    actors_withheld: int  # actor entries left out
    names_replaced: int  # occurrences of a withheld name replaced by "[withheld]"
    unmatched: tuple[str, ...] = ()  # listed names no registry entity spells (withheld as written)


@dataclass(frozen=True)
class _Quote:
    doc: str
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class _Happening:
    """One published happening: redacted, reviewed, with its redacted quotes."""

    cluster: Cluster
    status: str
    edited: tuple[str, ...]
    quotes: tuple[_Quote, ...]


@dataclass
class _Redacting:
    redactor: Redactor
    doc_names: dict[str, str] = field(default_factory=dict)  # source name -> published name
    actors_withheld: int = 0
    _taken: set[str] = field(default_factory=set)

    def doc(self, name: str) -> str:
        """The published name of a document (file names carry names too); two documents never
        share one after redaction."""
        if name not in self.doc_names:
            published = self.redactor(name)
            candidate, copy = published, 1
            while candidate in self._taken:
                copy += 1
                candidate = f"{published}~{copy}"
            self.doc_names[name] = candidate
            self._taken.add(candidate)
        return self.doc_names[name]

    def happening(self, cluster: Cluster, status: str, edited: tuple[str, ...]) -> _Happening:
        redact = self.redactor
        event = cluster.event
        quotes = tuple(
            _Quote(self.doc(ev.doc), ev.start, ev.end, redact(ev.text)) for ev in event.evidence
        )
        redacted = replace(
            event,
            summary=redact(event.summary),
            actors=tuple(self._actors(event.actors)),
            counts={key: self._count(count) for key, count in event.counts.items()},
            charges=tuple(redact(text) for text in event.charges),
            demands=tuple(redact(text) for text in event.demands),
            date=replace(event.date, text=redact.optional(event.date.text)),
            location=replace(
                event.location,
                name=redact.optional(event.location.name),
                admin1=redact.optional(event.location.admin1),
                text=redact.optional(event.location.text),
            ),
            evidence=tuple(
                Evidence(
                    doc=self.doc(ev.doc), start=ev.start, end=ev.end, text=redact.mask(ev.text)
                )
                for ev in event.evidence
            ),
        )
        claims = tuple(
            Claim(
                field=claim.field,
                value=redact.value(claim.value),
                doc=self.doc(claim.doc),
                report=claim.report,
                attributed_to=redact.optional(claim.attributed_to),
            )
            for claim in cluster.claims
        )
        return _Happening(
            cluster=replace(cluster, event=redacted, claims=claims),
            status=status,
            edited=edited,
            quotes=quotes,
        )

    def _actors(self, actors: Iterable[Actor]) -> Iterator[Actor]:
        for actor in actors:
            if self._is_withheld(actor):
                self.actors_withheld += 1
            else:
                yield replace(actor, name=self.redactor(actor.name))

    def _is_withheld(self, actor: Actor) -> bool:
        """The actor is a listed person: linked to one, or named by nothing but withheld words."""
        if actor.entity is not None and actor.entity in self.redactor.entity_ids:
            return True
        spans = self.redactor.spans(actor.name)
        if not spans:
            return False
        if actor.kind in PERSON_KINDS:
            return True
        rest = actor.name
        for start, end in reversed(spans):
            rest = rest[:start] + " " + rest[end:]
        # "[withheld]'s supporters" stays, with the name replaced; "Mr [withheld]" does not.
        words = (word.strip(".,;:()\"'«»’") for word in rest.split())
        return not any(
            len(word) > 1 and word.isalpha() and word.casefold() not in TITLES for word in words
        )

    def _count(self, count: Count) -> Count:
        return replace(
            count,
            text=self.redactor(count.text),
            attributed_to=self.redactor.optional(count.attributed_to),
        )


def group_reviews(reviews: Iterable[Review]) -> dict[str, list[Review]]:
    """Reviews by the id of the happening they are about, as :func:`publish` takes them."""
    grouped: dict[str, list[Review]] = {}
    for review in reviews:
        grouped.setdefault(review.cluster, []).append(review)
    return grouped


def publish(
    clusters: Iterable[Cluster],
    reviews: Mapping[str, Sequence[Review]],
    entities: Sequence[Entity],
    out_db: Path,
    *,
    redactions: Redactions | None = None,
    csv_path: Path | None = None,
    include_unverified: bool = False,
    documents: Callable[[str], Document | None] | None = None,
    title: str = "khronika: the verified record",
) -> PublishReport:
    """Write the verified record to ``out_db`` (SQLite), ``metadata.json`` beside it, and
    ``csv_path`` if given; all or nothing.

    ``reviews`` maps a happening's id to its reviews (:func:`group_reviews`). ``documents``
    looks a cited document up by name (``store.document``) for the ``sources`` table's title,
    outlet, address and date; without it the table lists the names only.
    """
    out_db = Path(out_db)
    metadata_path = out_db.with_name(METADATA_NAME)
    _check_paths(out_db, metadata_path, csv_path)
    wanted = ("verified", "unreviewed") if include_unverified else ("verified",)
    redacting = _Redacting(Redactor(redactions, entities))
    happenings: list[_Happening] = []
    left_out: dict[str, int] = {}
    for cluster in clusters:
        view = reviewed(cluster, reviews.get(cluster.id, ()))
        if view.status not in wanted:
            left_out[view.status] = left_out.get(view.status, 0) + 1
            continue
        happenings.append(redacting.happening(view.cluster, view.status, view.edited_fields))

    temps: list[Path] = []
    try:
        with _failing(out_db):
            db_tmp = _temp_beside(out_db, temps)
            _write_sqlite(db_tmp, happenings, redacting, documents)
        moves: list[tuple[Path, Path]] = []
        if csv_path is not None:
            with _failing(csv_path):
                csv_tmp = _temp_beside(csv_path, temps)
                with csv_tmp.open("w", encoding="utf-8", newline="") as handle:
                    get_exporter("csv")((h.cluster for h in happenings), handle)
            moves.append((csv_tmp, csv_path))
        with _failing(metadata_path):
            meta_tmp = _temp_beside(metadata_path, temps)
            meta_tmp.write_text(
                json.dumps(_metadata(out_db, title), ensure_ascii=False, indent=2) + "\n",
                encoding="utf-8",
            )
        moves.append((meta_tmp, metadata_path))
        moves.append((db_tmp, out_db))  # last: a failure before it leaves OUT.db as it was
        for source, target in moves:
            with _failing(target):
                os.replace(source, target)
            temps.remove(source)
    finally:
        for temp in temps:
            for leftover in (temp, temp.with_name(temp.name + "-journal")):
                with contextlib.suppress(OSError):
                    leftover.unlink()
    return PublishReport(
        out_db=out_db,
        metadata=metadata_path,
        csv=csv_path,
        events=len(happenings),
        left_out=left_out,
        people_withheld=redacting.redactor.people,
        actors_withheld=redacting.actors_withheld,
        names_replaced=redacting.redactor.replaced,
        unmatched=redacting.redactor.unmatched,
    )


@contextlib.contextmanager
def _failing(path: Path) -> Iterator[None]:
    """Turn a failure to write ``path`` into a one-line :class:`PublishError` naming it."""
    try:
        yield
    except OSError as error:
        raise PublishError(f"{path}: cannot write ({error.strerror or error})") from error
    except sqlite3.Error as error:
        raise PublishError(f"{path}: cannot write ({error})") from error


def publish_store(
    store: Store,
    out_db: Path,
    *,
    redactions: Redactions | None = None,
    csv_path: Path | None = None,
    include_unverified: bool = False,
) -> PublishReport:
    """:func:`publish` of what ``store`` holds: its happenings, reviews, registry, documents."""
    return publish(
        store.clusters(),
        group_reviews(store.reviews()),
        store.entities(),
        out_db,
        redactions=redactions,
        csv_path=csv_path,
        include_unverified=include_unverified,
        documents=store.document,
    )


def _check_paths(out_db: Path, metadata: Path, csv_path: Path | None) -> None:
    if out_db.is_dir():
        raise PublishError(f"{out_db}: is a directory")
    if not out_db.parent.is_dir():
        raise PublishError(f"{out_db}: no such directory {out_db.parent}")
    if out_db.name == METADATA_NAME:
        raise PublishError(f"{out_db}: that name is taken by the Datasette metadata")
    if csv_path is not None and csv_path.resolve() in (out_db.resolve(), metadata.resolve()):
        raise PublishError(f"{csv_path}: the csv would overwrite the published database")


def _temp_beside(path: Path, temps: list[Path]) -> Path:
    """A new empty file in ``path``'s directory (so the final rename stays on one filesystem)."""
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(handle)
    temps.append(Path(name))
    return Path(name)


# --- SQLite ------------------------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE sources (
    doc TEXT PRIMARY KEY,
    title TEXT,
    outlet TEXT,
    address TEXT,
    published TEXT,
    language TEXT,
    sha256 TEXT,
    n_events INTEGER NOT NULL
);
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    subtype TEXT,
    status TEXT NOT NULL,
    review_status TEXT NOT NULL,
    date_start TEXT,
    date_end TEXT,
    date_precision TEXT NOT NULL,
    place TEXT,
    country TEXT,
    admin1 TEXT,
    lat REAL,
    lon REAL,
    place_precision TEXT NOT NULL,
    summary TEXT NOT NULL,
    charges TEXT NOT NULL,
    demands TEXT NOT NULL,
    n_sources INTEGER NOT NULL,
    disputed TEXT NOT NULL,
    edited TEXT NOT NULL,
    sources TEXT NOT NULL,
    confidence REAL NOT NULL,
    case_id TEXT
);
CREATE TABLE actors (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    role TEXT NOT NULL,
    entity TEXT
);
CREATE TABLE counts (
    event_id TEXT NOT NULL REFERENCES events(id),
    key TEXT NOT NULL,
    min INTEGER,
    max INTEGER,
    text TEXT NOT NULL,
    attributed_to TEXT,
    PRIMARY KEY (event_id, key)
);
CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id),
    doc TEXT NOT NULL REFERENCES sources(doc),
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    quote TEXT NOT NULL
);
CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id),
    field TEXT NOT NULL,
    doc TEXT NOT NULL REFERENCES sources(doc),
    value TEXT NOT NULL,
    attributed_to TEXT
);
CREATE INDEX events_type ON events(type, subtype);
CREATE INDEX events_date ON events(date_start, date_end);
CREATE INDEX events_country ON events(country, admin1);
CREATE INDEX actors_event ON actors(event_id);
CREATE INDEX actors_name ON actors(name);
CREATE INDEX evidence_event ON evidence(event_id);
CREATE INDEX evidence_doc ON evidence(doc);
CREATE INDEX claims_event ON claims(event_id);
CREATE INDEX claims_doc ON claims(doc);
"""

# Datasette offers a search box on a table with an FTS table whose content= names it.
_FTS = """
CREATE VIRTUAL TABLE events_fts USING fts5(summary, place, content="events");
INSERT INTO events_fts(events_fts) VALUES ('rebuild');
CREATE VIRTUAL TABLE evidence_fts USING fts5(quote, content="evidence");
INSERT INTO evidence_fts(evidence_fts) VALUES ('rebuild');
"""


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _write_sqlite(
    path: Path,
    happenings: Sequence[_Happening],
    redacting: _Redacting,
    documents: Callable[[str], Document | None] | None,
) -> None:
    redact = redacting.redactor
    cited: dict[str, int] = {}
    for happening in happenings:
        docs = {q.doc for q in happening.quotes} | {c.doc for c in happening.cluster.claims}
        for doc in docs:
            cited[doc] = cited.get(doc, 0) + 1
    published_to_original = {v: k for k, v in redacting.doc_names.items()}
    source_rows = []
    for doc in sorted(cited):
        found = documents(published_to_original[doc]) if documents else None
        source_rows.append(
            (
                doc,
                redact.optional(found.title) if found else None,
                redact.optional(found.outlet) if found else None,
                redact.optional(found.address) if found else None,
                found.published.isoformat() if found and found.published else None,
                found.language if found else None,
                found.sha256 if found else None,
                cited[doc],
            )
        )
    with contextlib.closing(sqlite3.connect(path)) as connection:
        # A scratch file until the rename: no journal and no syncing while it is built (a
        # failure discards it), one fsync once it is whole.
        connection.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
        connection.execute("PRAGMA foreign_keys = ON")
        connection.executescript("BEGIN;" + _SCHEMA + "COMMIT;")
        with connection:
            connection.executemany(
                "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?)", source_rows
            )
            for happening in happenings:
                _insert_happening(connection, happening)
        with contextlib.suppress(sqlite3.OperationalError):  # an SQLite built without FTS5
            connection.executescript(_FTS)
        problems = connection.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise sqlite3.IntegrityError(f"foreign key check failed: {problems[:3]}")
        connection.commit()
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _insert_happening(connection: sqlite3.Connection, happening: _Happening) -> None:
    cluster = happening.cluster
    event: Event = cluster.event
    place = event.location
    connection.execute(
        "INSERT INTO events VALUES (" + ", ".join("?" * 23) + ")",
        (
            event.id,
            event.type,
            event.subtype,
            event.status,
            happening.status,
            event.date.start.isoformat() if event.date.start else None,
            event.date.end.isoformat() if event.date.end else None,
            event.date.precision,
            place.name or place.text,
            place.country,
            place.admin1,
            place.lat,
            place.lon,
            place.precision,
            event.summary,
            _json(list(event.charges)),
            _json(list(event.demands)),
            len(event.sources),
            _json(list(cluster.disputed)),
            _json(list(happening.edited)),
            _json(list(event.sources)),
            round(event.confidence, 3),
            cluster.case,
        ),
    )
    connection.executemany(
        "INSERT INTO actors (event_id, name, kind, role, entity) VALUES (?, ?, ?, ?, ?)",
        [(event.id, a.name, a.kind, a.role, a.entity) for a in event.actors],
    )
    connection.executemany(
        "INSERT INTO counts VALUES (?, ?, ?, ?, ?, ?)",
        [(event.id, key, c.min, c.max, c.text, c.attributed_to) for key, c in event.counts.items()],
    )
    connection.executemany(
        'INSERT INTO evidence (event_id, doc, "start", "end", quote) VALUES (?, ?, ?, ?, ?)',
        [(event.id, q.doc, q.start, q.end, q.quote) for q in happening.quotes],
    )
    connection.executemany(
        "INSERT INTO claims (event_id, field, doc, value, attributed_to) VALUES (?, ?, ?, ?, ?)",
        [(event.id, c.field, c.doc, _json(dict(c.value)), c.attributed_to) for c in cluster.claims],
    )


# --- Datasette metadata ------------------------------------------------------------------------

_REDACTION_NOTE = (
    " Names of people at risk are replaced by [withheld] and those people are left out of the "
    "actors."
)


def _metadata(out_db: Path, title: str) -> dict[str, Any]:
    """What ``datasette OUT.db -m metadata.json`` shows: titles, licence, table descriptions."""
    tables: dict[str, Any] = {
        "events": {
            "description": "One row per happening, as reviewers verified it: the best-supported "
            "value of each field among the reports, with reviewers' corrections applied."
            + _REDACTION_NOTE,
            "facets": ["type", "country", "review_status"],
            "sort_desc": "date_start",
            "columns": {
                "id": "Stable id of the happening",
                "status": "occurred or announced",
                "review_status": "verified (or unreviewed, if published with them)",
                "date_precision": "day, month, year or unknown",
                "place": "Gazetteer name of the place (or as written)",
                "country": "ISO 3166-1 alpha-2",
                "n_sources": "Number of documents reporting it",
                "disputed": "JSON array of fields the sources disagree on (see claims)",
                "edited": "JSON array of fields a reviewer corrected",
                "sources": "JSON array of the documents reporting it",
                "confidence": "Extraction confidence, 0 to 1",
                "case_id": "Groups the happenings of one linked case",
            },
        },
        "actors": {
            "description": "Who took part in a happening, and how.",
            "columns": {"entity": "Registry id of the person or organisation, when linked"},
        },
        "counts": {
            "description": "Figures as ranges (min to max), with the wording and who gave them.",
        },
        "evidence": {
            "description": "The quotes each happening rests on. start and end are character "
            "offsets into the source document's text; where a name was withheld the quote is "
            "redacted, so it no longer matches the source at those offsets.",
            "columns": {
                "start": "Offset of the quote in the source text",
                "end": "End offset (exclusive)",
            },
        },
        "claims": {
            "description": "What each source said of the date, the place and each count, "
            "kept side by side where they disagree.",
            "columns": {"value": "The claimed value, as JSON"},
        },
        "sources": {
            "description": "The documents the published happenings cite.",
            "columns": {"n_events": "Published happenings citing it"},
        },
    }
    return {
        "title": title,
        "description": "Happenings read from news and reports by khronika and verified by "
        "reviewers, every one with the quotes it rests on." + _REDACTION_NOTE,
        "license": LICENSE,
        "license_url": LICENSE_URL,
        "source": "khronika",
        "databases": {out_db.stem: {"tables": tables}},
    }


__all__ = [
    "WITHHELD",
    "PublishError",
    "PublishReport",
    "RedactionError",
    "Redactions",
    "Redactor",
    "group_reviews",
    "load_redactions",
    "publish",
    "publish_store",
]
