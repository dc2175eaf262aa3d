"""Finding a person or a place by what someone types, in any script and any usual spelling.

A person: "Kurmanov", «Курманов» and "Kurmanow" all find the registry's Kurmanov, through the
registry's own folding key (:func:`khronika.names.fold`: transliteration, -yev/-ev, w/v, doubled
letters), each typed word the start of a word of one spelling. A place: "Kazakhstan",
«Казахстан», "KAZ" and "KZ" all mean the country KZ (:func:`khronika.names.country_named`:
ISO 3166 names and their translations, GeoNames' short names, a few short local names, all
folded the same way); any other text stays a place name, written as typed and in Latin letters.

Shared by the desk's filters, the people search and the CLI's ``khronika person``.
"""

from __future__ import annotations

import re

import pycountry

from khronika.model import Entity
from khronika.names import country_named, fold, has_cyrillic, to_latin
from khronika.store import RegistryStore

# An entity id as consolidation writes it: "pe_" or "or_" and 16 hex digits (or a prefix); no
# name is written so.
_ENTITY_ID = re.compile(r"^(pe|or)_[0-9a-z]+$")


def is_entity_id(text: str) -> bool:
    """Whether ``text`` is written as a registry id ("pe_…", "or_…") rather than a name."""
    return bool(_ENTITY_ID.match(text.strip()))


def people_named(store: RegistryStore, text: str) -> list[Entity]:
    """The registry's people and organisations ``text`` names, best first.

    An entity id gives that entity. A name matches an entity when each of its folded words
    starts a word of one folded spelling ("kurmanov" in "marat kurmanov"), or when it is a part
    of a spelling as written; a spelling equal to the name ranks first.
    """
    wanted = text.strip()
    if not wanted:
        return []
    if is_entity_id(wanted):
        entity = store.entity(wanted)
        return [entity] if entity is not None else []
    words = fold(wanted).split()
    found = {entity.id: entity for entity in store.find_entities(wanted)}
    if words:
        for entity in store.entities():
            if entity.id not in found and any(
                _starts_words(words, fold(spelling).split()) for spelling in _spellings(entity)
            ):
                found[entity.id] = entity
    key = " ".join(words)

    def rank(entity: Entity) -> tuple[bool, str, str]:
        exact = any(fold(spelling) == key for spelling in _spellings(entity))
        return (not exact, entity.name.casefold(), entity.id)

    return sorted(found.values(), key=rank)


def _spellings(entity: Entity) -> tuple[str, ...]:
    return (entity.name, *entity.spellings)


def _starts_words(wanted: list[str], words: list[str]) -> bool:
    return all(any(word.startswith(part) for word in words) for part in wanted)


def country_code(text: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of the country ``text`` names, in any script, or None.

    "KZ", "kz", "KAZ", "Kazakhstan", "Republic of Kazakhstan" and «Казахстан» give "KZ";
    "Russia", "Russian Federation" and «Россия» give "RU".
    """
    wanted = text.strip()
    if not wanted:
        return None
    if len(wanted) in (2, 3) and wanted.isascii() and wanted.isalpha():
        code = wanted.upper()
        by_code = (
            pycountry.countries.get(alpha_2=code)
            if len(code) == 2
            else pycountry.countries.get(alpha_3=code)
        )
        if by_code is not None:
            return str(by_code.alpha_2)
    return country_named(wanted)


def place_spellings(text: str) -> tuple[str, ...]:
    """What a place filter looks for, any one of which may match: the code of the country the
    text names, the text as typed, and the text in Latin letters.
    """
    wanted = text.strip()
    if not wanted:
        return ()
    code = country_code(wanted)
    found = [code] if code is not None else []
    found.append(wanted)
    if has_cyrillic(wanted):
        found.append(to_latin(wanted))
    return tuple(dict.fromkeys(found))
