"""The synthetic report stream: deterministic, noisy like press copy, with a truth to score by."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pytest

from khronika.bench.synthetic import Synthetic, generate
from khronika.model import EVENT_TYPES, Event

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


@pytest.fixture(scope="module")
def stream() -> Synthetic:
    return generate(3000, seed=11)


def _by_happening(stream: Synthetic) -> dict[int, list[Event]]:
    groups: dict[int, list[Event]] = defaultdict(list)
    for report in stream.reports:
        groups[stream.truth[report.id]].append(report)
    return groups


def test_generate_same_seed_gives_same_reports_and_ids() -> None:
    first, second = generate(400, seed=5), generate(400, seed=5)

    assert [r.to_dict() for r in first.reports] == [r.to_dict() for r in second.reports]
    assert first.truth == second.truth
    assert [r.to_dict() for r in generate(400, seed=6).reports] != [
        r.to_dict() for r in first.reports
    ]


def test_generate_makes_exactly_n_reports_each_in_the_truth(stream: Synthetic) -> None:
    ids = [r.id for r in stream.reports]

    assert len(ids) == 3000 == len(set(ids))
    assert set(ids) == set(stream.truth)
    assert all(r.type in EVENT_TYPES for r in stream.reports)


def test_generate_duplicates_the_share_of_happenings_asked_for(stream: Synthetic) -> None:
    sizes = Counter(len(group) for group in _by_happening(stream).values())
    duplicated = sum(v for size, v in sizes.items() if size > 1) / sum(sizes.values())

    assert duplicated == pytest.approx(0.4, abs=0.05)
    assert max(sizes) <= 4
    many = _by_happening(generate(2000, seed=11, duplicate_share=0.8)).values()
    assert sum(len(g) > 1 for g in many) / len(many) == pytest.approx(0.8, abs=0.05)


def test_generate_without_duplicates_gives_one_report_per_happening() -> None:
    single = generate(500, seed=3, duplicate_share=0.0)

    assert len(set(single.truth.values())) == 500 == single.happenings


def test_generate_shuffles_reports_of_one_happening_apart(stream: Synthetic) -> None:
    neighbours = sum(
        stream.truth[a.id] == stream.truth[b.id]
        for a, b in zip(stream.reports, stream.reports[1:], strict=False)
    )

    assert neighbours < 30


def test_every_report_quotes_valid_evidence_from_its_own_document(stream: Synthetic) -> None:
    for report in stream.reports:
        assert report.evidence
        for piece in report.evidence:
            assert len(piece.text) == piece.end - piece.start > 0
    docs = [r.evidence[0].doc for r in stream.reports]
    assert len(set(docs)) == len(docs), "each report comes from a different document"


def test_reports_of_one_happening_disagree_like_press_copy(stream: Synthetic) -> None:
    groups = [g for g in _by_happening(stream).values() if len(g) > 1]
    respelled = dates_apart = 0
    for group in groups:
        spellings = {a.name for r in group for a in r.actors if a.kind == "person"}
        people = max(sum(a.kind == "person" for a in r.actors) for r in group)
        respelled += len(spellings) > people
        dates_apart += len({r.date.start for r in group}) > 1
    reports = stream.reports
    names = [a.name for r in reports for a in r.actors if a.kind == "person"]

    assert respelled > len(groups) * 0.2
    assert dates_apart > len(groups) * 0.1
    assert sum(bool(CYRILLIC.search(n)) for n in names) / len(names) == pytest.approx(0.1, abs=0.04)
    assert any(" " not in n for n in names), "some reports give the surname alone"
    assert any(r.date.precision == "month" for r in reports)
    coarse = [r.location for r in reports if r.location.precision == "country"]
    assert coarse and all(p.name is None and p.country for p in coarse)
    assert all(p.name and p.country for r in reports if (p := r.location).precision == "city")


def test_reports_of_one_happening_can_give_different_figures_and_sources(stream: Synthetic) -> None:
    disputed = 0
    for group in _by_happening(stream).values():
        figures: dict[str, set[tuple[int | None, int | None, str | None]]] = defaultdict(set)
        for report in group:
            for key, count in report.counts.items():
                figures[key].add((count.min, count.max, count.attributed_to))
        disputed += any(len(values) > 1 for values in figures.values())

    assert disputed > 20


def test_people_recur_across_happenings_from_a_population_that_grows_with_n() -> None:
    small, large = generate(400, seed=2), generate(4000, seed=2)

    def people(stream: Synthetic) -> int:
        return len(
            {
                a.name
                for r in stream.reports
                for a in r.actors
                if a.kind == "person" and " " in a.name
            }
        )

    assert people(large) > 4 * people(small)


def test_generate_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        generate(-1)
    with pytest.raises(ValueError):
        generate(10, duplicate_share=1.5)
    assert generate(0).reports == []
