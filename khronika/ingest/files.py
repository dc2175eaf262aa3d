"""Which files a run reads: paths as given, folders walked recursively in a stable order.

Inside a folder, only regular files are read: a symbolic link is not followed unless asked
(``follow_links``), and even then never to a file outside the folders given; devices, FIFOs and
sockets are skipped with a line. A file's name is shown (and stored) escaped, on one line, even
when it holds bytes that are not UTF-8 or a newline.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

# Metadata and gold files sit next to the sources they describe; they are not sources.
_SIDECAR_SUFFIXES = frozenset({".jsonl"})


@dataclass(frozen=True)
class InputFile:
    """One file of a run: where it is, its name (relative to the folder given, or the path as
    given), and why it is skipped, if it is.
    """

    path: Path
    relative: str
    skipped: str | None = None

    @property
    def shown(self) -> str:
        """The path as given, escaped onto one printable line."""
        return shown_name(str(self.path))


def shown_name(name: str) -> str:
    r"""``name`` with undecodable bytes as ``\xNN`` and control characters escaped: one line."""
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in text)


def iter_input_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Yield every input file: files as given, folders recursively (sorted, deterministic).

    Inside folders, hidden files and folders and ``*.jsonl`` files are skipped, and so are
    symbolic links and anything that is not a regular file. A path that does not exist is yielded
    anyway so that :func:`read_document` reports it and the batch goes on; a file named
    explicitly is never filtered, whatever its name.
    """
    for entry in iter_inputs(paths):
        if entry.skipped is None:
            yield entry.path


def iter_inputs(paths: Iterable[Path], *, follow_links: bool = False) -> Iterator[InputFile]:
    """Every input of a run, the skipped ones too (with their reason), in a stable order."""
    given = list(paths)
    roots = [_resolved(p) for p in given if p.is_dir()]
    for path in given:
        if path.is_dir():
            yield from _walk(path, roots, follow_links)
        else:
            yield InputFile(path, shown_name(str(path)))


def _walk(folder: Path, roots: list[Path], follow_links: bool) -> Iterator[InputFile]:
    files: list[InputFile] = []
    # followlinks=False: a symlink loop must not make the walk endless.
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = [d for d in dirnames if not _is_hidden(d)]
        root = Path(dirpath)
        for name in dirnames:
            if (root / name).is_symlink():  # os.walk lists it and does not enter it: say so
                relative = shown_name(str((root / name).relative_to(folder)))
                files.append(
                    InputFile(root / name, relative, "symbolic link to a folder, not followed")
                )
        for name in filenames:
            if _is_source_name(name):
                path = root / name
                relative = shown_name(str(path.relative_to(folder)))
                files.append(InputFile(path, relative, _skip_reason(path, roots, follow_links)))
    # Sort by path components, not by string: "a/b" must come before "a-c" on every platform.
    yield from sorted(files, key=lambda f: f.path.relative_to(folder).parts)


def _skip_reason(path: Path, roots: list[Path], follow_links: bool) -> str | None:
    try:
        mode = path.lstat().st_mode
    except OSError as exc:
        return f"cannot read file: {exc.strerror or exc}"
    if stat.S_ISLNK(mode):
        if not follow_links:
            return "symbolic link, not followed (--follow-links reads links inside the folders)"
        target = _resolved(path)
        if not any(target.is_relative_to(root) for root in roots):
            return "symbolic link to a file outside the folders given, not followed"
        try:
            mode = path.stat().st_mode
        except OSError:
            return "broken symbolic link"
    if not stat.S_ISREG(mode):
        # A FIFO or device would block or never end; neither is a document.
        return "not a regular file (device, FIFO or socket), skipped"
    return None


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a link loop
        return path.absolute()


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _is_source_name(name: str) -> bool:
    return not _is_hidden(name) and Path(name).suffix.lower() not in _SIDECAR_SUFFIXES
