"""The registry: one entity per real person or organisation, across spellings and scripts.

Persons are linked with splink (DuckDB backend) on the folded given name, surname and the
event's country, with match weights set by hand so that results are reproducible and tiny inputs
work; up to ``PYTHON_LINKING_MAX`` full names the same model is scored in Python (:mod:`.pairs`,
the same clusters without splink's half second of start-up). A phonetic key of each folded name (:func:`sound_key`: "Kourmanov" and "Kurmanov",
Belyatsky and Bialiatski) is both a blocking rule and a comparison level, so spellings that
transliteration schemes and French- or Polish-style press copy write differently still meet. A
name written surname first ("Kurmanov Ainur") is one person with the same name written given
name first in the same country. Place names of the reports (the gazetteer's, as extraction
resolved them) are never people or organisations, however they were tagged. A surname alone ("Tulegenov") never enters splink: it would bridge two different people of
one surname; it joins the one person it can only mean, afterwards. Organisations are linked on
their folded name, and an acronym joins the one full name it abbreviates. Persons and
organisations never link to each other.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from khronika.consolidate.namesakes import Seen, split_namesakes
from khronika.consolidate.pairs import BLOCKING_COLUMNS, NameColumn, PersonModel, Row
from khronika.model import Entity
from khronika.names import (
    FUNCTION_WORDS,
    TITLES,
    fold,
    has_cyrillic,
    is_polity,
    name_parts,
    strip_titles,
)
from khronika.vocabulary import words

if TYPE_CHECKING:  # splink is imported only when a run has enough names for it (_link_people)
    import splink.comparison_library as cl
    from splink import SettingsCreator

REGISTRY_VOCABULARY = "registry"


def _registry_words(*keys: str) -> frozenset[str]:
    """The union of the registry vocabulary's sets ``keys``."""
    return frozenset().union(*(words(REGISTRY_VOCABULARY, key) for key in keys))


logger = logging.getLogger(__name__)

_Item = TypeVar("_Item", bound=Hashable)

PERSON_KINDS = frozenset({"person", "official"})
ORGANISATION_KINDS = frozenset(
    {"party", "movement", "union", "ngo", "media", "international_body", "court", "government"}
)
# State bodies are one per country: the Supreme Court of Kazakhstan is not Russia's.
STATE_KINDS = frozenset({"court", "government"})

PERSON = "person"
ORGANISATION = "organisation"

# Words that name a kind of actor, not one actor: "the Court", "Police", «власти»
# (vocabulary/registry-v1.json, with the region's local government words from regions-v1.json).
GENERIC_WORDS = _registry_words("generic_en", "generic_ru").union(
    *(
        words("regions", key)
        for key in ("local_government", "local_government_ru", "local_officials")
    )
)
_NAME_PUNCTUATION = "«»\"“”„'‘’()[],.;:!?"
_PARENTHESES = re.compile(r"\(([^()]*)\)")
_ACRONYM = re.compile(r"^[A-ZА-ЯЁ]{2,8}$")
_MAX_PERSON_WORDS = 6

# Match weights, set by hand rather than trained, so that the result does not depend on how much
# data there is and a run of two records gives the same answer as a run of 300k. In bits (log2 of
# m/u): the prior is -17 (1 in 130k pairs of distinct spellings is the same person), so a pair
# needs about +19 bits of evidence to pass the default threshold of 0.8 (+2 bits). Calibrated on
# these cases: folded full name equal, same country 5.6 bits (links), unknown country 4.0
# (links), other country 2.4 (links: an activist reported in exile is one person); a surname one
# typo away (Jaro-Winkler >= 0.95) or a given name one typo away (>= 0.94) links only with the
# same country (2.6 bits) and not without (1.0); surname equal and given name different -8.3;
# Tulegenov vs Tulegenova (a feminine -a on one side) -13 at best: never.
PRIOR_MATCH_PROBABILITY = 2.0**-17
DEFAULT_MATCH_PROBABILITY = 0.8
SURNAME_LEVELS = {
    "exact": (0.9, 1.1e-4),  # +13.0 bits
    "feminine": (1e-5, 1e-2),  # -10.0: Tulegenov / Tulegenova are different people
    "sound": (0.06, 6e-5),  # +10.0, as a one-letter typo: Kourmanov / Kurmanov
    "jw95": (0.06, 6e-5),  # +10.0: one letter off (Ulpanbaeva / Ulpambaeva)
    "jw88": (0.03, 2e-3),  # +3.9
    "else": (0.01, 0.98783),  # -6.6
}
GIVEN_LEVELS = {
    "exact": (0.85, 3.3e-3),  # +8.0 bits
    "feminine": (1e-5, 1e-3),  # -6.6: Aleksandr / Aleksandra, Aleksander / Aleksandra
    "sound": (0.1, 3e-3),  # +5.1, as a one-letter typo: Fiodor / Fedor
    "jw94": (0.1, 3e-3),  # +5.1: Aleksandr / Aleksander; Nurlan / Nurlanbek stays below
    "else": (0.05, 0.9937),  # -4.3
}
COUNTRY_LEVELS = {
    "exact": (0.9, 0.3),  # +1.6 bits
    "else": (0.25, 0.75),  # -1.6
}
_SURNAME_PREFIX = 3
# Up to this many full names are linked in Python by the same model (:mod:`.pairs`); above it
# splink's start-up is small beside the linking and its DuckDB joins pay.
PYTHON_LINKING_MAX = 2_000
PERSON_MODEL = PersonModel(
    prior=PRIOR_MATCH_PROBABILITY,
    surname=NameColumn(SURNAME_LEVELS, jaro_winkler=(0.95, 0.88)),
    given=NameColumn(GIVEN_LEVELS, jaro_winkler=(0.94,)),
    country=COUNTRY_LEVELS,
)
# Vowel spellings of one sound across transliterations, on folded names (y is already i):
# French "ou" for u (Kourmanov), "ia"/"ie"/"io" for a soft vowel after a consonant (Bialiatski
# beside Belyatsky, Fiodor beside Fedor), and Belarusian spelling's unstressed o written a
# (Volkava beside Volkova).
_SOUNDS: tuple[tuple[str, str], ...] = (
    ("ou", "u"),
    ("ia", "e"),
    ("ie", "e"),
    ("io", "e"),
    ("o", "a"),
)


def sound_key(folded: str) -> str:
    """The phonetic key of a folded name: vowel spellings of one sound written one way."""
    for spelling, sound in _SOUNDS:
        folded = folded.replace(spelling, sound)
    return folded


@dataclass(frozen=True, slots=True)
class Mention:
    """One actor of one report as the registry sees it."""

    key: str  # unique per mention, e.g. f"{report_id}/{actor_index}"
    name: str
    kind: str  # an ACTOR_KINDS value from khronika.model
    country: str | None  # ISO2 of the event's place, or None
    doc: str  # document it was read in
    # The report's year and id, when known: namesakes are told apart by them (.namesakes).
    year: int | None = None
    report: str | None = None


@dataclass(frozen=True)
class Registry:
    """The entities, sorted by id, and which entity each registry mention belongs to."""

    entities: tuple[Entity, ...]
    entity_of: Mapping[str, str]  # mention key -> entity id


# --- which actors are named ----------------------------------------------------------------------


def is_registry_actor(name: str, kind: str) -> bool:
    """Whether an actor names one person or organisation (and gets an entity).

    "Kairat Seitkaliyev" and "Human Rights Watch" do; "police", "the court", "activists" and
    "Kazakh authorities" (a common noun with an adjective) do not, nor a state or a bloc named as
    if it acted ("Kazakhstan", "Astana", "NATO", «ОДКБ»): a place or a body, not an organisation.
    """
    if kind in PERSON_KINDS:
        return _is_person_name(name)
    if kind in ORGANISATION_KINDS:
        return _is_organisation_name(name) and not is_polity(name.strip(_NAME_PUNCTUATION))
    return False


def _is_person_name(name: str) -> bool:
    words = [word.strip(_NAME_PUNCTUATION) for word in strip_titles(name)]
    words = [word for word in words if word]
    if not words or len(words) > _MAX_PERSON_WORDS:
        return False
    if any(char.isdigit() for char in name):
        return False
    if not all(_is_capitalised(word) or word.lower() in FUNCTION_WORDS for word in words):
        return False
    return any(_is_distinctive(word) and word.lower().rstrip(".") not in TITLES for word in words)


def _is_organisation_name(name: str) -> bool:
    words = [word.strip(_NAME_PUNCTUATION) for word in _PARENTHESES.sub(" ", name).split()]
    words = [word for word in words if word]
    if words and words[0].lower() == "the":
        words = words[1:]
    if not words:
        return False
    if has_cyrillic(name):
        # Russian capitalises only the first word of a name: «Союз свободной степи».
        return _is_capitalised(words[0]) and any(_is_distinctive(word) for word in words)
    if not all(
        _is_capitalised(word) or word.lower() in FUNCTION_WORDS or word[0].isdigit()
        for word in words
    ):
        return False
    return any(_is_distinctive(word) for word in words)


def _is_capitalised(word: str) -> bool:
    letters = [char for char in word if char.isalpha()]
    return bool(letters) and letters[0].isupper()


def _is_distinctive(word: str) -> bool:
    lower = word.lower().rstrip(".")
    return _is_capitalised(word) and lower not in GENERIC_WORDS and lower not in FUNCTION_WORDS


# --- the registry --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _PersonKey:
    given: str | None  # folded; None for a surname alone
    surname: str  # folded
    country: str | None

    @property
    def full(self) -> str:
        return f"{self.given} {self.surname}" if self.given else self.surname

    @property
    def partial(self) -> bool:
        """Only a surname, or initials and a surname ("A. Tulegenov")."""
        return self.given is None or all(len(word) == 1 for word in self.given.split())

    @property
    def initial(self) -> str | None:
        return self.given[0] if self.given else None


@dataclass
class _Record:
    """One distinct spelling key and the mentions read under it."""

    group: str
    fold: str
    country: str | None
    person: _PersonKey | None = None
    mentions: list[Mention] = field(default_factory=list)


def build_registry(
    mentions: Iterable[Mention],
    *,
    match_probability: float = DEFAULT_MATCH_PROBABILITY,
    places: frozenset[str] = frozenset(),
) -> Registry:
    """One entity per person or organisation among ``mentions``; others are left out.

    ``match_probability`` is splink's threshold for two spellings of a person to be one person.
    ``places`` are folded place names (:func:`khronika.names.fold`): a mention that is one of
    them names a place, not an actor. The same mentions, in any order, give the same entities
    and ids.
    """
    people: dict[_PersonKey, _Record] = {}
    organisations: dict[tuple[str, str, str | None], _Record] = {}
    for mention in mentions:
        if not is_registry_actor(mention.name, mention.kind):
            continue
        if fold(mention.name) in places:
            continue
        if mention.kind in PERSON_KINDS:
            person = _person_key(mention)
            if person is not None:
                people.setdefault(
                    person, _Record(PERSON, person.full, person.country, person)
                ).mentions.append(mention)
        else:
            organisation = _organisation_key(mention)
            if organisation is not None:
                organisations.setdefault(
                    organisation, _Record(ORGANISATION, organisation[1], organisation[2])
                ).mentions.append(mention)

    groups = [
        *_link_people(people, match_probability),
        *_link_organisations(organisations),
    ]
    entities = _entities(groups)
    entity_of = {
        mention.key: entity.id
        for entity, records in zip(entities, groups, strict=True)
        for record in records
        for mention in record.mentions
    }
    return Registry(
        entities=tuple(sorted(entities, key=lambda entity: entity.id)), entity_of=entity_of
    )


def _person_key(mention: Mention) -> _PersonKey | None:
    parts = name_parts(mention.name)
    surname = fold(parts.surname)
    if not surname:
        return None
    given = fold(parts.given) if parts.given else None
    return _PersonKey(given=given or None, surname=surname, country=mention.country)


# --- persons -------------------------------------------------------------------------------------


def _link_people(
    people: Mapping[_PersonKey, _Record], match_probability: float
) -> list[list[_Record]]:
    swapped = _surname_first(people)
    full = sorted(
        (key for key in people if not key.partial and key not in swapped), key=_person_sort_key
    )
    if len(full) <= PYTHON_LINKING_MAX:
        clusters = _python_clusters(full, match_probability)
    else:
        clusters = _splink_clusters(full, match_probability)
    groups = [[people[key] for key in cluster] for cluster in clusters]
    group_of = {key: index for index, cluster in enumerate(clusters) for key in cluster}
    for key, order in sorted(swapped.items(), key=lambda item: _person_sort_key(item[0])):
        groups[group_of[order]].append(people[key])
    groups = _apart_namesakes(groups)
    partial = sorted((key for key in people if key.partial), key=_person_sort_key)
    return _attach_partial_names(groups, [(key, people[key]) for key in partial])


def _apart_namesakes(groups: list[list[_Record]]) -> list[list[_Record]]:
    """Each linked group split where it holds namesakes (:mod:`.namesakes`). Only a group seen
    in two countries can: within one country a name is one person, as before.
    """
    mixed = {index for index, records in enumerate(groups) if len(_countries(records)) > 1}
    if not mixed:
        return groups
    reports = {
        mention.report
        for index in mixed
        for record in groups[index]
        for mention in record.mentions
        if mention.report
    }
    named: dict[str, set[str]] = defaultdict(set)
    for records in groups:
        for record in records:
            for mention in record.mentions:
                if mention.report in reports:
                    named[mention.report].add(_companion_key(record))
    split: list[list[_Record]] = []
    for index, records in enumerate(groups):
        if index not in mixed:
            split.append(records)
            continue
        seen = [_seen(record, named) for record in records]
        split.extend(split_namesakes(seen))
    return split


def _countries(records: Sequence[_Record]) -> set[str]:
    return {record.country for record in records if record.country}


def _companion_key(record: _Record) -> str:
    """A person's name as a companion: word order and vowel spellings do not matter."""
    return " ".join(sorted(sound_key(record.fold).split()))


def _seen(record: _Record, named: Mapping[str, set[str]]) -> Seen[_Record]:
    own = _companion_key(record)
    company = {
        other
        for mention in record.mentions
        if mention.report
        for other in named.get(mention.report, ())
        if other != own
    }
    return Seen(
        record=record,
        countries=frozenset({record.country} if record.country else ()),
        years=frozenset(m.year for m in record.mentions if m.year is not None),
        company=frozenset(company),
        weight=len(record.mentions),
    )


def _surname_first(people: Mapping[_PersonKey, _Record]) -> dict[_PersonKey, _PersonKey]:
    """Names written in the other order ("Kurmanov Ainur" beside "Ainur Kurmanov", one
    country): each mapped to the order read more often (ties: the alphabetically first key).
    """
    by_sound: dict[tuple[str, str, str | None], _PersonKey] = {}
    for key in sorted(people, key=_person_sort_key):
        if key.given and not key.partial and " " not in key.given:
            by_sound.setdefault((sound_key(key.given), sound_key(key.surname), key.country), key)
    swapped: dict[_PersonKey, _PersonKey] = {}
    for (given, surname, country), key in by_sound.items():
        other = by_sound.get((surname, given, country))
        if other is None or other == key or key in swapped or other in swapped:
            continue
        weight = len(people[key].mentions), _person_sort_key(other)
        if weight > (len(people[other].mentions), _person_sort_key(key)):
            swapped[other] = key
        else:
            swapped[key] = other
    return swapped


def _person_sort_key(key: _PersonKey) -> tuple[str, str, str]:
    return key.surname, key.given or "", key.country or ""


def _python_clusters(
    keys: Sequence[_PersonKey], match_probability: float
) -> list[list[_PersonKey]]:
    """The clusters splink would give ``keys``, scored in Python (:mod:`.pairs`)."""
    rows = [
        Row(
            given=key.given,
            surname=key.surname,
            country=key.country,
            given_sound=sound_key(key.given) if key.given else None,
            surname_sound=sound_key(key.surname),
            surname_prefix=key.surname[:_SURNAME_PREFIX],
        )
        for key in keys
    ]
    return [
        [keys[index] for index in ids] for ids in PERSON_MODEL.clusters(rows, match_probability)
    ]


def _splink_clusters(
    keys: Sequence[_PersonKey], match_probability: float
) -> list[list[_PersonKey]]:
    """Clusters of ``keys`` that splink links; every key is in exactly one cluster."""
    if len(keys) < 2:
        return [[key] for key in keys]
    import duckdb
    import pyarrow as pa
    from splink import DuckDBAPI, Linker

    table = pa.table(
        {
            "unique_id": pa.array(range(len(keys)), pa.int64()),
            "given": pa.array([key.given for key in keys], pa.string()),
            "given_initial": pa.array([(key.given or "")[:1] for key in keys], pa.string()),
            "surname": pa.array([key.surname for key in keys], pa.string()),
            "surname_prefix": pa.array(
                [key.surname[:_SURNAME_PREFIX] for key in keys], pa.string()
            ),
            "given_sound": pa.array(
                [sound_key(key.given) if key.given else None for key in keys], pa.string()
            ),
            "surname_sound": pa.array([sound_key(key.surname) for key in keys], pa.string()),
            "country": pa.array([key.country for key in keys], pa.string()),
        }
    )
    # splink logs every step at INFO; the CLI's output must stay clean.
    logging.getLogger("splink").setLevel(logging.WARNING)
    connection = duckdb.connect(":memory:")
    try:
        db_api = DuckDBAPI(connection)
        linker = Linker(db_api.register(table), _person_settings(), log_level=None)
        predictions = linker.inference.predict(
            threshold_match_probability=match_probability, warning_mode="never"
        )
        clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=match_probability
        )
        # splink leaves as_pyarrow_table unannotated; it returns a pyarrow.Table.
        table = clustered.as_pyarrow_table()  # type: ignore[no-untyped-call]
        columns = table.select(["unique_id", "cluster_id"]).to_pydict()
    finally:
        connection.close()
    members: dict[Any, list[int]] = defaultdict(list)
    for unique_id, cluster_id in zip(columns["unique_id"], columns["cluster_id"], strict=True):
        members[cluster_id].append(int(unique_id))
    return [[keys[index] for index in sorted(ids)] for ids in members.values()]


def _person_settings() -> SettingsCreator:
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="dedupe_only",
        probability_two_random_records_match=PRIOR_MATCH_PROBABILITY,
        # Tight on purpose, never all pairs (pairs.BLOCKING_COLUMNS, which the Python path
        # uses too). Given names differing at the first letter stay apart unless fold unites
        # them (Yerlan / Erlan).
        blocking_rules_to_generate_predictions=[block_on(*columns) for columns in BLOCKING_COLUMNS],
        comparisons=[
            _name_comparison("surname", PERSON_MODEL.surname),
            _name_comparison("given", PERSON_MODEL.given),
            _country_comparison(),
        ],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )


def _name_comparison(column: str, model: NameColumn) -> cl.CustomComparison:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    levels, jaro_winkler = model.levels, model.jaro_winkler

    # One ends in -a and the other does not: Tulegenov / Tulegenova, Aleksandr / Aleksandra.
    feminine = f"(right({column}_l, 1) = 'a') <> (right({column}_r, 1) = 'a')"
    similar = [
        cll.JaroWinklerLevel(column, threshold).configure(
            m_probability=levels[f"jw{round(threshold * 100)}"][0],
            u_probability=levels[f"jw{round(threshold * 100)}"][1],
        )
        for threshold in jaro_winkler
    ]
    return cl.CustomComparison(
        output_column_name=column,
        comparison_levels=[
            cll.NullLevel(column),
            _configured(cll.ExactMatchLevel(column), levels["exact"]),
            _configured(
                cll.CustomLevel(feminine, label_for_charts=f"{column} differs by a feminine -a"),
                levels["feminine"],
            ),
            _configured(
                cll.CustomLevel(
                    f"{column}_sound_l = {column}_sound_r",
                    label_for_charts=f"{column} sounds the same",
                ),
                levels["sound"],
            ),
            *similar,
            _configured(cll.ElseLevel(), levels["else"]),
        ],
    )


def _country_comparison() -> cl.CustomComparison:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    return cl.CustomComparison(
        output_column_name="country",
        comparison_levels=[
            cll.NullLevel("country"),
            _configured(cll.ExactMatchLevel("country"), COUNTRY_LEVELS["exact"]),
            _configured(cll.ElseLevel(), COUNTRY_LEVELS["else"]),
        ],
    )


def _configured(level: Any, m_u: tuple[float, float]) -> Any:
    return level.configure(m_probability=m_u[0], u_probability=m_u[1])


def _attach_partial_names(
    groups: list[list[_Record]], partial: Sequence[tuple[_PersonKey, _Record]]
) -> list[list[_Record]]:
    """Each surname alone (or with initials) joins the one person it can mean: that surname,
    the same initial if one was written, a compatible country. Otherwise it stands alone, one
    entity per surname and initial.
    """
    by_surname: dict[str, list[tuple[int, str | None, str | None]]] = defaultdict(list)
    for index, records in enumerate(groups):
        for record in records:
            if record.person is not None:
                by_surname[record.person.surname].append(
                    (index, record.person.initial, record.person.country)
                )
    alone: dict[tuple[str, str | None], list[_Record]] = {}
    for person, record in partial:
        candidates = {
            index
            for index, initial, country in by_surname.get(person.surname, ())
            if (person.initial is None or initial == person.initial)
            and (person.country is None or country is None or country == person.country)
        }
        if len(candidates) == 1:
            groups[candidates.pop()].append(record)
        else:
            alone.setdefault((person.surname, person.initial), []).append(record)
    return groups + list(alone.values())


# --- organisations -------------------------------------------------------------------------------


def _organisation_key(mention: Mention) -> tuple[str, str, str | None] | None:
    name = _PARENTHESES.sub(" ", mention.name)
    folded = fold(name)
    if folded.startswith("the "):
        folded = folded[4:]
    if not folded:
        return None
    if mention.kind in STATE_KINDS:
        return "state", folded, mention.country
    return "organisation", folded, None


def _link_organisations(
    organisations: Mapping[tuple[str, str, str | None], _Record],
) -> list[list[_Record]]:
    keys = sorted(organisations, key=lambda key: (key[0], key[1], key[2] or ""))
    sets = _UnionFind(keys)
    # A state body read without a country is the one of that name, if only one country has it.
    with_country: dict[tuple[str, str], list[tuple[str, str, str | None]]] = defaultdict(list)
    for key in keys:
        if key[0] == "state" and key[2] is not None:
            with_country[key[0], key[1]].append(key)
    for key in keys:
        if key[0] == "state" and key[2] is None and len(with_country[key[0], key[1]]) == 1:
            sets.union(key, with_country[key[0], key[1]][0])
    # An acronym joins the one full name it abbreviates ("HRW", "Human Rights Watch").
    expansions: dict[tuple[str, str], list[tuple[str, str, str | None]]] = defaultdict(list)
    for key in keys:
        if not _is_acronym(organisations[key]):
            for acronym in _acronyms(organisations[key]):
                expansions[key[0], acronym].append(key)
    for key in keys:
        if _is_acronym(organisations[key]):
            targets = {sets.find(full) for full in expansions.get((key[0], key[1]), ())}
            if len(targets) == 1:
                sets.union(key, targets.pop())
    return [[organisations[key] for key in members] for members in sets.groups()]


def _is_acronym(record: _Record) -> bool:
    return all(_ACRONYM.match(_strip_the(mention.name)) for mention in record.mentions)


def _acronyms(record: _Record) -> set[str]:
    """Acronyms the full names of ``record`` stand for, folded: written ones "(DCK)" and the
    initials of its words.
    """
    found: set[str] = set()
    for mention in record.mentions:
        for inside in _PARENTHESES.findall(mention.name):
            if _ACRONYM.match(inside.strip()):
                found.add(fold(inside).replace(" ", ""))
        words = [
            word
            for word in _strip_the(_PARENTHESES.sub(" ", mention.name)).split()
            if word.lower() not in FUNCTION_WORDS
        ]
        if len(words) >= 2:
            found.add(fold("".join(word[0] for word in words)))
    return found


def _strip_the(name: str) -> str:
    name = name.strip().strip(_NAME_PUNCTUATION)
    return name[4:] if name.lower().startswith("the ") else name


class _UnionFind(Generic[_Item]):
    def __init__(self, items: Iterable[_Item]) -> None:
        self._parent: dict[_Item, _Item] = {item: item for item in items}

    def find(self, item: _Item) -> _Item:
        root = item
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[item] != root:
            self._parent[item], item = root, self._parent[item]
        return root

    def union(self, a: _Item, b: _Item) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            # The smaller root wins, so the groups do not depend on the order of unions.
            first, second = sorted((root_a, root_b), key=repr)
            self._parent[second] = first

    def groups(self) -> list[list[_Item]]:
        members: dict[_Item, list[_Item]] = defaultdict(list)
        for item in self._parent:
            members[self.find(item)].append(item)
        return list(members.values())


# --- entities ------------------------------------------------------------------------------------


def _entities(groups: Sequence[Sequence[_Record]]) -> list[Entity]:
    """An entity per group, in the same order, with ids stable across runs and input order."""
    materials = [[records[0].group, min(record.fold for record in records)] for records in groups]
    # Two entities may share their smallest spelling (one name in two countries, or a surname
    # alone that matched no one): what else they hold tells them apart.
    for tiebreak in (_countries_and_spellings, _mention_keys):
        seen = Counter(json.dumps(material) for material in materials)
        materials = [
            [*material, *tiebreak(records)] if seen[json.dumps(material)] > 1 else material
            for material, records in zip(materials, groups, strict=True)
        ]
    entities = []
    for records, material in zip(groups, materials, strict=True):
        spellings = Counter(
            " ".join(mention.name.split()) for record in records for mention in record.mentions
        )
        entities.append(
            Entity(
                id=_entity_id(material, records[0].group),
                kind=records[0].group,
                name=min(spellings, key=_preference(spellings)),
                spellings=tuple(sorted(spellings)),
            )
        )
    return entities


def _countries_and_spellings(records: Sequence[_Record]) -> list[str]:
    countries = ",".join(sorted({record.country or "" for record in records}))
    return [countries, *sorted({record.fold for record in records})]


def _mention_keys(records: Sequence[_Record]) -> list[str]:
    return sorted(mention.key for record in records for mention in record.mentions)


def _entity_id(material: Sequence[str], group: str) -> str:
    digest = hashlib.sha256(json.dumps(list(material), ensure_ascii=False).encode()).hexdigest()
    return ("pe_" if group == PERSON else "or_") + digest[:16]


def _preference(counts: Mapping[str, int]) -> Callable[[str], tuple[int, bool, int, str]]:
    """Most frequent first; then Latin script, then longer, then alphabetical."""

    def rank(name: str) -> tuple[int, bool, int, str]:
        return -counts[name], has_cyrillic(name), -len(name), name

    return rank
