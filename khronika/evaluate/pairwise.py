"""Pairwise precision and recall of a clustering against known duplicates.

Used by the consolidation benchmark (:mod:`khronika.bench.scale`), whose synthetic reports come
with the happening each one reports; any clustering with a truth can be scored the same way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping


def pairwise_scores(
    truth: Mapping[str, Hashable], assignment: Mapping[str, str]
) -> tuple[float, float]:
    """Pairwise precision and recall of a clustering (item id -> cluster id) against the truth.

    Precision: of the pairs of items put in one cluster, the share that truly belong together;
    recall: of the pairs that truly belong together, the share put in one cluster. Counted from
    the contingency table as sums of C(k, 2), so linear in the number of items. Only items in
    ``truth`` count; one missing from ``assignment`` stands alone. With no pair to judge, a
    score is 1.0.
    """
    cells: Counter[tuple[str, Hashable]] = Counter()
    clusters: Counter[str] = Counter()
    groups: Counter[Hashable] = Counter()
    for item, group in truth.items():
        groups[group] += 1
        cluster = assignment.get(item)
        if cluster is None:
            continue  # a singleton of its own: no pair
        clusters[cluster] += 1
        cells[(cluster, group)] += 1

    together, predicted, actual = _pairs(cells), _pairs(clusters), _pairs(groups)
    precision = together / predicted if predicted else 1.0
    recall = together / actual if actual else 1.0
    return precision, recall


def _pairs(sizes: Counter[str] | Counter[Hashable] | Counter[tuple[str, Hashable]]) -> int:
    return sum(k * (k - 1) // 2 for k in sizes.values())
