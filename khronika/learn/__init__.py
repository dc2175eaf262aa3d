"""The learned event-type layer: a scorer on an offline sentence encoder, trained on public data.

Rules propose candidate sentences; ``shipped().type_sentences(sentences)`` decides each one's
type or "none" with a calibrated confidence. ``python -m khronika.learn.train`` rebuilds the
shipped artefact and reports cross-validated scores.
"""

from khronika.learn.artefact import EventTyper, shipped
from khronika.learn.scorer import Typing

__all__ = ["EventTyper", "Typing", "shipped"]
