"""People's attributes: an analyst's records, appended and never changed; the latest record of a
field is its value, a blank one clears it, and nothing else than the five fields is taken."""

from __future__ import annotations

import pytest

from khronika.errors import StoreError
from khronika.store import Store

DANA = "ent_dana_ospan"


def test_the_latest_record_of_a_field_is_its_value_and_the_history_keeps_all(
    store: Store,
) -> None:
    store.record_person_attribute(DANA, "occupation", "teacher", author="ana", reason="profile")
    store.record_person_attribute(DANA, "age", "34", author="ana", reason="court papers")
    store.record_person_attribute(
        DANA, "occupation", "journalist", author="irina", reason="her outlet's page"
    )

    attributes = store.person_attributes(DANA)

    assert {f: a.value for f, a in attributes.items()} == {"age": "34", "occupation": "journalist"}
    assert list(attributes) == ["age", "occupation"]  # the fields' own order
    assert attributes["occupation"].author == "irina"
    history = store.person_attribute_history(DANA)
    assert [(h.field, h.value) for h in history] == [
        ("occupation", "teacher"),
        ("age", "34"),
        ("occupation", "journalist"),
    ]
    assert store.person_attributes("ent_someone_else") == {}


def test_a_blank_value_clears_the_field(store: Store) -> None:
    store.record_person_attribute(
        DANA, "detention_status", "detained", author="ana", reason="police statement"
    )
    cleared = store.record_person_attribute(
        DANA, "detention_status", "  ", author="ana", reason="entered in error"
    )

    assert cleared.value is None
    assert store.person_attributes(DANA) == {}
    assert len(store.person_attribute_history(DANA)) == 2


def test_an_unknown_field_or_no_reason_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="'religion' is not a person's attribute"):
        store.record_person_attribute(DANA, "religion", "x", author="ana", reason="why")
    with pytest.raises(StoreError, match="needs a reason"):
        store.record_person_attribute(DANA, "age", "30", author="ana", reason=" ")

    assert store.person_attribute_history(DANA) == []
