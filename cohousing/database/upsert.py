"""An INSERT that can say ON CONFLICT, for the dialect in use (PostgreSQL or SQLite)."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite

from cohousing.extensions import db


def insert_for(model):
    """`insert(model)` with `.on_conflict_do_update` / `.on_conflict_do_nothing`."""
    dialect = db.session.get_bind().dialect.name
    return (postgresql if dialect == "postgresql" else sqlite).insert(model)
