"""The web desk: browse, map and review happenings, read their evidence in its sources, and
manage accounts; plus the JSON API under ``/api``. ``create_app(settings)`` builds it.

Part of the read side: it imports the base and the store only (merges and splits are
re-consolidated through a callable the CLI injects), and fetches nothing from the internet.
"""

from __future__ import annotations

from khronika.web.app import create_app

__all__ = ["create_app"]
