"""Home visits: about one every two weeks per household for two years, by a linked worker,
with a rating for two or three observation areas."""

from __future__ import annotations

import random
from datetime import timedelta

from benchmark.scale.core import CityIds, insert_returning_ids, insert_rows, moment
from cohousing.visits.models import AREAS, Visit, VisitKind, VisitObservation

VISIT_EVERY_DAYS = 14  # on average
KINDS = (VisitKind.HOME, VisitKind.HOME, VisitKind.HOME, VisitKind.PHONE, VisitKind.NO_ANSWER)


def fill_visits(rng: random.Random, ids: CityIds, scale: int) -> str:
    visits, observed = [], []
    draw = rng.random
    areas = list(AREAS)
    for household_id in ids.household_ids:
        workers = ids.links.get(household_id) or [ids.coordinator_id]
        people = ids.residents[household_id]
        day = ids.household_created[household_id] + timedelta(days=int(draw() * 14))
        while day < ids.today:
            kind = KINDS[int(draw() * len(KINDS))]
            visits.append(
                {
                    "household_id": household_id,
                    "person_id": people[int(draw() * len(people))] if draw() < 0.5 else None,
                    "kind": kind,
                    "visited_at": moment(day, rng, 9, 18),
                    "duration_minutes": None
                    if kind is VisitKind.NO_ANSWER
                    else 30 + int(draw() * 60),
                    "staff_present": "",
                    "agreed_actions": "",
                    "next_visit_on": day + timedelta(days=VISIT_EVERY_DAYS),
                    "recorded_by_id": workers[int(draw() * len(workers))],
                    "created_at": moment(day, rng, 18, 20),
                }
            )
            observed.append(
                [] if kind is VisitKind.NO_ANSWER else rng.sample(areas, rng.randint(2, 3))
            )
            day += timedelta(days=1 + int(draw() * (2 * VISIT_EVERY_DAYS - 1)))
    visit_ids = insert_returning_ids(Visit, visits)
    observations = insert_rows(
        VisitObservation,
        (
            {"visit_id": visit_id, "area": area, "rating": 2 + int(draw() * 4), "note": ""}
            for visit_id, chosen in zip(visit_ids, observed, strict=True)
            for area in chosen
        ),
    )
    return f"{len(visit_ids)} visits ({observations} observations)"
