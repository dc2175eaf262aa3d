"""The parts of an event that come straight from its sentence: evidence, summary, parties.

Language-neutral: the evidence of a trigger is its whole sentence (trimmed of surrounding
space), the summary that sentence on one line, and a party named twice in one role is one.
"""

from __future__ import annotations

from spacy.tokens import Span

from khronika.model import Actor, Document, Evidence

SUMMARY_LENGTH = 240


def sentence_evidence(document: Document, sent: Span) -> Evidence:
    """The sentence as evidence, without the spaces and line breaks around it."""
    text = document.text
    start, end = sent.start_char, sent.end_char
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Evidence.from_text(document.name, text, start, end)


def summary(evidence: Evidence) -> str:
    """The evidence on one line, cut at a word before ``SUMMARY_LENGTH`` characters."""
    text = " ".join(evidence.text.split())
    if len(text) <= SUMMARY_LENGTH:
        return text
    return text[: SUMMARY_LENGTH - 3].rsplit(" ", 1)[0] + "…"


def dedupe_actors(actors: list[Actor]) -> list[Actor]:
    """One actor per name and role, the first mention kept."""
    seen: dict[tuple[str, str], Actor] = {}
    for actor in actors:
        seen.setdefault((actor.name.lower(), actor.role), actor)
    return list(seen.values())
