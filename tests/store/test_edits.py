"""The reviewed columns: an edit recorded (or reverted) rewrites the cluster's filter columns and
search entry at once, a later consolidation keeps them, and the payload stays the machine's."""

from __future__ import annotations

from khronika.model import Review
from khronika.store import EventFilter, Store

from .happenings import ALMATY, almaty_cluster, consolidate


def edit(store: Store, field: str, value: object) -> Review:
    return store.add_review(
        Review(cluster=ALMATY, action="edit", author="ana", field=field, after=value, reason="x")
    )


def found(store: Store, **filters: object) -> list[str]:
    return [c.id for c in store.clusters(EventFilter(**filters))]  # type: ignore[arg-type]


def test_an_edited_type_is_filtered_under_its_new_value(consolidated: Store) -> None:
    edit(consolidated, "type", "assault")

    assert ALMATY in found(consolidated, type="assault")
    assert ALMATY not in found(consolidated, type="detention")
    assert consolidated.count_clusters(EventFilter(type="assault")) == 1
    stored = consolidated.cluster(ALMATY)
    assert stored is not None and stored.event.type == "detention"  # the machine's, kept


def test_a_revert_and_a_new_consolidation_keep_the_columns_true(consolidated: Store) -> None:
    place = {"name": "Shymkent", "country": "KZ", "precision": "city", "text": "Shymkent"}
    moved = edit(consolidated, "location", place)
    edit(consolidated, "summary", "Irina Volkova was detained at the akimat")
    assert found(consolidated, place="Shymkent") == [ALMATY]
    assert found(consolidated, text="akimat") == [ALMATY]

    consolidate(consolidated)  # the machine's clusters saved again
    assert found(consolidated, place="Shymkent") == [ALMATY]
    assert found(consolidated, text="Volkova") == [ALMATY]

    assert moved.id is not None
    consolidated.revert_review(moved.id, "ana")
    assert found(consolidated, place="Shymkent") == []
    assert ALMATY in found(consolidated, place="Almaty")
    assert almaty_cluster().id == ALMATY
