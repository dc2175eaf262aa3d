"""The story the consolidation and registry tests share: an English and a Russian report of one
detention in Almaty, a Ukrainian report of another in Kyiv, the two happenings they make, and the
two people (invented) the reports name.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from khronika.model import (
    Actor,
    Claim,
    Cluster,
    Count,
    Decision,
    Document,
    Entity,
    EntityMention,
    Event,
    Evidence,
    PartialDate,
    Place,
    Review,
)
from khronika.store import Store

EN_TEXT = "On 5 January police detained 40 protesters in Almaty, among them Marat Seitkali."
RU_TEXT = "5 января в Алматы полиция задержала 60 протестующих, среди них Марата Сейткали."
UK_TEXT = "У Києві 3 січня поліція затримала активістку Оксану Волик."

ALMATY = "cl_almaty0001"
KYIV = "cl_kyiv000001"
SEITKALI = "ent_seitkali"
VOLYK = "ent_volyk"


def make_document(name: str, text: str) -> Document:
    raw = text.encode("utf-8")
    return Document(name=name, text=text, sha256=Document.hash_bytes(raw), raw=raw)


EN = make_document("almaty-en.txt", EN_TEXT)
RU = make_document("almaty-ru.txt", RU_TEXT)
UK = make_document("kyiv-uk.txt", UK_TEXT)


def quote(document: Document, words: str) -> Evidence:
    start = document.text.index(words)
    return Evidence.from_text(document.name, document.text, start, start + len(words))


def detention(
    document: Document,
    words: str,
    *,
    day: date,
    place: Place,
    actors: tuple[Actor, ...] = (),
    detained: Count | None = None,
) -> Event:
    return Event(
        type="detention",
        evidence=(quote(document, words),),
        date=PartialDate(start=day, end=day, precision="day"),
        location=place,
        actors=actors,
        counts={"detained": detained} if detained else {},
        confidence=0.75,
    )


ALMATY_EN = Place(name="Almaty", country="KZ", precision="city", text="in Almaty")
ALMATY_RU = Place(name="Almaty", country="KZ", precision="city", text="в Алматы")
KYIV_UK = Place(name="Kyiv", country="UA", precision="city", text="У Києві")

REPORT_EN = detention(
    EN,
    "police detained 40 protesters in Almaty",
    day=date(2022, 1, 5),
    place=ALMATY_EN,
    actors=(Actor("police", "police", "perpetrator"), Actor("Marat Seitkali", "person", "target")),
    detained=Count(40, 40, "40"),
)
REPORT_RU = detention(
    RU,
    "полиция задержала 60 протестующих",
    day=date(2022, 1, 5),
    place=ALMATY_RU,
    actors=(
        Actor("полиция", "police", "perpetrator"),
        Actor("Марата Сейткали", "person", "target"),
    ),
    detained=Count(60, 60, "60"),
)
REPORT_UK = detention(
    UK,
    "поліція затримала активістку Оксану Волик",
    day=date(2022, 1, 3),
    place=KYIV_UK,
    actors=(Actor("Оксану Волик", "person", "target"),),
)
REPORTS = (REPORT_EN, REPORT_RU, REPORT_UK)


def claim(field: str, report: Event, value: dict[str, object]) -> Claim:
    return Claim(field=field, value=value, doc=report.sources[0], report=report.id)


def almaty_cluster() -> Cluster:
    canonical = replace(
        REPORT_EN,
        id=ALMATY,
        evidence=REPORT_EN.evidence + REPORT_RU.evidence,
        actors=(
            Actor("police", "police", "perpetrator"),
            Actor("Marat Seitkali", "person", "target", entity=SEITKALI),
        ),
        counts={"detained": Count(40, 60, "40-60")},
    )
    return Cluster(
        event=canonical,
        reports=(REPORT_EN.id, REPORT_RU.id),
        # Grouped by field in to_dict order, so the cluster survives a to_dict round trip.
        claims=(
            claim("date", REPORT_EN, REPORT_EN.date.to_dict()),
            claim("date", REPORT_RU, REPORT_RU.date.to_dict()),
            claim("location", REPORT_EN, ALMATY_EN.to_dict()),
            claim("location", REPORT_RU, ALMATY_RU.to_dict()),
            claim("counts.detained", REPORT_EN, Count(40, 40, "40").to_dict()),
            claim("counts.detained", REPORT_RU, Count(60, 60, "60").to_dict()),
        ),
        disputed=("counts.detained",),
        case="case_almaty",
    )


def kyiv_cluster() -> Cluster:
    canonical = replace(
        REPORT_UK,
        id=KYIV,
        actors=(Actor("Оксану Волик", "person", "target", entity=VOLYK),),
    )
    return Cluster(event=canonical, reports=(REPORT_UK.id,))


ENTITIES = (
    Entity(SEITKALI, "person", "Marat Seitkali", ("Marat Seitkali", "Марата Сейткали")),
    Entity(VOLYK, "person", "Oksana Volyk", ("Оксану Волик",)),
)
MENTIONS = (
    EntityMention(SEITKALI, REPORT_EN.id, EN.name, "Marat Seitkali", "target", ALMATY),
    EntityMention(SEITKALI, REPORT_RU.id, RU.name, "Марата Сейткали", "target", ALMATY),
    EntityMention(VOLYK, REPORT_UK.id, UK.name, "Оксану Волик", "target", KYIV),
)


def consolidate(store: Store) -> Store:
    """``store`` with the three reports extracted and consolidated into the two happenings."""
    for document, report in ((EN, REPORT_EN), (RU, REPORT_RU), (UK, REPORT_UK)):
        store.save_extraction(document, [report], extractor="rules/1")
    store.save_consolidation([almaty_cluster(), kyiv_cluster()], ENTITIES, MENTIONS)
    return store


def decide(store: Store, decision: Decision, cluster: str = ALMATY) -> tuple[Review, Decision]:
    """Record ``decision`` as the desk does, with a merge or split review of its own (the store
    writes a decision no other way); returns that review and the decision as stored."""
    review = store.add_review(
        Review(cluster, decision.action, decision.author, decision.reason), [decision]
    )
    [stored] = [d for d in store.decisions(include_reverted=True) if d.id in review.decisions]
    return review, stored
