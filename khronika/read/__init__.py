"""The read side in one home: what the CLI, the web desk, the API and publish show of the store.

* :mod:`~khronika.read.reviewed`: a happening with its reviewers' edits and verdict applied;
* :mod:`~khronika.read.timeline`: a person's happenings in date order, with their roles;
* :mod:`~khronika.read.registry`: the registry as rows (people and organisations, how often seen);
* :mod:`~khronika.read.wording`: a happening's date and place in a few words;
* :mod:`~khronika.read.lookup`: a person or a place found by what someone types, in any script.

It imports the base and the store only, never a stage, the web or the CLI.
"""

from __future__ import annotations

from khronika.read.lookup import country_code, is_entity_id, people_named, place_spellings
from khronika.read.registry import RegistryRow, is_person, registry_rows, spellings_seen
from khronika.read.reviewed import (
    EDIT_FIELDS,
    REVIEW_STATES,
    Reviewed,
    ReviewStatus,
    apply_edit,
    current_value,
    group_reviews,
    reviewed,
    reviewed_all,
    reviewed_many,
    reviewed_one,
    seen_of,
)
from khronika.read.timeline import Step, Timeline, describe_role, timeline, timelines
from khronika.read.wording import date_text, place_text

__all__ = [
    "EDIT_FIELDS",
    "REVIEW_STATES",
    "RegistryRow",
    "ReviewStatus",
    "Reviewed",
    "Step",
    "Timeline",
    "apply_edit",
    "country_code",
    "current_value",
    "date_text",
    "describe_role",
    "group_reviews",
    "is_entity_id",
    "is_person",
    "people_named",
    "place_spellings",
    "place_text",
    "registry_rows",
    "reviewed",
    "reviewed_all",
    "reviewed_many",
    "reviewed_one",
    "seen_of",
    "spellings_seen",
    "timeline",
    "timelines",
]
