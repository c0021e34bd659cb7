"""Which process does a scheduled job's piece of work: a write with a condition only one
process can meet, before anything is done.

cron may start a job while the last run is still going, an operator may start it by hand,
two machines may run the same crontab. So no job reads a row and then acts on it:

- Work that is only database writes (escalate a concern, raise a concern, book a recurring
  expense) is taken inside the transaction that does it: `take` (a conditional UPDATE) or
  a unique key. The other process's UPDATE changes no row (its INSERT hits the key) and it
  moves on. A process that dies rolls its claim back with its work; the next run does it.
- Work with an effect outside the database (an email) cannot be rolled back, so it is
  claimed in a short transaction of its own (`claim`: a random token and the time), then
  done, then marked done in another short transaction (`finish`). While the claim is fresh
  no other process takes the row. A claim older than CLAIM_TTL was left by a process that
  died between claiming and marking (far longer than any send, whose every step has a
  10-second timeout): the row is claimed again, so the work is done late, never lost.
  A failed attempt gives the row back at once (`release`) for the next run.

On PostgreSQL `claim` picks its rows with FOR UPDATE SKIP LOCKED, so a process never waits
for rows another is claiming; SQLite has one writer at a time and ignores the clause.
`hold` takes one row (and on SQLite the write lock) before a job reads what it will write.

Scheduled jobs use these, and commit; services use `take` too where two people may press
the same button at the same moment (acknowledging a concern). Nothing here commits.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, or_, select, update

from cohousing.database import clock
from cohousing.extensions import db

CLAIM_TTL = timedelta(minutes=5)


def take(model, *where: ColumnElement[bool], **values) -> bool:
    """`UPDATE model SET values WHERE where`: True when it changed a row, so this process
    acts; False when another process (or a person) got there first."""
    result = db.session.execute(
        update(model).where(*where).values(**values).execution_options(synchronize_session=False)
    )
    return result.rowcount > 0


def unclaimed(model, now: datetime | None = None) -> ColumnElement[bool]:
    """Rows no live process has claimed: never claimed, given back, or claimed too long ago."""
    now = now or clock.now()
    return or_(model.claimed_at.is_(None), model.claimed_at < now - CLAIM_TTL)


def claim(model, *where: ColumnElement[bool], **values) -> str | None:
    """Claim every row of `model` matching `where` that nobody holds (setting `values` too),
    in one conditional UPDATE. The token names the rows this process now owns; None when
    there were none left. The caller commits at once, before acting."""
    now = clock.now()
    token = secrets.token_hex(16)
    free = (*where, unclaimed(model, now))
    ids = select(model.id).where(*free).with_for_update(skip_locked=True)
    taken = take(model, model.id.in_(ids), *free, claim_token=token, claimed_at=now, **values)
    return token if taken else None


def claimed(model, token: str) -> list:
    """The rows this process claimed with `token`."""
    return list(
        db.session.scalars(select(model).where(model.claim_token == token).order_by(model.id))
    )


def finish(model, token: str, **values) -> None:
    """Mark the claimed rows done (`values`, e.g. sent_at); the caller commits at once."""
    take(model, model.claim_token == token, **values)


def release(model, token: str) -> None:
    """Give the claimed rows back after a failed attempt: the next run tries them again."""
    take(model, model.claim_token == token, claim_token=None, claimed_at=None)


def hold(model, row_id: int) -> bool:
    """Lock one row until the transaction ends (on SQLite: take the write lock), before a
    job reads what it is about to write, so two runs cannot both plan from the same state.
    An UPDATE that changes nothing, so it waits for (and is waited for by) the other run."""
    return take(model, model.id == row_id, id=model.id)
