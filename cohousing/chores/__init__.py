"""Chores (faccende): a fair rota that knows about absences, ability and capacity.

The domain core lives here: `recurrence` (which dates), `planner` (who, as a pure
function), `services` (the database side: plan, replan, mark done, undo, skip, swap).
The blueprint with the tablet screens and the rota views comes later.
"""
