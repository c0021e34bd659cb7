"""One commit per request, decided here and nowhere else.

Every view is wrapped once, when the app is built: the request commits after the view has
returned, and rolls back when anything raised (the error pages roll back too, in
`web.errors`). Services only flush. A GET (or HEAD, OPTIONS) writes nothing but its row in
the access register: a flush of anything else during a safe request is refused loudly,
so a page that starts writing is caught by the first test that opens it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from flask import Flask, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from cohousing.extensions import db

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_WROTE = "transaction.wrote"  # session.info: something was written since the transaction began


class WriteOnSafeRequest(RuntimeError):
    """A GET tried to write something other than its access-register row."""


def committing(view: Callable) -> Callable:
    """The view, then one commit; an exception leaves the transaction to the error page.

    A safe request that wrote nothing in its view does not commit here: the access
    register writes its row after the answer and commits then, once (committing twice
    expired the signed-in account, which the register then read back)."""

    @functools.wraps(view)
    def run(*args, **kwargs):
        response = view(*args, **kwargs)
        if request.method not in SAFE_METHODS or _wrote(db.session):
            db.session.commit()
        return response

    run.commits_once = True  # type: ignore[attr-defined]
    return run


def init_request_guard(app: Flask) -> None:
    """Before anything else of a request runs: from here on a safe request may not write."""

    @app.before_request
    def _guard_this_request() -> None:
        g.guard_safe_request = True

    @app.teardown_request
    def _end_guard(_error) -> None:
        g.pop("guard_safe_request", None)


def init_transactions(app: Flask) -> None:
    """Wrap every view (call after the blueprints are registered) and guard safe requests."""
    for endpoint, view in list(app.view_functions.items()):
        if not getattr(view, "commits_once", False):
            app.view_functions[endpoint] = committing(view)
    if not event.contains(Session, "before_flush", _refuse_writes_on_safe_requests):
        event.listen(Session, "before_flush", _refuse_writes_on_safe_requests)
        event.listen(Session, "do_orm_execute", _refuse_bulk_writes_on_safe_requests)
        event.listen(Session, "do_orm_execute", _note_bulk_write)
        event.listen(Session, "after_flush", _note_flush)
        event.listen(Session, "after_transaction_end", _forget_writes)


def wrote_in_transaction(session: Session) -> bool:
    """Anything written in the session's transaction so far, flushed or still pending
    (a service's savepoint protects it; with nothing to protect, none is needed)."""
    return bool(session.info.get(_WROTE) or _changed(session))


def _note_flush(session: Session, _context) -> None:
    session.info[_WROTE] = True


def _forget_writes(session: Session, transaction) -> None:
    if transaction.parent is None:  # the outermost: committed or rolled back
        session.info.pop(_WROTE, None)


def _changed(session: Session) -> list[object]:
    return [
        *session.new,
        *session.deleted,
        *(obj for obj in session.dirty if session.is_modified(obj)),
    ]


def _wrote(session: Session) -> bool:
    """Rows added, changed or flushed in this request (the register's, on a safe one)."""
    return bool(g.get("safe_request_wrote") or _changed(session))


def _in_safe_request() -> bool:
    return (
        has_request_context()
        and request.method in SAFE_METHODS
        and g.get("guard_safe_request", False)
    )


def written_on_read(instance: object) -> bool:
    """Models that a GET may write (the access register) say so with this class flag."""
    return bool(getattr(type(instance), "__written_on_read__", False))


def _refuse_writes_on_safe_requests(session: Session, _context, _instances) -> None:
    if not _in_safe_request():
        return
    changed = _changed(session)
    if changed:
        g.safe_request_wrote = True
    wrong = [obj for obj in changed if not written_on_read(obj)]
    if wrong:
        names = ", ".join(sorted({type(obj).__name__ for obj in wrong}))
        raise WriteOnSafeRequest(f"{request.method} {request.path} tried to write {names}")


def _is_write(state: ORMExecuteState) -> bool:
    return state.is_update or state.is_delete or state.is_insert


def _note_bulk_write(state: ORMExecuteState) -> None:
    if _is_write(state):
        state.session.info[_WROTE] = True


def _refuse_bulk_writes_on_safe_requests(state: ORMExecuteState) -> None:
    if _in_safe_request() and _is_write(state):
        raise WriteOnSafeRequest(f"{request.method} {request.path} ran {state.statement}")
