"""khronika: reports of protest and political repression in, evidence-linked events out.

The flow, one package per step: ingest (files to Documents) → nlp (the spaCy pipeline) →
extract (Documents to Events with Evidence) → store (SQLite through SQLAlchemy) → export / cli.
``pipeline`` is the one module that knows every stage.
"""

__version__ = "0.1.0"
