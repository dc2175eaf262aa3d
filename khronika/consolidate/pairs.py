"""Persons linked in plain Python by the registry's own splink model, for small inputs.

Splink (DuckDB, SQLGlot, PyArrow) costs about half a second of imports and start-up before it
compares a single pair: more than linking the few dozen names of a small run. Its model here has
no training, only fixed m and u probabilities (``people.SURNAME_LEVELS`` and its siblings), so
it can be scored directly. This module does what splink's ``predict`` and
``cluster_pairwise_predictions_at_threshold`` do with that model, step by step:

- pairs: the union of the blocking rules' equality joins, each pair once (SQL's ``NULL = NULL``
  is no match);
- levels: per comparison, the first level whose condition holds, in splink's order (null,
  exact, a feminine -a on one side, the same sound, Jaro-Winkler thresholds, else);
- weight: the prior's match weight plus each level's ``log2(m / u)``, summed in the same order;
  a pair links when both its weight and its probability reach the threshold, as in splink;
- clusters: the connected components of the linked pairs.

Jaro-Winkler is DuckDB's: over UTF-8 bytes, the second string's characters matched in turn to
the first's within the window, prefix weight 0.1 above 0.7 (one rounding, as DuckDB's build). ``tests/consolidate/test_pairs.py``
checks every answer against DuckDB and splink.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

M_U_CLAMP_MIN = 1e-300  # splink's floor under m and u


@dataclass(frozen=True)
class NameColumn:
    """One compared name: its level probabilities and Jaro-Winkler thresholds, in order."""

    levels: Mapping[str, tuple[float, float]]
    jaro_winkler: tuple[float, ...]


@dataclass(frozen=True)
class Row:
    """One record as splink's input table holds it."""

    given: str | None
    surname: str
    country: str | None
    given_sound: str | None
    surname_sound: str
    surname_prefix: str

    @property
    def given_initial(self) -> str:
        """The given name's first letter, or "" (never NULL, as the table writes it)."""
        return (self.given or "")[:1]


def level_weight(m_u: tuple[float, float]) -> float:
    """A level's match weight as splink computes it."""
    m, u = max(m_u[0], M_U_CLAMP_MIN), max(m_u[1], M_U_CLAMP_MIN)
    return math.log2(m / u)


def prior_weight(probability: float) -> float:
    """The match weight of a probability (splink's ``prob_to_match_weight``)."""
    return math.log2(probability / (1 - probability)) if probability != 1 else math.inf


def match_probability(weight: float) -> float:
    """The probability of a match weight, by splink's SQL expression."""
    if weight >= 0:
        return 1.0 / (1.0 + math.pow(2.0, -weight))
    return math.pow(2.0, weight) / (1.0 + math.pow(2.0, weight))


def jaro_winkler(first: str, second: str) -> float:
    """DuckDB's ``jaro_winkler_similarity(first, second)``."""
    return _jaro_winkler(first.encode(), second.encode())


def _jaro_winkler(p: bytes, t: bytes) -> float:
    similarity = _jaro(p, t)
    if similarity > 0.7:
        prefix = 0
        for a, b in zip(p[:4], t[:4], strict=False):
            if a != b:
                break
            prefix += 1
        if prefix:
            # DuckDB's build computes this as one fused multiply-add (rounded once), which
            # Python 3.11 has no function for: exact fractions, rounded once, give the same.
            exact = Fraction(prefix * 0.1) * Fraction(1.0 - similarity) + Fraction(similarity)
            similarity = float(exact)
    return similarity


def _jaro(p: bytes, t: bytes) -> float:
    if not p and not t:
        return 1.0
    if not p or not t:
        return 0.0
    bound = max(max(len(p), len(t)) // 2 - 1, 0)
    p_flag = [False] * len(p)
    t_matched: list[int] = []
    for j, char in enumerate(t):
        for i in range(max(0, j - bound), min(len(p), j + bound + 1)):
            if not p_flag[i] and p[i] == char:
                p_flag[i] = True
                t_matched.append(char)
                break
    common = len(t_matched)
    if not common:
        return 0.0
    p_matched = [char for i, char in enumerate(p) if p_flag[i]]
    transpositions = sum(a != b for a, b in zip(p_matched, t_matched, strict=True)) // 2
    similarity = 0.0
    similarity += common / len(p)
    similarity += common / len(t)
    similarity += (common - transpositions) / common
    return similarity / 3.0


def _name_weight(
    left: str | None,
    right: str | None,
    left_sound: str | None,
    right_sound: str | None,
    column: NameColumn,
) -> float:
    if left is None or right is None:
        return 0.0  # splink's null level: no evidence either way
    levels = column.levels
    if left == right:
        return level_weight(levels["exact"])
    if left.endswith("a") != right.endswith("a"):
        return level_weight(levels["feminine"])
    if left_sound is not None and right_sound is not None and left_sound == right_sound:
        return level_weight(levels["sound"])
    similarity = jaro_winkler(left, right)
    for threshold in column.jaro_winkler:
        if similarity >= threshold:
            return level_weight(levels[f"jw{round(threshold * 100)}"])
    return level_weight(levels["else"])


def _country_weight(
    left: str | None, right: str | None, levels: Mapping[str, tuple[float, float]]
) -> float:
    if left is None or right is None:
        return 0.0
    return level_weight(levels["exact"] if left == right else levels["else"])


# The registry's blocking rules, the columns each joins on: splink's settings are built from
# these too (``people._person_settings``), so both paths compare the same pairs.
# The same surname and given initial (every folded or near given name); the same given name and
# surname start (a surname typo); spellings of one sound (Kourmanov / Kurmanov).
BLOCKING_COLUMNS: tuple[tuple[str, ...], ...] = (
    ("surname", "given_initial"),
    ("given", "surname_prefix"),
    ("surname_sound", "given_initial"),
)


def _block_key(columns: tuple[str, ...]) -> Callable[[Row], tuple[str | None, ...]]:
    return lambda row: tuple(getattr(row, column) for column in columns)


_BLOCKS = tuple(_block_key(columns) for columns in BLOCKING_COLUMNS)


def candidate_pairs(rows: Sequence[Row]) -> list[tuple[int, int]]:
    """Every pair (left id below right id) that one of the blocking rules joins, once."""
    pairs: set[tuple[int, int]] = set()
    for block in _BLOCKS:
        groups: dict[tuple[str | None, ...], list[int]] = defaultdict(list)
        for index, row in enumerate(rows):
            values = block(row)
            if None not in values:  # SQL: NULL equals nothing
                groups[values].append(index)
        for members in groups.values():
            for a, left in enumerate(members):
                for right in members[a + 1 :]:
                    pairs.add((left, right))
    return sorted(pairs)


@dataclass(frozen=True)
class PersonModel:
    """The registry's person model: the prior, the three comparisons and the threshold."""

    prior: float
    surname: NameColumn
    given: NameColumn
    country: Mapping[str, tuple[float, float]]

    def weight(self, left: Row, right: Row) -> float:
        """The pair's match weight, summed in splink's order (prior, surname, given, country)."""
        weight = prior_weight(self.prior)
        weight += _name_weight(
            left.surname, right.surname, left.surname_sound, right.surname_sound, self.surname
        )
        weight += _name_weight(
            left.given, right.given, left.given_sound, right.given_sound, self.given
        )
        return weight + _country_weight(left.country, right.country, self.country)

    def clusters(self, rows: Sequence[Row], threshold: float) -> list[list[int]]:
        """The ids of ``rows`` in clusters (each sorted, ordered by their first id)."""
        floor = prior_weight(threshold)
        parent = list(range(len(rows)))

        def find(item: int) -> int:
            while parent[item] != item:
                parent[item] = parent[parent[item]]
                item = parent[item]
            return item

        for left, right in candidate_pairs(rows):
            weight = self.weight(rows[left], rows[right])
            if weight >= floor and match_probability(weight) >= threshold:
                a, b = find(left), find(right)
                if a != b:
                    parent[max(a, b)] = min(a, b)
        members: dict[int, list[int]] = defaultdict(list)
        for item in range(len(rows)):
            members[find(item)].append(item)
        return list(members.values())
