"""``khronika show`` explains a happening: why each report joined it, and its possible duplicates
(on each backend)."""

from __future__ import annotations

import json
from dataclasses import replace

from click.testing import CliRunner

from khronika.cli import main
from khronika.model import CandidatePair, Join
from khronika.store import Store
from tests.store.happenings import ALMATY, ENTITIES, KYIV, MENTIONS, almaty_cluster, kyiv_cluster


def test_show_prints_why_reports_joined_and_the_possible_duplicates(db_url: str) -> None:
    db = db_url
    join = Join("ev_ru", "ev_en", 4.0, (("same_day", 2.0), ("same_city", 2.0)))
    pair = CandidatePair(
        "ev_en", "ev_uk", 2.0, "below_threshold", (("same_city", 2.0),), ALMATY, KYIV
    )
    with Store.open(db) as store:
        store.save_consolidation(
            [replace(almaty_cluster(), joined_by=(join,)), kyiv_cluster()],
            ENTITIES,
            MENTIONS,
            candidates=[pair],
        )

    result = CliRunner().invoke(main, ["show", ALMATY, "--db", db])

    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout[: result.stdout.index("\n[")])
    assert shown["joined_by"] == [join.to_dict()]
    assert f"possible duplicate: {KYIV} (score 2, below_threshold; same_city +2)" in result.stdout
