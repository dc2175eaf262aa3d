"""The published record: a happening reviewed, its withheld people dropped, their names replaced."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from publishworld import CLUSTERS, PERSON, REVIEWS, detention, read_db, review

from khronika.model import Actor, Claim, Cluster, Event, Evidence
from khronika.publish import WITHHELD, PublishReport, Redactions, Redactor, publish
from khronika.publish.record import Redacting, select
from khronika.read import seen_of


def redacting(*names: str) -> Redacting:
    return Redacting(Redactor(Redactions(frozenset(names)), [PERSON]))


def test_every_spelling_of_a_withheld_name_is_replaced(
    published: tuple[Path, PublishReport],
) -> None:
    out, report = published
    with read_db(out) as db:
        quotes = [r["quote"] for r in db.execute("SELECT quote FROM evidence ORDER BY id")]
        summary = db.execute("SELECT summary FROM events WHERE id='ev_detention'").fetchone()[0]
        count = db.execute("SELECT attributed_to FROM counts").fetchone()[0]
        claim = db.execute("SELECT value FROM claims WHERE field='location'").fetchone()[0]
        title = db.execute("SELECT title FROM sources WHERE doc='a.txt'").fetchone()[0]
    # Listed as "Zhaksybaeva": the registry's spellings, the surname alone, a Cyrillic case form.
    assert quotes[:3] == [
        f"Police detained activist {WITHHELD} in Almaty",
        f"{WITHHELD} was released two days later",
        f"Полиция задержала {WITHHELD} в Алматы",
    ]
    assert summary == f"Police detained {WITHHELD} in Almaty."
    assert count == f"{WITHHELD}'s lawyer"
    assert json.loads(claim)["text"] == f"в Алматы, где жила {WITHHELD}"
    assert title == f"Activist {WITHHELD} detained"
    assert report.names_replaced >= 7


def test_published_evidence_keeps_doc_and_offsets(published: tuple[Path, PublishReport]) -> None:
    out, _ = published
    original = detention().event.evidence[0]
    with read_db(out) as db:
        row = db.execute('SELECT doc, "start", "end" FROM evidence ORDER BY id').fetchone()
    assert tuple(row) == (original.doc, original.start, original.end)


def test_a_document_name_with_a_withheld_name_is_renamed_consistently(tmp_path: Path) -> None:
    text = "Aigerim Zhaksybayeva was detained."
    name = "2022-01-05_zhaksybayeva.txt"
    event = Event(
        type="detention",
        evidence=(Evidence.from_text(name, text, 0, len(text)),),
        summary="A detention.",
        id="ev_x",
    )
    cluster = Cluster(event=event, reports=("r",), claims=(Claim("date", {}, name, "r"),))
    publish(
        [cluster],
        {"ev_x": [review("ev_x", "verify", 1)]},
        [PERSON],
        tmp_path / "out.db",
        redactions=Redactions(frozenset({"Zhaksybaeva"})),
    )
    with read_db(tmp_path / "out.db") as db:
        docs = {r[0] for r in db.execute("SELECT doc FROM evidence UNION SELECT doc FROM claims")}
        sources = db.execute("SELECT doc, sources FROM sources, events").fetchone()
    assert docs == {f"2022-01-05_{WITHHELD}.txt"}
    assert sources[0] == f"2022-01-05_{WITHHELD}.txt"
    assert json.loads(sources[1]) == [f"2022-01-05_{WITHHELD}.txt"]


def test_two_documents_that_redact_alike_keep_distinct_names() -> None:
    redacting_ = redacting("Zhaksybaeva")
    first = redacting_.doc("zhaksybayeva.txt")
    second = redacting_.doc("Zhaksybaeva.txt")
    assert (first, second) == (f"{WITHHELD}.txt", f"{WITHHELD}.txt~2")
    assert redacting_.doc("zhaksybayeva.txt") == first  # asked again, named the same


@pytest.mark.parametrize(
    ("actor", "withheld"),
    [
        (Actor("Aigerim Zhaksybayeva", "person", "target", entity="pe_aigerim"), True),
        (Actor("A. Zhaksybayeva", "person", "target"), True),  # a person named by the name
        (Actor("Mr Zhaksybayev", "official", "speaker"), False),  # another surname: stays
        (Actor("Zhaksybayeva's supporters", "movement", "participant"), False),  # renamed, kept
        (Actor("Zhaksybayeva", "movement", "participant"), True),  # nothing but the name
        (Actor("Police", "police", "perpetrator"), False),
    ],
)
def test_which_actors_are_left_out(actor: Actor, withheld: bool) -> None:
    redacting_ = redacting("Zhaksybaeva")
    cluster = detention()
    cluster = Cluster(
        event=Event(
            type="detention",
            evidence=cluster.event.evidence,
            actors=(actor,),
            summary="x",
            id="ev_one",
        ),
        reports=("r",),
    )
    happening = redacting_.happening(cluster, "verified", ())
    assert (happening.cluster.event.actors == ()) is withheld
    assert redacting_.actors_withheld == int(withheld)
    if not withheld and "Zhaksybayeva" in actor.name:
        assert happening.cluster.event.actors[0].name.startswith(WITHHELD)


def test_quotes_inside_the_event_are_masked_to_their_length() -> None:
    happening = redacting("Zhaksybaeva").happening(detention(), "verified", ())
    original = detention().event.evidence[1].text
    masked = happening.cluster.event.evidence[1].text
    assert len(masked) == len(original)
    assert masked.startswith("*" * len("Zhaksybayeva") + " was released")
    assert happening.quotes[1].quote == f"{WITHHELD} was released two days later"


def test_select_counts_what_it_leaves_out() -> None:
    chosen = select(CLUSTERS, REVIEWS, redacting())
    assert [h.cluster.id for h in chosen.happenings] == ["ev_detention", "ev_fine"]
    assert chosen.left_out == {"unreviewed": 1, "rejected": 1}
    assert chosen.happenings[1].edited == ("summary",)
    with_unverified = select(CLUSTERS, REVIEWS, redacting(), include_unverified=True)
    assert [h.status for h in with_unverified.happenings] == ["verified", "unreviewed", "verified"]


def test_a_happening_changed_since_verified_is_published_only_as_unverified() -> None:
    # Verified when it had one report; a second joined since.
    happening = detention()
    seen = seen_of(replace(happening, reports=happening.reports[:1]), "verify")
    verified = replace(review(happening.id, "verify", 1), seen=seen)
    chosen = select([happening], {happening.id: [verified]}, redacting())
    assert (chosen.happenings, chosen.left_out) == ([], {"changed": 1})
    on_request = select(
        [happening], {happening.id: [verified]}, redacting(), include_unverified=True
    )
    assert [h.status for h in on_request.happenings] == ["changed"]
