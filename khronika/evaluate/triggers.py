"""Which lexicon triggers occur in a document: evidence for telling a lexicon gap from a filter.

A gold event missed with nothing of its type found in its sentence is either a gap in the
trigger lexicon (no trigger word of its type is there) or a trigger that was found and then
dropped by a constraint, a status filter or the confidence threshold. Matching the lexicon on
the document again, with the same spaCy components the extractor uses, tells the two apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from khronika.evaluate.evidence import FoundTrigger
from khronika.nlp import build_english, load_lexicon
from khronika.settings import Settings


def find_triggers(
    texts: Mapping[str, str], docs: Iterable[str], settings: Settings
) -> dict[str, list[FoundTrigger]]:
    """The English lexicon's triggers in each named document, with character offsets.

    Only English is matched: a document in another language simply has no triggers here, so
    its misses stay "no trigger" rather than being called filtered on a guess.
    """
    nlp = build_english(settings.english_model, settings.lexicon_version)
    lexicon = load_lexicon("en", settings.lexicon_version)
    found: dict[str, list[FoundTrigger]] = {}
    for doc_name in docs:
        text = texts.get(doc_name)
        if text is None:
            continue
        doc = nlp(text)
        found[doc_name] = []
        for trigger in doc._.triggers:
            rule = lexicon.triggers[trigger.rule]
            span = doc[trigger.start : trigger.end]
            found[doc_name].append(
                FoundTrigger(
                    start=span.start_char,
                    end=span.end_char,
                    type=rule.type,
                    word=span.text,
                    needs=rule.needs,
                )
            )
    return found


__all__ = ["find_triggers"]
