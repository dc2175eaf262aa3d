"""Bare spaCy as a whole process: load the model, pipe a folder's texts, exit.

The yardstick of the whole-process benchmark (:mod:`khronika.bench.process`): what a user of
spaCy alone would wait for on the same files. Run as
``python -m khronika.bench.bare MODEL FOLDER BATCH``; prints the documents and words it read.
It imports nothing of khronika but this module, so its start-up is spaCy's own.
"""

from __future__ import annotations

import sys
from pathlib import Path


def pipe_folder(model: str, folder: Path, batch_size: int) -> tuple[int, int]:
    """Parse every file of ``folder`` (sorted by name) with ``model``; (documents, words)."""
    import spacy

    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.iterdir()) if p.is_file()]
    nlp = spacy.load(model)
    for _doc in nlp.pipe(texts, batch_size=batch_size):
        pass
    return len(texts), sum(len(text.split()) for text in texts)


def main(argv: list[str]) -> int:
    """The command line: MODEL FOLDER BATCH."""
    model, folder, batch = argv
    documents, words = pipe_folder(model, Path(folder), int(batch))
    print(f"{documents} documents, {words} words", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
