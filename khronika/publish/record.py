"""The published record: each happening with its reviews applied and its withheld names removed.

A withheld person's actor entries are left out; every other text (summary, quotes, counts,
claims, place, even document names, which carry names too) has their names replaced by
``[withheld]``. Replaced quotes no longer match their offsets in the source text: the published
evidence keeps the document and offsets so a reader with the source can find the passage.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from khronika.model import Actor, Claim, Cluster, Count, Evidence, Review
from khronika.names import PERSON_KINDS, TITLES
from khronika.publish.redact import Redactor
from khronika.read import reviewed


@dataclass(frozen=True)
class Quote:
    """A published quote: the document (renamed if need be), offsets, the redacted text."""

    doc: str
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class Happening:
    """One published happening: redacted, reviewed, with its redacted quotes."""

    cluster: Cluster
    status: str
    edited: tuple[str, ...]
    quotes: tuple[Quote, ...]


@dataclass
class Redacting:
    """Redacts happenings with one :class:`Redactor`, naming documents consistently."""

    redactor: Redactor
    doc_names: dict[str, str] = field(default_factory=dict)  # source name -> published name
    actors_withheld: int = 0
    _taken: set[str] = field(default_factory=set)

    def doc(self, name: str) -> str:
        """The published name of a document (file names carry names too); two documents never
        share one after redaction.
        """
        if name not in self.doc_names:
            published = self.redactor(name)
            candidate, copy = published, 1
            while candidate in self._taken:
                copy += 1
                candidate = f"{published}~{copy}"
            self.doc_names[name] = candidate
            self._taken.add(candidate)
        return self.doc_names[name]

    def happening(self, cluster: Cluster, status: str, edited: tuple[str, ...]) -> Happening:
        """``cluster`` as published: its quotes, texts and claims redacted, withheld actors out."""
        redact = self.redactor
        event = cluster.event
        quotes = tuple(
            Quote(self.doc(ev.doc), ev.start, ev.end, redact(ev.text)) for ev in event.evidence
        )
        redacted = replace(
            event,
            summary=redact(event.summary),
            actors=tuple(self._actors(event.actors)),
            counts={key: self._count(count) for key, count in event.counts.items()},
            charges=tuple(redact(text) for text in event.charges),
            demands=tuple(redact(text) for text in event.demands),
            date=replace(event.date, text=redact.optional(event.date.text)),
            location=replace(
                event.location,
                name=redact.optional(event.location.name),
                admin1=redact.optional(event.location.admin1),
                text=redact.optional(event.location.text),
            ),
            evidence=tuple(
                Evidence(
                    doc=self.doc(ev.doc), start=ev.start, end=ev.end, text=redact.mask(ev.text)
                )
                for ev in event.evidence
            ),
        )
        claims = tuple(
            Claim(
                field=claim.field,
                value=redact.value(claim.value),
                doc=self.doc(claim.doc),
                report=claim.report,
                attributed_to=redact.optional(claim.attributed_to),
            )
            for claim in cluster.claims
        )
        return Happening(
            cluster=replace(cluster, event=redacted, claims=claims),
            status=status,
            edited=edited,
            quotes=quotes,
        )

    def _actors(self, actors: Iterable[Actor]) -> Iterator[Actor]:
        for actor in actors:
            if self._is_withheld(actor):
                self.actors_withheld += 1
            else:
                yield replace(actor, name=self.redactor(actor.name))

    def _is_withheld(self, actor: Actor) -> bool:
        """The actor is a listed person: linked to one, or named by nothing but withheld words."""
        if actor.entity is not None and actor.entity in self.redactor.entity_ids:
            return True
        spans = self.redactor.spans(actor.name)
        if not spans:
            return False
        if actor.kind in PERSON_KINDS:
            return True
        rest = actor.name
        for start, end in reversed(spans):
            rest = rest[:start] + " " + rest[end:]
        # "[withheld]'s supporters" stays, with the name replaced; "Mr [withheld]" does not.
        words = (word.strip(".,;:()\"'«»’") for word in rest.split())
        return not any(
            len(word) > 1 and word.isalpha() and word.casefold() not in TITLES for word in words
        )

    def _count(self, count: Count) -> Count:
        return replace(
            count,
            text=self.redactor(count.text),
            attributed_to=self.redactor.optional(count.attributed_to),
        )


# Published only on request: "changed" (since verified) is treated as unreviewed until someone
# verifies again, and so is "needs_review" (a verified and a rejected happening merged).
UNVERIFIED = ("unreviewed", "changed", "needs_review")


@dataclass(frozen=True)
class Selection:
    """The happenings to publish, redacted, and how many of each review status were left out."""

    happenings: list[Happening]
    left_out: dict[str, int]


def select(
    clusters: Iterable[Cluster],
    reviews: Mapping[str, Sequence[Review]],
    redacting: Redacting,
    *,
    include_unverified: bool = False,
) -> Selection:
    """The verified happenings (and with ``include_unverified`` the unreviewed, those changed
    since verified and those needing review after a merge: none of them is verified), redacted.
    """
    wanted = (*UNVERIFIED, "verified") if include_unverified else ("verified",)
    happenings: list[Happening] = []
    left_out: dict[str, int] = {}
    for cluster in clusters:
        view = reviewed(cluster, reviews.get(cluster.id, ()))
        if view.status not in wanted:
            left_out[view.status] = left_out.get(view.status, 0) + 1
            continue
        happenings.append(redacting.happening(view.cluster, view.status, view.edited_fields))
    return Selection(happenings=happenings, left_out=left_out)
