"""Phrase triggers found from their first word, as spaCy's Matcher found them, more cheaply.

A phrase rule of the lexicon matches where every word's lemma is one of its forms, or every
word's lower-case text is (the two token patterns the trigger matcher once gave spaCy's
``Matcher``). The Matcher tried each of its patterns at every token and checked its ``IN`` sets
in Python: a fifth of extraction's own cost. Here a token starts a match only where its lemma or
lower-case text begins some phrase, and the matches come back in the Matcher's order (by end,
then start, then rule), so the trigger matcher's choice between rules of equal length is the
one it always made.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from spacy.tokens import Doc


class PhraseMatch(NamedTuple):
    """One phrase found: the index of its rule and its token span."""

    rule: int
    start: int
    end: int


class PhraseIndex:
    """Phrase rules (rule index, forms per word) indexed by the forms of their first word."""

    def __init__(self, phrases: Iterable[tuple[int, Sequence[Iterable[str]]]]) -> None:
        self.by_first: dict[str, list[tuple[int, tuple[frozenset[str], ...]]]] = {}
        for rule, words in phrases:
            forms = tuple(frozenset(word) for word in words)
            for form in sorted(forms[0]):
                self.by_first.setdefault(form, []).append((rule, forms))

    def __len__(self) -> int:
        """The number of phrase rules."""
        return len({rule for entries in self.by_first.values() for rule, _ in entries})

    def matches(self, doc: Doc) -> list[PhraseMatch]:
        """Every phrase in ``doc``, each (rule, start, end) once, ordered by end, start, rule."""
        if not self.by_first:
            return []
        lemmas = [token.lemma_ for token in doc]
        lowers = [token.lower_ for token in doc]
        found: set[PhraseMatch] = set()
        for start in range(len(lemmas)):
            for words in (lemmas, lowers):
                for rule, forms in self.by_first.get(words[start], ()):
                    end = start + len(forms)
                    if end <= len(words) and all(
                        words[start + k] in allowed for k, allowed in enumerate(forms)
                    ):
                        found.add(PhraseMatch(rule, start, end))
        return sorted(found, key=lambda m: (m.end, m.start, m.rule))
