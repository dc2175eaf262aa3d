"""A small labelled set of real-style reports: several outlets' wordings of the same happenings,
and look-alikes (the same city and type on the next day, the same month-day a year later, a
second charge against the same person), each as a contract-correct report (gold-like input).

Written for the tests: every person and organisation is invented; the places are real cities
(they are not people). Each report says how the outlet wrote it: a yearless "on 5 January",
"overnight", a surname first, a French-style "Kourmanov", Russian or Belarusian script, a
figure that differs, the place only to the country. ``HAPPENING`` maps each report's document
to the happening it reports.
"""

from __future__ import annotations

from datetime import date

from khronika.model import Actor, Count, Event, Evidence, PartialDate, Place

_CITIES = {
    "Almaty": ("KZ", "Almaty", 43.25, 76.92),
    "Astana": ("KZ", "Astana", 51.18, 71.45),
    "Zhanaozen": ("KZ", "Mangystau", 43.34, 52.86),
    "Aktobe": ("KZ", "Aktobe", 50.28, 57.17),
    "Oral": ("KZ", "West Kazakhstan", 51.23, 51.37),
    "Minsk": ("BY", "Minsk City", 53.9, 27.57),
    "Moscow": ("RU", "Moscow", 55.75, 37.62),
}


def _when(value: str | None, text: str | None) -> PartialDate:
    if value is None:
        return PartialDate(text=text)
    if value.startswith("--"):  # yearless: --MM-DD
        month, day = int(value[2:4]), int(value[5:7])
        return PartialDate(text=text, month=month, day=day)
    if len(value) == 7:  # a month
        first = date.fromisoformat(value + "-01")
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return PartialDate(first, date.fromordinal(following.toordinal() - 1), "month", text)
    day = date.fromisoformat(value)
    return PartialDate(day, day, "day", text)


def _where(city: str | None, country: str | None = None, site: str | None = None) -> Place:
    if city is None:
        return Place(country=country, precision="country" if country else "unknown", text=country)
    code, admin1, lat, lon = _CITIES[city]
    return Place(
        name=city,
        country=code,
        admin1=admin1,
        lat=lat,
        lon=lon,
        precision="site" if site else "city",
        text=site or city,
    )


def report(
    doc: str,
    kind: str,
    sentence: str,
    *,
    when: str | None = None,
    said: str | None = None,
    city: str | None = None,
    country: str | None = None,
    site: str | None = None,
    people: tuple[tuple[str, str], ...] = (),
    counts: dict[str, Count] | None = None,
    charges: tuple[str, ...] = (),
    subtype: str | None = None,
) -> Event:
    """One outlet's report: ``when`` is an ISO day, a month (YYYY-MM), --MM-DD or None."""
    actors = tuple(Actor(name, "person", role) for name, role in people)
    return Event(
        type=kind,
        subtype=subtype,
        date=_when(when, said),
        location=_where(city, country, site),
        actors=(Actor("police", "police", "perpetrator"), *actors),
        counts=counts or {},
        charges=charges,
        evidence=(Evidence.from_text(doc, sentence, 0, len(sentence)),),
        summary=sentence,
    )


def _exact(value: int) -> Count:
    return Count(value, value, str(value))


REPORTS: tuple[Event, ...] = (
    # 1. Detentions in Almaty on 5 January 2022, told three ways.
    report(
        "wire-almaty.txt",
        "detention",
        "Police detained dozens of protesters in Almaty on 5 January, among them Ainur Kurmanov.",
        when="2022-01-05",
        said="on 5 January",
        city="Almaty",
        people=(("Ainur Kurmanov", "target"),),
        counts={"detained": Count(24, 99, "dozens")},
    ),
    report(
        "ngo-almaty.txt",
        "detention",
        "On 5 January 40 people, including the activist Ainur Kourmanov, were detained in Almaty.",
        when="--01-05",
        said="On 5 January",
        city="Almaty",
        people=(("Ainur Kourmanov", "target"),),
        counts={"detained": _exact(40)},
    ),
    report(
        "ru-almaty.txt",
        "detention",
        "5 января на площади Республики в Алматы задержали около 40 человек, в том числе Айнура Курманова.",
        when="2022-01-05",
        said="5 января",
        city="Almaty",
        site="площади Республики",
        people=(("Айнур Курманов", "target"),),
        counts={"detained": Count(35, 45, "около 40")},
    ),
    # Look-alikes: Almaty the next evening (a dozen, no name), and 5 January a year later.
    report(
        "wire-almaty-next.txt",
        "detention",
        "Twelve more people were detained in Almaty on 6 January.",
        when="2022-01-06",
        said="on 6 January",
        city="Almaty",
        counts={"detained": _exact(12)},
    ),
    report(
        "ngo-almaty-anniversary.txt",
        "detention",
        "On the anniversary, 5 January 2023, police in Almaty detained Marat Seitkali.",
        when="2023-01-05",
        said="5 January 2023",
        city="Almaty",
        people=(("Marat Seitkali", "target"),),
    ),
    # 2. Zhanaozen's first night of protest, dated on either side of midnight, and by month.
    report(
        "wire-zhanaozen.txt",
        "protest",
        "Thousands rallied in Zhanaozen on 2 January against the price of gas.",
        when="2022-01-02",
        said="on 2 January",
        city="Zhanaozen",
        counts={"participants": Count(2000, 9999, "thousands")},
    ),
    report(
        "blog-zhanaozen.txt",
        "protest",
        "Overnight into 3 January residents of Zhanaozen filled the square, several thousand of them.",
        when="2022-01-03",
        said="Overnight into 3 January",
        city="Zhanaozen",
        counts={"participants": Count(2000, 9999, "several thousand")},
    ),
    report(
        "review-zhanaozen.txt",
        "protest",
        "In January 2022 a protest in Zhanaozen over gas prices started the unrest.",
        when="2022-01",
        said="In January 2022",
        city="Zhanaozen",
    ),
    # Look-alike: the third night, two days after the first.
    report(
        "wire-zhanaozen-third.txt",
        "protest",
        "On 4 January the protest in Zhanaozen went on for a third day, thousands strong.",
        when="2022-01-04",
        said="On 4 January",
        city="Zhanaozen",
        counts={"participants": Count(2000, 9999, "thousands")},
    ),
    # 3. A charge under Article 274, and a second charge of the same person.
    report(
        "court-astana.txt",
        "legal_action",
        "On 10 March Dana Ospan was charged in Astana with spreading false information (Article 274).",
        when="2022-03-10",
        said="On 10 March",
        city="Astana",
        subtype="charge",
        people=(("Dana Ospan", "target"),),
        charges=("spreading false information (Article 274)",),
    ),
    report(
        "ngo-astana.txt",
        "legal_action",
        "Ospan Dana faces a charge under article 274 in Astana, her lawyer said.",
        city="Astana",
        subtype="charge",
        people=(("Ospan Dana", "target"),),
        charges=("article 274",),
    ),
    report(
        "court-astana-second.txt",
        "legal_action",
        "On 2 April Dana Ospan was also charged with inciting discord (Article 174) in Astana.",
        when="2022-04-02",
        said="On 2 April",
        city="Astana",
        subtype="charge",
        people=(("Dana Ospan", "target"),),
        charges=("inciting discord (Article 174)",),
    ),
    # 4. An assault in Minsk, in English, Belarusian and at the country only.
    report(
        "wire-minsk.txt",
        "assault",
        "Irina Volkova was beaten by riot police in Minsk on 12 August 2021.",
        when="2021-08-12",
        said="on 12 August 2021",
        city="Minsk",
        people=(("Irina Volkova", "target"),),
    ),
    report(
        "by-minsk.txt",
        "assault",
        "12 жніўня ў Мінску АМАП збіў Ірыну Волкаву.",
        when="--08-12",
        said="12 жніўня",
        city="Minsk",
        people=(("Ірына Волкава", "target"),),
    ),
    report(
        "ngo-belarus.txt",
        "assault",
        "Riot police in Belarus beat the activist Irina Volkova on 12 August 2021.",
        when="2021-08-12",
        said="on 12 August 2021",
        country="BY",
        people=(("Irina Volkova", "target"),),
    ),
    # Look-alike: another beating in Minsk the next day, another victim.
    report(
        "wire-minsk-next.txt",
        "assault",
        "On 13 August riot police in Minsk beat Pavel Zhuk.",
        when="2021-08-13",
        said="On 13 August",
        city="Minsk",
        people=(("Pavel Zhuk", "target"),),
    ),
    # 5. A killing in Almaty, the victim's name in three spellings.
    report(
        "wire-killing.txt",
        "killing",
        "Yerlan Dzhaksybekov was shot dead in Almaty on 6 January.",
        when="2022-01-06",
        said="on 6 January",
        city="Almaty",
        people=(("Yerlan Dzhaksybekov", "target"),),
        counts={"killed": _exact(1)},
    ),
    report(
        "ngo-killing.txt",
        "killing",
        "Erlan Jaksybekov died of gunshot wounds in Almaty on 6 January 2022.",
        when="2022-01-06",
        said="on 6 January 2022",
        city="Almaty",
        people=(("Erlan Jaksybekov", "target"),),
        counts={"killed": _exact(1)},
    ),
    report(
        "ru-killing.txt",
        "killing",
        "6 января в Алматы был убит Ерлан Жаксыбеков.",
        when="--01-06",
        said="6 января",
        city="Almaty",
        people=(("Ерлан Жаксыбеков", "target"),),
    ),
    # 6. A summons in Oral, the name surname first in one outlet; and a second summons.
    report(
        "wire-oral.txt",
        "harassment",
        "Police in Oral summoned Aigerim Tulegenova for questioning on 14 February 2023.",
        when="2023-02-14",
        said="on 14 February 2023",
        city="Oral",
        subtype="summons",
        people=(("Aigerim Tulegenova", "target"),),
    ),
    report(
        "ru-oral.txt",
        "harassment",
        "Тулегенову Айгерим вызвали в полицию Уральска 14 февраля.",
        when="--02-14",
        said="14 февраля",
        city="Oral",
        subtype="summons",
        people=(("Тулегенова Айгерим", "target"),),
    ),
    report(
        "wire-oral-again.txt",
        "harassment",
        "On 20 February Aigerim Tulegenova was summoned again in Oral.",
        when="2023-02-20",
        said="On 20 February",
        city="Oral",
        subtype="summons",
        people=(("Aigerim Tulegenova", "target"),),
    ),
    # 7. Moscow detentions on a Saturday; one outlet counts them late into the night.
    report(
        "wire-moscow.txt",
        "detention",
        "More than 1,000 people were detained in Moscow on 23 January 2021.",
        when="2021-01-23",
        said="on 23 January 2021",
        city="Moscow",
        counts={"detained": Count(1001, None, "More than 1,000")},
    ),
    report(
        "monitor-moscow.txt",
        "detention",
        "Monitors counted 3,500 detained in Moscow on 23 January.",
        when="2021-01-23",
        said="on 23 January",
        city="Moscow",
        counts={"detained": _exact(3500)},
    ),
    report(
        "late-moscow.txt",
        "detention",
        "Late on 24 January the count of detentions in Moscow reached 3,500.",
        when="2021-01-24",
        said="Late on 24 January",
        city="Moscow",
        counts={"detained": _exact(3500)},
    ),
    # Look-alike: the next Saturday in Moscow.
    report(
        "wire-moscow-next.txt",
        "detention",
        "On 31 January 2021 police in Moscow detained over 1,800 people.",
        when="2021-01-31",
        said="On 31 January 2021",
        city="Moscow",
        counts={"detained": Count(1801, None, "over 1,800")},
    ),
    # 8. A picket in Aktobe; one outlet gives only the weekday, but names the organiser.
    report(
        "wire-aktobe.txt",
        "protest",
        "Serik Abenov led a picket of a few dozen people in Aktobe on 4 January.",
        when="2022-01-04",
        said="on 4 January",
        city="Aktobe",
        subtype="picket",
        people=(("Serik Abenov", "organiser"),),
        counts={"participants": Count(24, 99, "a few dozen")},
    ),
    report(
        "local-aktobe.txt",
        "protest",
        "On Tuesday Serik Abenov and his supporters picketed the akimat in Aktobe.",
        said="On Tuesday",
        city="Aktobe",
        subtype="picket",
        people=(("Serik Abenov", "organiser"),),
    ),
)

# Each report's document -> the happening it reports; look-alikes are happenings of their own.
HAPPENING: dict[str, str] = {
    "wire-almaty.txt": "almaty-detentions",
    "ngo-almaty.txt": "almaty-detentions",
    "ru-almaty.txt": "almaty-detentions",
    "wire-almaty-next.txt": "almaty-next-day",
    "ngo-almaty-anniversary.txt": "almaty-anniversary",
    "wire-zhanaozen.txt": "zhanaozen-first-night",
    "blog-zhanaozen.txt": "zhanaozen-first-night",
    "review-zhanaozen.txt": "zhanaozen-first-night",
    "wire-zhanaozen-third.txt": "zhanaozen-third-day",
    "court-astana.txt": "ospan-article-274",
    "ngo-astana.txt": "ospan-article-274",
    "court-astana-second.txt": "ospan-article-174",
    "wire-minsk.txt": "volkova-beaten",
    "by-minsk.txt": "volkova-beaten",
    "ngo-belarus.txt": "volkova-beaten",
    "wire-minsk-next.txt": "zhuk-beaten",
    "wire-killing.txt": "dzhaksybekov-killed",
    "ngo-killing.txt": "dzhaksybekov-killed",
    "ru-killing.txt": "dzhaksybekov-killed",
    "wire-oral.txt": "tulegenova-summoned",
    "ru-oral.txt": "tulegenova-summoned",
    "wire-oral-again.txt": "tulegenova-summoned-again",
    "wire-moscow.txt": "moscow-saturday",
    "monitor-moscow.txt": "moscow-saturday",
    "late-moscow.txt": "moscow-saturday",
    "wire-moscow-next.txt": "moscow-next-saturday",
    "wire-aktobe.txt": "aktobe-picket",
    "local-aktobe.txt": "aktobe-picket",
}
