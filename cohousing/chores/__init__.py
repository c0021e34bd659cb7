"""Chores (faccende): a fair rota that knows about absences, ability and capacity.

`models` (the tables, and the shape of a chore's rule), `forms`, `services` (a package: the
rules, planning, daily actions, what the screens read, the calendar feeds; its `__init__`
lists what the rest of the app may use) and `views` (by screen: `staff` and `setup` under
/households/<id>/chores, `tablet` and `tablet_week` under /tablet/chores, `feed` for the
iCalendar feeds at /calendar/<token>.ics). Turns are planned by the daily job
(`flask cohousing plan-chores`) and by the writes that change the plan, never by a page.
"""

from flask import Blueprint

bp = Blueprint("chores", __name__)
