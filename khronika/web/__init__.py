"""The web desk: browse, map and review happenings, read their evidence in its sources, and
manage accounts; plus the JSON API under ``/api``. ``create_app(settings)`` builds it.

Part of the read side: it imports the base, the store, :mod:`khronika.read` (what is shown) and
:mod:`khronika.accounts` (who may log in), and adds only HTTP: pages, the API, cookies, CSRF and
sessions. Merges and splits are re-consolidated, and material sent from the browser is ingested
(or a web address captured), through callables the CLI injects (:mod:`.injected`); nothing else
is fetched from the internet.
"""

from __future__ import annotations

from khronika.web.app import create_app

__all__ = ["create_app"]
