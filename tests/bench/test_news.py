"""The news-like stream: yearless and undated reports, dateline places, wrong statuses and
look-alikes on neighbouring days, at the rates :mod:`khronika.bench.news` names.
"""

from __future__ import annotations

import random
from collections import defaultdict

import pytest

from khronika.bench.news import NewsNoise, news_name
from khronika.bench.synthetic import Synthetic, generate


@pytest.fixture(scope="module")
def news() -> Synthetic:
    return generate(4000, seed=7, noise=NewsNoise())


def _share(stream: Synthetic, test: object) -> float:
    assert callable(test)
    return sum(bool(test(r)) for r in stream.reports) / len(stream.reports)


def test_a_news_stream_has_yearless_and_undated_reports(news: Synthetic) -> None:
    yearless = _share(news, lambda r: r.date.month is not None and r.date.start is None)
    undated = _share(news, lambda r: r.date.precision == "unknown" and r.date.month is None)

    # Yearless only from day-precise dates (82 % of reports): about 0.15 * 0.82.
    assert yearless == pytest.approx(0.12, abs=0.03)
    assert undated == pytest.approx(0.10, abs=0.03)
    yearless_report = next(r for r in news.reports if r.date.month is not None)
    assert yearless_report.date.text and yearless_report.date.text.startswith("on ")


def test_a_clean_stream_has_none_of_it() -> None:
    clean = generate(2000, seed=7)

    assert all(r.date.precision != "unknown" for r in clean.reports)
    assert all(r.status == "occurred" for r in clean.reports)


def test_some_reports_are_placed_by_their_dateline_and_some_misplaced(news: Synthetic) -> None:
    datelined = _share(news, lambda r: r.location.text and r.location.text.isupper())

    assert datelined == pytest.approx(0.08, abs=0.03)


def test_some_statuses_are_misread_as_announced(news: Synthetic) -> None:
    assert 0.005 < _share(news, lambda r: r.status == "announced") < 0.04


def test_look_alikes_share_type_and_city_a_day_apart(news: Synthetic) -> None:
    days: dict[tuple[str, str | None], set[tuple[int, int]]] = defaultdict(set)
    for report in news.reports:
        if report.date.precision == "day" and report.date.start and report.location.name:
            key = (report.type, report.location.name)
            days[key].add((report.date.start.toordinal(), news.truth[report.id]))
    neighbours = sum(
        1
        for found in days.values()
        for day, happening in found
        if any(d == day + 1 and h != happening for d, h in found)
    )

    assert neighbours >= 100


def test_the_news_stream_is_deterministic() -> None:
    first = generate(300, seed=2, noise=NewsNoise())
    second = generate(300, seed=2, noise=NewsNoise())

    assert [r.to_dict() for r in first.reports] == [r.to_dict() for r in second.reports]


def test_some_names_are_written_surname_first_or_with_a_french_ou() -> None:
    rng = random.Random(1)
    noise = NewsNoise(surname_first=1.0, french_ou=1.0)

    assert news_name("Ainur Kurmanov", noise, rng) == "Kourmanov Ainur"
    assert news_name("Ainur Kurmanov", NewsNoise.none(), rng) == "Ainur Kurmanov"
