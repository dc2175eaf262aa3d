"""Settings of the web desk: sessions, lockout, paging, and where the browser assets live.

Kept beside the app rather than in :mod:`khronika.settings` because only the web desk reads
them; ``KHRONIKA_WEB_*`` environment variables override the defaults like everywhere else.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, Field

from khronika.accounts import TOTP_ISSUER


def _default_node_modules() -> Path:
    # The repository's node_modules (package.json sits at the repository root): found by
    # walking up from this package, so an editable install and a checkout both work.
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "node_modules"
        if candidate.is_dir():
            return candidate
    return here.parents[2] / "node_modules"


class WebSettings(BaseModel):
    """How the web desk authenticates and pages; one object passed to ``create_app``."""

    model_config = {"frozen": True}

    # Five guesses then a quarter of an hour: slows an online password guesser to about 20
    # tries an hour while a person who mistyped twice is never stopped (OWASP's guidance).
    lockout_threshold: int = Field(default=5, description="failed logins before a lockout")
    lockout_minutes: int = Field(default=15, description="how long a locked account waits")
    # One address guessing over many names: twenty failures in the window, four times a
    # person's allowance, so an office behind one NAT with a few clumsy typists is never hit.
    address_threshold: int = Field(default=20, description="failed logins from one address")
    # A working day: an analyst logs in once in the morning, a stolen cookie dies by night.
    session_hours: int = Field(default=12, description="lifetime of a login session")
    # A login waiting for its TOTP code: long enough to open the authenticator app.
    pending_minutes: int = Field(default=5, description="time to enter the second factor")
    page_size: int = Field(default=50, description="rows of a list page")
    max_page_size: int = Field(default=500, description="largest page an API caller may ask")
    # A day's batch of articles in one form; a thousand would only fill the temporary folder.
    upload_max_files: int = Field(default=100, description="files one upload form may carry")
    # Stored events start at extraction's min_confidence (0.5); the band just above it is where
    # the rules were least sure, so the review queue lists it as "low confidence".
    low_confidence: float = Field(default=0.65, description="queue: confidence below this")
    totp_issuer: str = TOTP_ISSUER
    node_modules: Path = Field(default_factory=_default_node_modules)

    @classmethod
    def from_env(cls, **overrides: object) -> WebSettings:
        """Defaults, then ``KHRONIKA_WEB_NODE_MODULES``, then explicit overrides."""
        values: dict[str, object] = {}
        if env_modules := os.environ.get("KHRONIKA_WEB_NODE_MODULES"):
            values["node_modules"] = Path(env_modules)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls.model_validate(values)
