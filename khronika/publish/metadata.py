"""The ``metadata.json`` beside the published file: what ``datasette OUT.db -m metadata.json``
shows of it (title, licence, source, a description of every table and of the less obvious
columns).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

LICENSE = "CC BY 4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
METADATA_NAME = "metadata.json"

_REDACTION_NOTE = (
    " Names of people at risk are replaced by [withheld] and those people are left out of the "
    "actors."
)


def metadata(out_db: Path, title: str) -> dict[str, Any]:
    """What ``datasette OUT.db -m metadata.json`` shows: titles, licence, table descriptions."""
    tables: dict[str, Any] = {
        "events": {
            "description": "One row per happening, as reviewers verified it: the best-supported "
            "value of each field among the reports, with reviewers' corrections applied."
            + _REDACTION_NOTE,
            "facets": ["type", "country", "review_status"],
            "sort_desc": "date_start",
            "columns": {
                "id": "Stable id of the happening",
                "status": "occurred or announced",
                "review_status": (
                    "verified (or, if published with them, unreviewed, changed since"
                    " verified, or needs_review after a merge of opposite verdicts)"
                ),
                "date_precision": "day, month, year or unknown",
                "place": "Gazetteer name of the place (or as written)",
                "country": "ISO 3166-1 alpha-2",
                "n_sources": "Number of documents reporting it",
                "disputed": "JSON array of fields the sources disagree on (see claims)",
                "edited": "JSON array of fields a reviewer corrected",
                "sources": "JSON array of the documents reporting it",
                "confidence": "Extraction confidence, 0 to 1",
                "case_id": "Groups the happenings of one linked case",
            },
        },
        "actors": {
            "description": "Who took part in a happening, and how.",
            "columns": {"entity": "Registry id of the person or organisation, when linked"},
        },
        "counts": {
            "description": "Figures as ranges (min to max), with the wording and who gave them.",
        },
        "evidence": {
            "description": "The quotes each happening rests on. start and end are character "
            "offsets into the source document's text; where a name was withheld the quote is "
            "redacted, so it no longer matches the source at those offsets.",
            "columns": {
                "start": "Offset of the quote in the source text",
                "end": "End offset (exclusive)",
            },
        },
        "claims": {
            "description": "What each source said of the date, the place and each count, "
            "kept side by side where they disagree.",
            "columns": {"value": "The claimed value, as JSON"},
        },
        "sources": {
            "description": "The documents the published happenings cite.",
            "columns": {"n_events": "Published happenings citing it"},
        },
    }
    return {
        "title": title,
        "description": "Happenings read from news and reports by khronika and verified by "
        "reviewers, every one with the quotes it rests on." + _REDACTION_NOTE,
        "license": LICENSE,
        "license_url": LICENSE_URL,
        "source": "khronika",
        "databases": {out_db.stem: {"tables": tables}},
    }


def write_metadata(path: Path, out_db: Path, title: str) -> None:
    """Write the metadata of ``out_db`` to ``path`` (UTF-8 JSON, indented)."""
    path.write_text(
        json.dumps(metadata(out_db, title), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
