"""Chores (faccende): a fair rota that knows about absences, ability and capacity.

The domain core: `recurrence` (which dates, pure), `planner` (who, pure), `rota` (planning
in the database: extend_plan, replan), `services` (chores, absences, capacity, exclusions),
`actions` (mark done, undo, skip, swap) and `today` (the today screen, "why me?").
Screens: `views` and `setup_views` (staff, under /households/<id>/chores), `tablet_views`
and `tablet_week_views` (residents, under /tablet/chores), `feed_views` (the iCalendar
feeds, /calendar/<token>.ics); `week` reads the rota for them, `calendar` writes the feeds.
"""

from flask import Blueprint

bp = Blueprint("chores", __name__)
