"""``khronika publish``: the verified record, reviewed and redacted, for the public.

* :mod:`.redact`: who is withheld and every spelling of their names, replaced by ``[withheld]``;
* :mod:`.record`: each happening reviewed (:mod:`khronika.read`) and redacted;
* :mod:`.sqlite`: the Datasette-ready SQLite file (sqlite-utils);
* :mod:`.metadata`: the ``metadata.json`` Datasette reads beside it;
* :mod:`.files`: temporary files renamed at the end, so a publish is all or nothing;
* :mod:`.publisher`: :func:`publish` and :func:`publish_store`, which put these together.

Part of the read side: it imports the base, the store, the read package and the exporters.
"""

from __future__ import annotations

from khronika.publish.files import PublishError
from khronika.publish.metadata import METADATA_NAME
from khronika.publish.publisher import PublishReport, publish, publish_store
from khronika.publish.redact import (
    WITHHELD,
    RedactionError,
    Redactions,
    Redactor,
    load_redactions,
)
from khronika.read import group_reviews

__all__ = [
    "METADATA_NAME",
    "WITHHELD",
    "PublishError",
    "PublishReport",
    "RedactionError",
    "Redactions",
    "Redactor",
    "group_reviews",
    "load_redactions",
    "publish",
    "publish_store",
]
