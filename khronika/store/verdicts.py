"""A happening's review status from its reviews: the rule the desk, filters and publish share.

Each verify, reject or edit records what the reviewer saw (``Review.seen``): the happening's
reports and, for a verify, its machine fields. That makes two things decidable long after:

- **needs review**: a verdict (or an edit of one field) is *standing* until a later verdict (or
  edit of that field) on a happening sharing one of its reports replaces it. When a merge
  brings together a verified and a rejected happening, both verdicts stand, having seen
  disjoint reports, and the survivor "needs review" until someone rules on the whole; edits of
  one field that stand with different values do the same (the latest is still shown).
- **changed since verified**: a verified happening that has since gained a report, or whose
  machine fields differ from those the verifier saw, is "changed" until someone verifies again.

A review recorded before ``seen`` existed sees nothing: the latest verdict in force wins, as it
did then. The store writes the result into ``clusters.review_status`` (see :mod:`.edits`), so a
filter ``review=changed`` is a plain column test; :mod:`khronika.read.reviewed` shows it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from khronika.model import EDITABLE_FIELDS, Cluster, Event, Review

ReviewStatus = Literal["verified", "rejected", "unreviewed", "needs_review", "changed"]
REVIEW_STATES: tuple[ReviewStatus, ...] = (
    "verified",
    "rejected",
    "unreviewed",
    "needs_review",
    "changed",
)
# The review actions that set a status, and the status each sets.
VERDICTS: Mapping[str, ReviewStatus] = {"verify": "verified", "reject": "rejected"}


@dataclass(frozen=True)
class Verdict:
    """A happening's review status and, when it is not a plain verdict, why, in plain words."""

    status: ReviewStatus
    notes: tuple[str, ...] = ()


def machine_fields(event: Event) -> dict[str, Any]:
    """The fields a reviewer checks, as JSON, of the machine's reading: what a verify saw."""
    data = event.to_dict()
    # Through JSON, so it compares equal to the copy a review row gives back.
    loaded: dict[str, Any] = json.loads(json.dumps({f: data.get(f) for f in EDITABLE_FIELDS}))
    return loaded


def seen_of(cluster: Cluster, action: str) -> dict[str, Any]:
    """What a reviewer doing ``action`` on ``cluster`` (the machine reading) sees: its reports,
    and for a verify its machine fields, the baseline of "changed since verified".
    """
    seen: dict[str, Any] = {"reports": sorted(set(cluster.reports))}
    if action == "verify":
        seen["machine"] = machine_fields(cluster.event)
    return seen


def verdict_of(cluster: Cluster, reviews: Iterable[Review]) -> Verdict:
    """The review status of ``cluster`` (its machine reading) under ``reviews`` (those counted
    for it, under its id or an id a merge retired into it), with the reasons of a conflict.
    """
    in_force = sorted((r for r in reviews if r.reverted_at is None), key=lambda r: r.id or 0)
    verdicts = _standing([r for r in in_force if r.action in VERDICTS])
    notes = list(_edit_conflicts(in_force))
    if not verdicts:
        status: ReviewStatus = "needs_review" if notes else "unreviewed"
        return Verdict(status, tuple(notes))
    outcomes = {VERDICTS[r.action] for r in verdicts}
    if len(outcomes) > 1:
        both = " and ".join(
            f"{VERDICTS[r.action]} in review {r.id} by {r.author}" for r in verdicts
        )
        notes.insert(0, f"{both}, before these reports were brought together")
    if notes:
        return Verdict("needs_review", tuple(notes))
    status = VERDICTS[verdicts[-1].action]
    if status == "verified":
        changes = _changes(cluster, verdicts)
        if changes:
            return Verdict("changed", (f"changed since verified: {changes}",))
    return Verdict(status)


def _reports(review: Review) -> frozenset[str] | None:
    reports = (review.seen or {}).get("reports")
    return frozenset(reports) if isinstance(reports, list) else None


def _standing(reviews: Sequence[Review]) -> list[Review]:
    """The reviews (oldest first) no later one replaces: a later review replaces every earlier
    one whose happening shared a report with its own, and one that saw nothing recorded
    (before ``seen`` existed) replaces, and is replaced by, every other.
    """
    standing: list[Review] = []
    for review in reviews:
        mine = _reports(review)
        standing = [
            earlier
            for earlier in standing
            if mine is not None and (theirs := _reports(earlier)) is not None and not mine & theirs
        ]
        standing.append(review)
    return standing


def _edit_conflicts(in_force: Sequence[Review]) -> Iterable[str]:
    by_field: dict[str, list[Review]] = {}
    for review in in_force:
        if review.action == "edit" and review.field:
            by_field.setdefault(review.field, []).append(review)
    for field, edits in by_field.items():
        standing = _standing(edits)
        if len({_key(r.after) for r in standing}) > 1:
            which = " and ".join(f"review {r.id} by {r.author}" for r in standing)
            yield f"{field} was edited differently in {which}, before these reports were joined"


def _key(value: Any) -> str:
    return repr(value)


def _changes(cluster: Cluster, verifies: Sequence[Review]) -> str:
    """What changed since the standing verifications ("" for nothing they can tell)."""
    seen = [r.seen for r in verifies if r.seen]
    if not seen:
        return ""
    known = {report for s in seen for report in s.get("reports", ())}
    gained = sorted(set(cluster.reports) - known)
    parts = []
    if gained:
        parts.append(
            f"{len(gained)} new report{'s' if len(gained) > 1 else ''} ({', '.join(gained)})"
        )
    machine = seen[-1].get("machine")
    if isinstance(machine, dict):
        now = machine_fields(cluster.event)
        fields = [f for f in EDITABLE_FIELDS if machine.get(f) != now.get(f)]
        if fields:
            parts.append(f"the machine's {', '.join(fields)}")
    return "; ".join(parts)
