"""Label mappings: each public training set's event labels onto khronika's 12 types or "none".

The public sets code events in their own schemes (PLOVER, the KAIROS ontology of WikiEvents,
GENEVA's FrameNet frames). A sentence is mapped to a set of our types; the empty set is a
non-event ("none"). A label whose meaning straddles our types or our notion of "not an event"
(a bombing, a diplomatic threat, a confiscation) maps to ``EXCLUDE``: its sentences are left out
of training rather than taught as the wrong thing. Change a mapping only with a new
``LABEL_MAPPING_VERSION``, because the shipped artefact records the version it was trained with.
"""

from __future__ import annotations

from typing import Final

from khronika.model import EVENT_TYPES

LABEL_MAPPING_VERSION: Final = "labels-v1"
NONE: Final = "none"
EXCLUDE: Final = "exclude"

# The classes a scorer predicts: our 12 types in the contract's order, then "none".
TYPES: Final[tuple[str, ...]] = tuple(EVENT_TYPES)
CLASSES: Final[tuple[str, ...]] = (*TYPES, NONE)

# PLOVER event -> our type. Modes refine some events below (PLOVER_MODES wins over this).
PLOVER_EVENTS: Final[dict[str, str]] = {
    "PROTEST": "protest",
    "FIGHT": "clash",
    "ASSAULT": "assault",  # "killing" when the record counts dead: see plover_label
    "MOBILIZE": "deployment",
    "CONCEDE": "concession",
    "DISAPPROVE": "statement",  # accuse, condemn, complain: a condemnation
    "DEMAND": "statement",  # demands and calls: an appeal
    "INVESTIGATE": "legal_action",
    "COERCE": EXCLUDE,  # only its modes below are ours
    "THREATEN": EXCLUDE,  # mostly threats between governments; modes below are ours
    "SUPPORT": EXCLUDE,  # diplomatic praise, not clearly solidarity with the events
    # Useful non-events: diplomacy, agreements, aid, refusals, sanctions between states.
    "AGREE": NONE,
    "CONSULT": NONE,
    "AID": NONE,
    "COOPERATE": NONE,
    "REJECT": NONE,
    "RETREAT": NONE,
    "SANCTION": NONE,
    "DOCUMENT": EXCLUDE,  # the file's own documentation record
}

PLOVER_MODES: Final[dict[tuple[str, str], str]] = {
    ("PROTEST", "riot-spon"): "riot",
    # PLOVER's "riot" mode is police riot control ("riot police used tear gas to disperse
    # demonstrators"): for us the sentence is about the protest, not a violent crowd.
    ("PROTEST", "riot"): "protest",
    ("FIGHT", "deport"): EXCLUDE,
    ("COERCE", "arrest"): "detention",
    ("COERCE", "detain"): "detention",
    ("COERCE", "ban"): "restriction",
    ("COERCE", "censor"): "restriction",
    ("COERCE", "curfew"): "restriction",
    ("COERCE", "martial-law"): "restriction",
    ("COERCE", "restrict"): "restriction",
    ("COERCE", "firearms"): "clash",
    ("THREATEN", "violence"): "harassment",
    ("THREATEN", "political"): "harassment",
    # a threatened curfew or ban is still a restriction (status "announced" in the contract)
    ("THREATEN", "curfew"): "restriction",
    ("THREATEN", "martial-law"): "restriction",
    ("THREATEN", "restrict"): "restriction",
    ("MOBILIZE", "weapons"): EXCLUDE,
}

# WikiEvents (KAIROS) event type prefixes -> our type; the longest matching prefix wins.
KAIROS_TYPES: Final[dict[str, str]] = {
    "Justice.ArrestJailDetain": "detention",
    "Justice.ChargeIndict": "legal_action",
    "Justice.TrialHearing": "legal_action",
    "Justice.Sentence": "legal_action",
    "Justice.Convict": "legal_action",
    "Justice.InvestigateCrime": "legal_action",
    "Justice.ReleaseParole": "legal_action",
    "Life.Die": "killing",
    "Life.Injure": "assault",
    "Conflict.Demonstrate": "protest",
    "Conflict.Demonstrate.DemonstrateWithViolence": "riot",
    "Contact.ThreatenCoerce": "harassment",
    # Bombings and attacks: a clash, a killing or neither depending on who and what; the
    # Life.Die / Life.Injure mentions of the same sentence carry what is ours.
    "Conflict.Attack": EXCLUDE,
    "GenericCrime": EXCLUDE,  # ordinary crime is not ours, but often reads like an assault
}

# GENEVA (FrameNet) frames -> our type; frames not listed are non-events.
GENEVA_FRAMES: Final[dict[str, str]] = {
    "Arrest": "detention",
    "Protest": "protest",
    "Killing": "killing",
    "Hostile_encounter": "clash",
    "Bodily_harm": "assault",
    "Statement": "statement",
    "Judgment_communication": "statement",
    "Attack": EXCLUDE,
    "Dispersal": EXCLUDE,  # crowds dispersed by police, or anything scattering
    "Legality": EXCLUDE,
}


# Short invented descriptions of each type, in the words news uses: zero-shot prototypes that
# give the rare types (riot, clash, concession) a voice the public sets barely have. Written
# from the contract's table (spec/events.md), never from a corpus text.
TYPE_DESCRIPTIONS: Final[dict[str, tuple[str, ...]]] = {
    "protest": (
        "People publicly demonstrated, rallied and marched in the streets.",
        "Protesters held a rally and a picket outside the government building.",
        "Workers went on strike to demand higher wages.",
        "Activists began a hunger strike in protest.",
    ),
    "riot": (
        "A violent crowd set cars on fire, looted shops and stormed government buildings.",
        "Rioters torched buildings and threw stones at the police.",
    ),
    "clash": (
        "Security forces exchanged fire with armed militants.",
        "Gunfights broke out between troops and armed groups, with firearms used.",
    ),
    "detention": (
        "Police arrested and detained protesters and took them into custody.",
        "The activist was detained and taken to a police station.",
    ),
    "assault": (
        "Police beat and kicked the detainees, injuring several of them.",
        "The journalist was attacked and beaten by unknown men.",
    ),
    "killing": (
        "Several protesters were killed when security forces opened fire.",
        "A man died in police custody.",
        "He was shot dead.",
    ),
    "legal_action": (
        "A court sentenced the activist to prison.",
        "Prosecutors charged him with organising mass riots.",
        "The court fined the protesters.",
        "Investigators opened a criminal case against the blogger.",
    ),
    "harassment": (
        "Police searched the activist's home and summoned her for questioning.",
        "Officials threatened journalists and put them under surveillance.",
    ),
    "restriction": (
        "The authorities banned all rallies and imposed a curfew.",
        "The government shut down the internet and blocked websites.",
        "A state of emergency was declared.",
    ),
    "deployment": (
        "Troops and armoured vehicles were sent into the city.",
        "The government deployed riot police and soldiers to the region.",
    ),
    "statement": (
        "The human rights group condemned the arrests and called for the release of the detainees.",
        "The ministry said the protesters were extremists.",
        "The organisation expressed concern and urged the authorities to respect freedom of assembly.",
    ),
    "concession": (
        "The government gave way and lowered fuel prices after the protests.",
        "The president dismissed the cabinet.",
        "The authorities released the detained activists.",
    ),
}


def plover_label(event: str, mode: str | None, *, dead: bool = False) -> str:
    """Our type, NONE or EXCLUDE for one PLOVER record (an assault with dead is a killing)."""
    label = PLOVER_MODES.get((event, mode or ""))
    if label is None:
        label = PLOVER_EVENTS.get(event, NONE)
    if label == "assault" and dead:
        return "killing"
    return label


def kairos_label(event_type: str) -> str:
    """Our type, NONE or EXCLUDE for one KAIROS event type (longest known prefix)."""
    parts = event_type.split(".")
    for end in range(len(parts), 0, -1):
        label = KAIROS_TYPES.get(".".join(parts[:end]))
        if label is not None:
            return label
    return NONE


def geneva_label(frame: str) -> str:
    """Our type, NONE or EXCLUDE for one GENEVA frame."""
    return GENEVA_FRAMES.get(frame, NONE)


def combine(labels: list[str]) -> tuple[str, ...] | None:
    """One sentence's labels as its set of our types: () is "none", None means leave it out.

    Any type of ours wins over non-events in the same sentence; a sentence whose only labels
    are ambiguous (EXCLUDE) is left out; a sentence with no label at all is a non-event.
    """
    types = sorted({label for label in labels if label in TYPES}, key=TYPES.index)
    if types:
        return tuple(types)
    if EXCLUDE in labels:
        return None
    return ()
