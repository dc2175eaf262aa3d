"""How large a request may ask: page numbers, offsets, row ids, ids and search text.

Past these a request is refused with a 422 in the one error shape, before it reaches the store,
where an integer past 64 bits or a 60,000-character LIKE pattern would fail as a 500. Each is
far beyond any honest use: the limits stop abuse, not analysts.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

# A search, a place or a person typed into a filter: longer than any name or quoted phrase.
MAX_TEXT = 500
# A happening's or a person's id is a short hash; a document name a relative path.
MAX_ID = 200
MAX_NAME = 1_000
# A million pages of 50 is fifty million happenings; the store is built for 100k.
MAX_PAGE = 1_000_000
MAX_OFFSET = 1_000_000_000
# Row ids are SQLite integers (64 bits): anything larger cannot name a row.
MAX_ROW_ID = 2**62

PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
Limit = Annotated[int | None, Query(ge=1, le=MAX_OFFSET)]
RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]
RecordId = Annotated[str, Path(min_length=1, max_length=MAX_ID)]
DocumentName = Annotated[str, Path(min_length=1, max_length=MAX_NAME)]
SearchText = Annotated[str | None, Query(max_length=MAX_TEXT)]
