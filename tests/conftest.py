"""Shared fixtures: settings, tiny PDFs built by hand (no PDF writer is installed), the development
corpus beside the checkout, the store's backends (``db_url``, a store per test, and
``module_db_url``, one a module shares: SQLite, and PostgreSQL when ``KHRONIKA_TEST_PG`` names a
server, see :mod:`backends`; ``copy_store`` copies either), and for the model tier the spaCy
pipeline, the gazetteer and one-call extraction."""

from __future__ import annotations

import hashlib
import shutil
import struct
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path

import pytest
from backends import BACKENDS, Server, Snapshot, pg_or_skip, pg_server_url, sqlite_url
from spacy.language import Language

from khronika.extract.en.extractor import EnglishExtractor
from khronika.extract.places import Gazetteer, default_gazetteer
from khronika.model import Document, Event
from khronika.nlp import build_english, load_lexicon
from khronika.settings import Settings

ExtractEvents = Callable[..., list[Event]]

# The development corpus is not in the repository: it sits beside the checkout, in ../shared.
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """The development corpus (../shared/corpus); a test that needs it fails, naming the path."""
    if not CORPUS.is_dir():
        pytest.fail(
            f"the development corpus is missing: {CORPUS} (put shared/corpus beside the checkout)",
            pytrace=False,
        )
    return CORPUS


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server | None]:
    """The PostgreSQL server of ``KHRONIKA_TEST_PG``, or None when it is not set."""
    url = pg_server_url()
    if url is None:
        yield None
        return
    server = Server(url)
    yield server
    server.close()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The name of the backend a test runs on (each test that asks runs on every one)."""
    return str(request.param)


@pytest.fixture(scope="session")
def pg_empty_store(pg_server: Server | None) -> Iterator[Snapshot | None]:
    """A PostgreSQL database with every migration applied and no rows, for ``db_url``."""
    if pg_server is None:
        yield None
        return
    from khronika.store import Store

    with pg_server.database() as url:
        Store.open(url).close()
        snapshot = Snapshot(url)
        yield snapshot
        snapshot.close()


@pytest.fixture
def db_url(backend: str, tmp_path: Path, pg_empty_store: Snapshot | None) -> str:
    """The URL of an empty store's database on ``backend``: a new SQLite file (not there yet),
    or PostgreSQL's shared test database emptied (every migration applied, no rows: see
    :mod:`backends`). ``Store.open`` brings either up to date; a bare engine calls ``migrate``.
    """
    if backend == "sqlite":
        return sqlite_url(tmp_path / "khronika.db")
    snapshot = pg_or_skip(pg_empty_store)
    snapshot.restore()
    return snapshot.url


@pytest.fixture
def fresh_db_url(backend: str, tmp_path: Path, pg_server: Server | None) -> Iterator[str]:
    """The URL of a database nothing has touched yet, on ``backend`` (for migrations from
    empty or from an old step): a new SQLite file, or a new PostgreSQL database dropped after.
    """
    if backend == "sqlite":
        yield sqlite_url(tmp_path / "fresh.db")
        return
    with pg_or_skip(pg_server).database() as url:
        yield url


@pytest.fixture(scope="module", params=BACKENDS)
def module_backend(request: pytest.FixtureRequest) -> str:
    """The backend of a module's shared store (its tests run once per backend, grouped)."""
    return str(request.param)


@pytest.fixture(scope="module")
def module_db_url(
    module_backend: str, tmp_path_factory: pytest.TempPathFactory, pg_server: Server | None
) -> Iterator[str]:
    """The URL of a store the tests of one module share (it writes once, they read): a new
    SQLite file, or a new PostgreSQL database dropped when the module is done."""
    if module_backend == "sqlite":
        yield sqlite_url(tmp_path_factory.mktemp("module-store") / "khronika.db")
        return
    with pg_or_skip(pg_server).database() as url:
        yield url


@pytest.fixture
def copy_store(
    tmp_path: Path, pg_server: Server | None, request: pytest.FixtureRequest
) -> Callable[[str], str]:
    """``copy_store(url)``: the URL of a copy of that store, for a test that must change a
    shared one: the SQLite file copied, or a PostgreSQL database made from it as a template
    (dropped after the test)."""

    def copy(url: str) -> str:
        if url.startswith("sqlite:"):
            source = Path(url.removeprefix("sqlite:///"))
            target = tmp_path / f"copy-{len(list(tmp_path.glob('copy-*')))}.db"
            for suffix in ("", "-wal", "-shm"):
                if (here := source.with_name(source.name + suffix)).exists():
                    shutil.copyfile(here, target.with_name(target.name + suffix))
            return sqlite_url(target)
        server = pg_or_skip(pg_server)
        made = server.create(template=url)
        request.addfinalizer(lambda: server.drop(made))
        return made

    return copy


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The English pipeline with khronika's components (loads the real model once)."""
    return build_english()


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """The offline gazetteer (a few seconds to build, so once per session)."""
    return default_gazetteer()


@pytest.fixture(scope="session")
def extract_events(nlp: Language, gazetteer: Gazetteer) -> ExtractEvents:
    """``extract_events(text, published=None)``: the English extractor run on one small text."""
    extractor = EnglishExtractor(load_lexicon("en", Settings().lexicon_version), gazetteer)

    def run(text: str, published: date | None = None) -> list[Event]:
        document = Document(
            name="t.txt",
            text=text,
            sha256=Document.hash_bytes(text.encode()),
            published=published,
            language="en",
        )
        return extractor.events(nlp(text), document)

    return run


# The padding string of the PDF standard security handler (ISO 32000-1, 7.6.3.3).
_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
_FILE_ID = bytes(range(16))
_PERMISSIONS = -4

PdfBuilder = Callable[..., bytes]


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def make_pdf() -> PdfBuilder:
    """``make_pdf([["line", ...], ...], user_password=None)``: one list of lines per page."""
    return build_pdf


def build_pdf(pages: Sequence[Sequence[str]], user_password: str | None = None) -> bytes:
    key = _file_key(user_password) if user_password is not None else None
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        _pages_object(len(pages)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for index, lines in enumerate(pages):
        content_number = 5 + 2 * index
        objects.append(_page_object(content_number))
        content = _content_stream(lines)
        if key is not None:
            content = _rc4(_object_key(key, content_number), content)
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    trailer = f"/Size {len(objects) + 1} /Root 1 0 R"
    if user_password is not None:
        trailer += " " + _encrypt_entries(user_password)
    return _assemble(objects, trailer)


def _pages_object(count: int) -> bytes:
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(count))
    return f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode()


def _page_object(content_number: int) -> bytes:
    return (
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content_number} 0 R >>"
    ).encode()


def _content_stream(lines: Sequence[str]) -> bytes:
    if not lines:
        return b""
    ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({escaped}) Tj T*")
    ops.append("ET")
    return "\n".join(ops).encode("latin-1")


def _assemble(objects: list[bytes], trailer: str) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< " + trailer.encode() + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


# --- RC4 40-bit encryption, revision 2 of the standard security handler -----------------------


def _encrypt_entries(user_password: str) -> str:
    owner = _owner_entry(user_password)
    user = _rc4(_file_key(user_password), _PAD)
    file_id = _FILE_ID.hex()
    return (
        f"/Encrypt << /Filter /Standard /V 1 /R 2 /O <{owner.hex()}> /U <{user.hex()}> "
        f"/P {_PERMISSIONS} >> /ID [<{file_id}> <{file_id}>]"
    )


def _padded(password: str) -> bytes:
    return (password.encode("latin-1") + _PAD)[:32]


def _owner_entry(user_password: str) -> bytes:
    # Fixed owner password: only the user password matters for opening the file.
    return _rc4(hashlib.md5(_padded("owner")).digest()[:5], _padded(user_password))


def _file_key(user_password: str) -> bytes:
    seed = (
        _padded(user_password)
        + _owner_entry(user_password)
        + struct.pack("<i", _PERMISSIONS)
        + _FILE_ID
    )
    return hashlib.md5(seed).digest()[:5]


def _object_key(key: bytes, number: int) -> bytes:
    return hashlib.md5(key + number.to_bytes(3, "little") + (0).to_bytes(2, "little")).digest()[:10]


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)
