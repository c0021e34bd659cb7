"""Chores: four per household and the last CHORE_DAYS days of turns, most of them done.

Only past turns: the app plans the coming days itself the first time a screen needs them
(`chores.week.ensure_planned`), as it does in a real household.
"""

from __future__ import annotations

import random
from datetime import timedelta

from benchmark.scale.core import CityIds, insert_returning_ids, insert_rows, moment
from cohousing.chores.models import (
    AssignmentStatus,
    Chore,
    ChoreArea,
    ChoreAssignment,
    ChoreCompletion,
    ChoreCredit,
    RecurrenceKind,
)

CHORE_DAYS = 120  # long enough for fairness sums and overdue lists; short enough to fill fast
# (name, icon, effort points, recurrence, every_days)
CHORES = (
    ("Wash the dishes", "dishes", 2, RecurrenceKind.DAILY, None),
    ("Take out the rubbish", "rubbish", 1, RecurrenceKind.EVERY_N_DAYS, 2),
    ("Clean the bathroom", "bathroom", 3, RecurrenceKind.EVERY_N_DAYS, 7),
    ("Mop the floors", "mop", 3, RecurrenceKind.EVERY_N_DAYS, 4),
)
DONE_SHARE = 0.85  # the rest stays undone (overdue) or skipped


def fill_chores(rng: random.Random, ids: CityIds, scale: int) -> str:
    first_day = max(ids.start, ids.today - timedelta(days=CHORE_DAYS))
    chore_rows = [
        {
            "household_id": household_id,
            "name": name,
            "icon": icon,
            "effort_points": points,
            "area": ChoreArea.COMMON,
            "recurrence_kind": kind,
            "weekdays_mask": 0,
            "every_days": every,
            "anchor_on": first_day if every else None,
            "active": True,
            "created_at": moment(ids.household_created[household_id], rng),
        }
        for household_id in ids.household_ids
        for name, icon, points, kind, every in CHORES
    ]
    chore_ids = insert_returning_ids(Chore, chore_rows)
    turns, done_by = [], []
    draw = rng.random
    for chore_id, row in zip(chore_ids, chore_rows, strict=True):
        people = ids.residents[row["household_id"]]
        step = row["every_days"] or 1
        day, index = first_day, int(draw() * len(people))
        while day < ids.today:
            person = people[index % len(people)]
            index += 1
            luck = draw()
            status = AssignmentStatus.DONE if luck < DONE_SHARE else AssignmentStatus.PLANNED
            if DONE_SHARE <= luck < DONE_SHARE + 0.05:
                status = AssignmentStatus.SKIPPED
            turns.append(
                {
                    "household_id": row["household_id"],
                    "chore_id": chore_id,
                    "due_on": day,
                    "person_id": person,
                    "status": status,
                    "pinned": False,
                    "reason": "fairest",
                    "why_json": "",
                    "skip_reason": "away:" if status is AssignmentStatus.SKIPPED else "",
                    "planned_at": moment(day - timedelta(days=7), rng),
                }
            )
            done_by.append(
                (person, row["effort_points"]) if status is AssignmentStatus.DONE else None
            )
            day += timedelta(days=step)
    turn_ids = insert_returning_ids(ChoreAssignment, turns)
    done = [
        (turn_id, turn, who)
        for turn_id, turn, who in zip(turn_ids, turns, done_by, strict=True)
        if who is not None
    ]
    completion_ids = insert_returning_ids(
        ChoreCompletion,
        [
            {
                "assignment_id": turn_id,
                "done_by_id": who[0],
                "recorded_by_id": who[0],
                "done_at": moment(turn["due_on"], rng),
                "undone_at": None,
            }
            for turn_id, turn, who in done
        ],
    )
    credits = insert_rows(
        ChoreCredit,
        (
            {"completion_id": completion_id, "person_id": who[0], "points_hundredths": who[1] * 100}
            for completion_id, (_, _, who) in zip(completion_ids, done, strict=True)
        ),
    )
    return (
        f"{len(chore_ids)} chores, {len(turn_ids)} turns over {CHORE_DAYS} days, "
        f"{len(completion_ids)} done ({credits} credits)"
    )
