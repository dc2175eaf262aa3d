"""Evaluation: score extracted events against a gold file and report the figures."""

from khronika.evaluate.report import format_report, scores_to_json
from khronika.evaluate.scoring import (
    PRF,
    GoldDocument,
    Match,
    Ratio,
    Scores,
    Tally,
    load_gold,
    match_events,
    score,
)

__all__ = [
    "PRF",
    "GoldDocument",
    "Match",
    "Ratio",
    "Scores",
    "Tally",
    "format_report",
    "load_gold",
    "match_events",
    "score",
    "scores_to_json",
]
