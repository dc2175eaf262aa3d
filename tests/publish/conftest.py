"""The record published once per test, with the person at risk withheld."""

from __future__ import annotations

from pathlib import Path

import pytest
from publishworld import AT_RISK, CLUSTERS, DOCS, JOURNALIST, PERSON, REVIEWS, write_list

from khronika.publish import PublishReport, load_redactions, publish


@pytest.fixture
def published(tmp_path: Path) -> tuple[Path, PublishReport]:
    """``record.db`` (and ``record.csv``) published with the person at risk on the list."""
    redactions = load_redactions(write_list(tmp_path, f"# at risk\n\n{AT_RISK}\n"))
    out = tmp_path / "record.db"
    report = publish(
        CLUSTERS,
        REVIEWS,
        [PERSON, JOURNALIST],
        out,
        redactions=redactions,
        csv_path=tmp_path / "record.csv",
        documents=DOCS.get,
    )
    return out, report
