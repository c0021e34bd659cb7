"""Chores (faccende): a fair rota that knows about absences, ability and capacity.

The domain core: `recurrence` (which dates, pure), `planner` (who, pure), `rota` (planning
in the database: extend_plan, replan), `services` (chores, absences, capacity, exclusions),
`actions` (mark done, undo, skip, swap) and `today` (the today screen, "why me?").
The blueprint with the tablet screens and the rota views comes later.
"""
