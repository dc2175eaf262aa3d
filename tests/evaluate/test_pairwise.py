"""Pairwise precision and recall: how a clustering is scored against known duplicates."""

from __future__ import annotations

import pytest

from khronika.evaluate.pairwise import pairwise_scores

TRUTH = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2, "f": 3}  # pairs: ab ac bc de


def test_pairwise_scores_of_the_truth_itself_are_perfect() -> None:
    assignment = {r: f"c{h}" for r, h in TRUTH.items()}

    assert pairwise_scores(TRUTH, assignment) == (1.0, 1.0)


def test_pairwise_scores_of_an_over_merged_clustering_lose_precision() -> None:
    assignment = {"a": "x", "b": "x", "c": "x", "d": "x", "e": "y", "f": "y"}
    # predicted pairs: 6 in x, 1 in y; true among them: ab ac bc -> 3 of 7; found 3 of 4
    precision, recall = pairwise_scores(TRUTH, assignment)

    assert precision == pytest.approx(3 / 7)
    assert recall == pytest.approx(3 / 4)


def test_pairwise_scores_of_an_under_merged_clustering_lose_recall() -> None:
    assignment = {"a": "x", "b": "x", "c": "y", "d": "z", "e": "w", "f": "v"}

    assert pairwise_scores(TRUTH, assignment) == (1.0, pytest.approx(1 / 4))


def test_pairwise_scores_count_a_report_missing_from_the_assignment_as_alone() -> None:
    assignment = {"a": "x", "b": "x", "d": "z", "e": "z"}

    assert pairwise_scores(TRUTH, assignment) == (1.0, pytest.approx(2 / 4))
    assert pairwise_scores({"a": 1}, {}) == (1.0, 1.0), "no pair to judge"
