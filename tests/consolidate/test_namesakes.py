"""Namesakes split by where and when they were seen, and with whom; never joined."""

from __future__ import annotations

from khronika.consolidate.namesakes import Seen, split_namesakes


def seen(
    name: str,
    country: str | None,
    *years: int,
    company: tuple[str, ...] = (),
    weight: int = 1,
) -> Seen[str]:
    return Seen(
        record=name,
        countries=frozenset({country} if country else ()),
        years=frozenset(years),
        company=frozenset(company),
        weight=weight,
    )


def test_spellings_in_one_country_are_never_split_whatever_the_years() -> None:
    assert split_namesakes([seen("a", "KZ", 2015), seen("b", "KZ", 2025)]) == [["a", "b"]]


def test_other_country_and_a_distant_year_split_but_a_neighbouring_year_does_not() -> None:
    assert split_namesakes([seen("a", "KZ", 2015), seen("b", "BY", 2020)]) == [["a"], ["b"]]
    assert split_namesakes([seen("a", "KZ", 2019), seen("b", "BY", 2020)]) == [["a", "b"]]


def test_a_chain_of_overlaps_keeps_one_person_together() -> None:
    # KZ 2015 and KZ 2020 share a country; KZ 2020 and BY 2021 a period: all one person.
    chain = [seen("a", "KZ", 2015), seen("b", "KZ", 2020), seen("c", "BY", 2021)]

    assert split_namesakes(chain) == [["a", "b", "c"]]


def test_a_shared_companion_is_a_shared_story() -> None:
    pair = [
        seen("a", "KZ", 2015, company=("irina volkova",)),
        seen("b", "PL", 2022, company=("irina volkova",)),
    ]

    assert split_namesakes(pair) == [["a", "b"]]


def test_an_unplaced_spelling_goes_to_the_set_it_fits_or_else_the_heaviest() -> None:
    apart = [seen("kz", "KZ", 2015, weight=5), seen("by", "BY", 2023, weight=2)]

    assert split_namesakes([*apart, seen("by-undated", "BY")]) == [["kz"], ["by", "by-undated"]]
    assert split_namesakes([*apart, seen("nowhere", None)]) == [["kz", "nowhere"], ["by"]]
