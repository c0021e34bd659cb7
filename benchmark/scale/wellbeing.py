"""Check-ins for two years and the concerns raised along the way.

About one resident in five checks in (the first of each household always does, so the
benchmark's resident has the longest history), on about one day in two.
"""

from __future__ import annotations

import random
from datetime import timedelta

from benchmark.scale.core import CityIds, insert_returning_ids, insert_rows, moment
from cohousing.wellbeing.models import (
    CheckIn,
    Concern,
    ConcernEvent,
    ConcernKind,
    ConcernSource,
    ConcernStatus,
    Urgency,
)

CHECKING_IN = 1 / 5  # share of the other residents who use the check-in
ON_DAYS = 1 / 2
MOOD_WEIGHTS = (0.04, 0.1, 0.36, 0.35, 0.15)  # moods 1..5
TAGS = ("", "", "", "tired", "good_day", "slept_badly", "saw_someone,good_day", "lonely")
CONCERNS_PER_HOUSEHOLD = (0, 1, 2, 3, 4, 6)  # over the two years
KINDS = (ConcernKind.HELP_REQUEST, ConcernKind.WORRIED_ABOUT, ConcernKind.LOW_MOOD)


def fill_wellbeing(rng: random.Random, ids: CityIds, scale: int) -> str:
    checkins = insert_rows(CheckIn, _checkins(rng, ids))
    concerns, events = _concerns(rng, ids)
    return f"{checkins} check-ins, {concerns} concerns ({events} events)"


def _checkins(rng: random.Random, ids: CityIds):
    draw = rng.random
    cumulative = [sum(MOOD_WEIGHTS[: i + 1]) for i in range(len(MOOD_WEIGHTS))]
    for household_id in ids.household_ids:
        people = ids.residents[household_id]
        users = [people[0], *(p for p in people[1:] if draw() < CHECKING_IN)]
        for person_id in users:
            for day in ids.days():
                if day < ids.household_created[household_id] or draw() > ON_DAYS:
                    continue
                luck = draw()
                mood = next(i + 1 for i, edge in enumerate(cumulative) if luck <= edge)
                at = moment(day, rng, 8, 11)
                yield {
                    "person_id": person_id,
                    "household_id": household_id,
                    "local_date": day,
                    "mood": mood,
                    "tags": TAGS[int(draw() * len(TAGS))],
                    "note": "",
                    "created_at": at,
                    "updated_at": at,
                }


def _concerns(rng: random.Random, ids: CityIds) -> tuple[int, int]:
    rows, raised = [], []
    for household_id in ids.household_ids:
        workers = ids.links.get(household_id) or [ids.coordinator_id]
        for _ in range(rng.choice(CONCERNS_PER_HOUSEHOLD)):
            day = ids.today - timedelta(days=rng.randint(0, (ids.today - ids.start).days - 1))
            day = max(day, ids.household_created[household_id])
            at = moment(day, rng)
            age = (ids.today - day).days
            status = ConcernStatus.RESOLVED if age > 14 else rng.choice(list(ConcernStatus))
            worker = rng.choice(workers)
            person = rng.choice(ids.residents[household_id])
            done = at + timedelta(hours=rng.randint(1, 72))
            rows.append(
                {
                    "household_id": household_id,
                    "person_id": person,
                    "kind": rng.choice(KINDS),
                    "urgency": Urgency.URGENT if rng.random() < 0.1 else Urgency.NORMAL,
                    "source": ConcernSource.PERSON,
                    "raised_by_person_id": person,
                    "raised_by_staff_id": None,
                    "dedupe_key": None,
                    "note": "",
                    "status": status,
                    "acknowledged_by_id": worker if status is not ConcernStatus.OPEN else None,
                    "acknowledged_at": done if status is not ConcernStatus.OPEN else None,
                    "resolved_by_id": worker if status is ConcernStatus.RESOLVED else None,
                    "resolved_at": done if status is ConcernStatus.RESOLVED else None,
                    "resolution_note": "",
                    "escalated_at": None,
                    "created_at": at,
                }
            )
            raised.append((at, status, worker, done))
    concern_ids = insert_returning_ids(Concern, rows)
    events = []
    for concern_id, (at, status, worker, done) in zip(concern_ids, raised, strict=True):
        events.append(_event(concern_id, at, "raised", "", "open", None))
        if status is not ConcernStatus.OPEN:
            events.append(_event(concern_id, done, str(status), "open", str(status), worker))
    return len(concern_ids), insert_rows(ConcernEvent, events)


def _event(concern_id, at, action, before, after, staff_id) -> dict:
    return {
        "concern_id": concern_id,
        "at": at,
        "action": action,
        "from_status": before,
        "to_status": after,
        "staff_id": staff_id,
        "person_id": None,
        "note": "",
    }
