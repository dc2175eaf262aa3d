"""Language-neutral rules over one document's candidates: the same act in several cities, and
talk or history kept only beside the news.

Both languages cut events the spec's way (one event per city) and both keep reported speech and
recalled events only where the text reports an act of its own; what differs is how each
language's parse finds the cities and which candidates need such an anchor, so the extractors
pass those in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from khronika.extract.candidates import Candidate
from khronika.extract.context import PlaceMention
from khronika.extract.places import Gazetteer


def copies_per_city(
    candidate: Candidate,
    cities: Iterable[PlaceMention],
    gazetteer: Gazetteer,
    *,
    keep_targets: bool = True,
    keep_counts: bool = True,
) -> list[Candidate]:
    """One copy of ``candidate`` in each of ``cities``: the same act in another city is another
    event. A copy may drop the targets and counts when the text gives them for one city only.
    """
    return [
        replace(
            candidate,
            place=gazetteer.to_place(mention.entry, text=mention.text),
            place_explicit=True,
            evidence=list(candidate.evidence),
            actors=[a for a in candidate.actors if keep_targets or a.role != "target"],
            counts=dict(candidate.counts) if keep_counts else {},
        )
        for mention in cities
    ]


def anchored(
    candidates: list[Candidate],
    needs_anchor: Callable[[Candidate], bool],
    beside_news: Callable[[Candidate], bool] = lambda _: True,
) -> list[Candidate]:
    """The candidates without those that need an anchor and have none.

    An anchor is news: a candidate that is no statement and needs no anchor itself. Where the
    text has one, a candidate that needs an anchor stays if ``beside_news`` holds for it (it
    speaks of the conflict, say); where the text has none, it goes: a minister's grain forecast
    or a film review's rally of 1962 is no event of the record.
    """
    news = any(c.type != "statement" and not needs_anchor(c) for c in candidates)
    return [c for c in candidates if not needs_anchor(c) or (news and beside_news(c))]
