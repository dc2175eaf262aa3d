"""Russian trigger matching: lexicon rules on natasha lemmas, with their constraints.

A one-word rule is a dictionary hit on the lemma. A phrase matches when its lemmas come in
order within the sentence with at most two other words between them, since Russian puts
adjectives and pronouns inside verb phrases ("возбудили уголовное дело", "применили к ним
силу"). Of the rules a word matches, the first whose part of speech and constraint fit wins;
a longer phrase beats a single word on the same head.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from khronika.extract.ru.constraints import CONSTRAINTS
from khronika.nlp.components import Trigger, sentence_of
from khronika.nlp.lexicon import Lexicon, TriggerRule

_GAP = 2


def _pos_fits(token: Token, rule: TriggerRule) -> bool:
    pos = token.pos_
    if pos == "AUX" and "VERB" in rule.pos:
        return True  # natasha tags 'быть' forms as AUX; never a trigger here, but harmless
    return pos in rule.pos or (pos == "PROPN" and "NOUN" in rule.pos)


def _phrase_at(doc: Doc, start: int, rule: TriggerRule) -> list[int] | None:
    """Token indices of the phrase starting at ``start``, or None when it does not follow."""
    indices = [start]
    end = sentence_of(doc[start]).end
    i = start
    for lemma in rule.lemmas[1:]:
        for j in range(i + 1, min(i + 2 + _GAP, end)):
            if doc[j].lemma_ == lemma or doc[j].lower_ == lemma:
                indices.append(j)
                i = j
                break
        else:
            return None
    return indices


class RussianTriggers:
    """Finds the triggers of one lexicon in a parsed Russian Doc."""

    def __init__(self, lexicon: Lexicon) -> None:
        CONSTRAINTS.check_lexicon(lexicon)
        self.lexicon = lexicon
        self.by_first: dict[str, list[int]] = {}
        for index, rule in enumerate(lexicon.triggers):
            self.by_first.setdefault(rule.lemmas[0], []).append(index)

    def __call__(self, doc: Doc) -> Doc:
        """Set ``doc._.triggers``, ``doc._.sentence_starts`` and ``doc._.lexicon_version``."""
        doc._.sentence_starts = [s.start for s in doc.sents]
        best: dict[int, tuple[int, Trigger]] = {}
        for token in doc:
            for index in self.by_first.get(token.lemma_, ()):
                rule = self.lexicon.triggers[index]
                indices = _phrase_at(doc, token.i, rule) if len(rule.lemmas) > 1 else [token.i]
                if indices is None:
                    continue
                head = doc[indices[rule.head]]
                if not _pos_fits(head, rule) or not CONSTRAINTS.satisfies(rule, head):
                    continue
                size = len(indices)
                current = best.get(head.i)
                if current is None or size > current[0]:
                    trigger = Trigger(
                        start=indices[0], end=indices[-1] + 1, head=head.i, rule=index
                    )
                    best[head.i] = (size, trigger)
        doc._.triggers = tuple(t for _, t in sorted(best.values(), key=lambda p: p[1].head))
        doc._.lexicon_version = self.lexicon.version
        return doc
