"""Consolidation on real-style reports: different outlets' wordings of the same happenings and
their look-alikes (``realstyle.py``), scored pairwise as a whole and told case by case.
"""

from __future__ import annotations

import pytest

from khronika.consolidate import Consolidation, consolidate
from khronika.evaluate.pairwise import pairwise_scores
from tests.consolidate.realstyle import HAPPENING, REPORTS


@pytest.fixture(scope="module")
def result() -> Consolidation:
    return consolidate(REPORTS)


def _cluster_of(result: Consolidation, doc: str) -> str:
    [report] = [r for r in REPORTS if r.evidence[0].doc == doc]
    return result.assignment[report.id]


def test_gold_like_reports_cluster_with_precision_and_recall_on_target(
    result: Consolidation,
) -> None:
    truth = {report.id: HAPPENING[report.evidence[0].doc] for report in REPORTS}

    precision, recall = pairwise_scores(truth, result.assignment)

    assert precision >= 0.9
    assert recall >= 0.85


@pytest.mark.parametrize(
    ("doc", "look_alike"),
    [
        ("wire-almaty.txt", "wire-almaty-next.txt"),
        ("wire-almaty.txt", "ngo-almaty-anniversary.txt"),
        ("wire-zhanaozen.txt", "wire-zhanaozen-third.txt"),
        ("court-astana.txt", "court-astana-second.txt"),
        ("wire-minsk.txt", "wire-minsk-next.txt"),
        ("wire-oral.txt", "wire-oral-again.txt"),
        ("wire-moscow.txt", "wire-moscow-next.txt"),
    ],
)
def test_a_look_alike_stays_a_happening_of_its_own(
    result: Consolidation, doc: str, look_alike: str
) -> None:
    assert _cluster_of(result, doc) != _cluster_of(result, look_alike)


@pytest.mark.parametrize(
    ("doc", "other"),
    [
        ("wire-almaty.txt", "ngo-almaty.txt"),  # yearless, "Kourmanov"
        ("wire-almaty.txt", "ru-almaty.txt"),  # Russian, a site, "about 40"
        ("wire-zhanaozen.txt", "blog-zhanaozen.txt"),  # "overnight into" the next day
        ("court-astana.txt", "ngo-astana.txt"),  # undated, surname first, the same article
        ("wire-minsk.txt", "by-minsk.txt"),  # Belarusian script, yearless
        ("wire-minsk.txt", "ngo-belarus.txt"),  # placed only in the country
        ("wire-killing.txt", "ru-killing.txt"),
        ("wire-oral.txt", "ru-oral.txt"),  # surname first in Russian, yearless
        ("wire-moscow.txt", "late-moscow.txt"),  # "late on" the next day
        ("wire-aktobe.txt", "local-aktobe.txt"),  # only "on Tuesday", the organiser named
    ],
)
def test_wordings_of_one_happening_join(result: Consolidation, doc: str, other: str) -> None:
    assert _cluster_of(result, doc) == _cluster_of(result, other)


def test_every_join_of_the_set_is_explained(result: Consolidation) -> None:
    for cluster in result.clusters:
        explained = {join.report for join in cluster.joined_by}
        assert len(explained) == len(cluster.reports) - 1
        for join in cluster.joined_by:
            assert join.score == pytest.approx(sum(value for _, value in join.points))


def test_the_month_report_between_two_nights_is_offered_for_review(result: Consolidation) -> None:
    [month] = [r for r in REPORTS if r.evidence[0].doc == "review-zhanaozen.txt"]

    offered = [p for p in result.candidates if month.id in (p.report_a, p.report_b)]

    assert {p.reason for p in offered} == {"tie"}
    assert _cluster_of(result, "wire-zhanaozen.txt") in {p.cluster_b for p in offered}
