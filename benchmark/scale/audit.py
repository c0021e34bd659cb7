"""Two years of the access register: a few events a day in every household.

The register only grows, so pages that read it (a resident's "who looked at my data",
a household's history) are where a long history shows first.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta

from benchmark.scale.core import CityIds, insert_rows
from cohousing.audit.models import AuditEvent

EVENTS_PER_DAY = (0, 1, 2, 2, 3, 3, 4, 5)  # drawn per household and day: 2.5 on average
WAKING_SECONDS = 14 * 3600
# (action, who acts, whether a resident is the subject)
ACTIONS = (
    ("household.viewed", "worker", False),
    ("resident.viewed", "worker", True),
    ("resident.viewed", "coordinator", True),
    ("household.updated", "coordinator", False),
    ("tablet.resident_signed_in", "resident", True),
    ("resident.pin_locked", "system", True),
)


def fill_audit(rng: random.Random, ids: CityIds, scale: int) -> str:
    count = insert_rows(AuditEvent, _events(rng, ids))
    return f"{count} audit events over {(ids.today - ids.start).days} days"


def _events(rng: random.Random, ids: CityIds) -> Iterator[dict]:
    draw = rng.random
    for day in ids.days():
        morning = datetime.combine(day, time(7), tzinfo=UTC)
        for household_id in ids.household_ids:
            if day < ids.household_created[household_id]:
                continue
            people = ids.residents[household_id] + ids.past_residents.get(household_id, [])
            workers = ids.links.get(household_id) or [ids.coordinator_id]
            for _ in range(EVENTS_PER_DAY[int(draw() * len(EVENTS_PER_DAY))]):
                action, actor, about_person = ACTIONS[int(draw() * len(ACTIONS))]
                person = people[int(draw() * len(people))] if about_person else None
                staff_id = None
                if actor == "worker":
                    staff_id = workers[int(draw() * len(workers))]
                elif actor == "coordinator":
                    staff_id = ids.coordinator_id
                yield {
                    "at": morning + timedelta(seconds=int(draw() * WAKING_SECONDS)),
                    "action": action,
                    "staff_id": staff_id,
                    "actor_person_id": person if actor == "resident" else None,
                    "actor_role": actor,
                    "household_id": household_id,
                    "subject_person_id": person,
                    "subject_staff_id": None,
                    "ip_address": "",
                    "detail": "",
                }
