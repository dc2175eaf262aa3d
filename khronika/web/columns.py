"""What a list row shows beyond date, type and place: the figures ("40 detained") and the main
actors (targets first, then perpetrators), so "how many were detained, and who" reads off the
list without opening each happening.
"""

from __future__ import annotations

from khronika.model import COUNT_KEYS, Count, Event

# Roles in the order a reader looks for them: who it happened to, then who did it.
MAIN_ROLES = ("target", "perpetrator", "organiser", "speaker")
# More names than this make a list cell a paragraph; the rest are counted ("+3").
MAX_ACTORS = 3


def count_text(count: Count) -> str:
    """A figure as a list shows it: "40", "40–60", or its words when no number is known."""
    if count.min is None and count.max is None:
        return count.text
    if count.min == count.max or count.max is None:
        return str(count.min)
    if count.min is None:
        return f"≤{count.max}"
    return f"{count.min}–{count.max}"


def counts_column(event: Event) -> list[str]:
    """The happening's figures, one short phrase each, in the contract's order of keys."""
    return [f"{count_text(event.counts[key])} {key}" for key in COUNT_KEYS if key in event.counts]


def actors_column(event: Event) -> tuple[list[str], int]:
    """The main actors' names (targets first), each once, and how many more were left out."""
    ranked = sorted(
        (a for a in event.actors if a.role in MAIN_ROLES), key=lambda a: MAIN_ROLES.index(a.role)
    )
    names = list(dict.fromkeys(actor.name for actor in ranked))
    return names[:MAX_ACTORS], max(0, len(names) - MAX_ACTORS)
