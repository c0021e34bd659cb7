"""Erasure decides, for every column that points at a person, whether it goes or stays."""

from __future__ import annotations

from cohousing.extensions import db
from cohousing.privacy.services import CLEARED, DELETED, KEPT


def test_every_column_that_points_at_a_person_is_decided(app):
    columns = {
        (table.name, column.name)
        for table in db.metadata.sorted_tables
        for column in table.columns
        if any(fk.column.table.name == "person" for fk in column.foreign_keys)
    }
    decided = set(DELETED) | set(CLEARED) | set(KEPT)
    assert columns - decided == set(), "decide in cohousing.privacy.services.erasure"
    assert decided - columns == set()
    assert not (set(DELETED) & set(KEPT)) and not (set(CLEARED) & set(KEPT))
