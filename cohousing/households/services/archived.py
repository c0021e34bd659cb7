"""An archived household changes no more, whichever area writes: refused at every flush.

A rule in each service would be forgotten by the next one, so the session checks every
flush instead: a new, changed or deleted row with a `household_id` of an archived household
raises `RuleError`, which the action skeleton (`web.actions.attempt`, which flushes inside
its savepoint) turns into a 422 with the message. The household row itself may change
(archiving and restoring are writes to it), and so may the access register (rows whose
class says `__written_on_read__`): the history of who looked stays complete.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.base import NO_VALUE

from cohousing.households.models import Household
from cohousing.rules import RuleError

ARCHIVED = _l("This household is archived: unarchive it first to change anything.")


def _written_on_read(instance: object) -> bool:
    return bool(getattr(type(instance), "__written_on_read__", False))


def _changed_rows(session: Session) -> list[object]:
    modified = (obj for obj in session.dirty if session.is_modified(obj))
    return [
        obj
        for obj in (*session.new, *session.deleted, *modified)
        if not isinstance(obj, Household) and not _written_on_read(obj)
    ]


def _households_of(obj: object) -> tuple[set[int], set[Household]]:
    """The household ids a row names (now, and before a change), without loading anything;
    or the Household object itself when the row was given one but has no id yet."""
    state = inspect(obj, raiseerr=False)
    if state is None or "household_id" not in state.mapper.attrs:
        return set(), set()
    ids: set[int] = set()
    value = state.dict.get("household_id", NO_VALUE)
    if value is NO_VALUE:
        value = getattr(obj, "household_id", None)  # expired: load it (rare)
    if value is not None:
        ids.add(value)
    history = state.attrs.household_id.history
    ids.update(old for old in history.deleted or () if old is not None)
    objects: set[Household] = set()
    if value is None and "household" in state.mapper.relationships:
        related = state.dict.get("household")
        if isinstance(related, Household):
            objects.add(related)
    return ids, objects


def refuse_writes_to_archived(session: Session, _context, _instances) -> None:
    """before_flush: one query for all the rows of this flush, only if any names a household."""
    ids: set[int] = set()
    objects: set[Household] = set()
    for obj in _changed_rows(session):
        row_ids, row_objects = _households_of(obj)
        ids |= row_ids
        objects |= row_objects
    if not ids and not objects:
        return
    # A household loaded in this session (archived or restored, perhaps not yet flushed)
    # counts as it is now; only the others are read from the database.
    mapper = inspect(Household)
    unread: set[int] = set()
    for household_id in ids:
        loaded = session.identity_map.get(mapper.identity_key_from_primary_key((household_id,)))
        if loaded is not None and "archived_at" in inspect(loaded).dict:
            objects.add(loaded)
        else:
            unread.add(household_id)
    archived = (
        bool(unread)
        and session.scalars(
            select(Household.id).where(Household.id.in_(unread), Household.archived_at.is_not(None))
        ).first()
        is not None
    )
    if archived or any(household.archived_at is not None for household in objects):
        raise RuleError(ARCHIVED)


def guard_archived_households() -> None:
    """Listen on every session, once (importing the services does it)."""
    if not event.contains(Session, "before_flush", refuse_writes_to_archived):
        event.listen(Session, "before_flush", refuse_writes_to_archived)
