"""House life: notices on the board (about two a month per household for two years, the
recent ones still shown, most read by someone) and a house meeting every month."""

from __future__ import annotations

import random
from datetime import timedelta

from benchmark.scale.core import CityIds, insert_returning_ids, insert_rows, moment
from cohousing.community.models import Meeting, Notice, NoticeRead

NOTICE_EVERY_DAYS = 15  # on average
SHOWN_FOR_DAYS = 30  # older notices expired
READ_SHARE = 0.6  # of the residents, per notice
WORDS = (
    "Domani passa il tecnico della caldaia.",
    "Sabato pizza insieme alle 20!",
    "Ho lasciato le chiavi del cortile in cucina.",
    "Ricordate la raccolta della carta il giovedì.",
)


def fill_community(rng: random.Random, ids: CityIds, scale: int) -> str:
    notices, readers, meetings = [], [], []
    draw = rng.random
    for household_id in ids.household_ids:
        people = ids.residents[household_id]
        day = ids.household_created[household_id]
        while day < ids.today:
            author = people[int(draw() * len(people))]
            notices.append(
                {
                    "household_id": household_id,
                    "body": WORDS[int(draw() * len(WORDS))],
                    "photo": None,
                    "photo_version": 0,
                    "pinned": False,
                    "expires_on": day + timedelta(days=SHOWN_FOR_DAYS),
                    "author_person_id": author,
                    "author_staff_id": None,
                    "created_at": moment(day, rng),
                    "removed_at": None,
                }
            )
            readers.append([p for p in people if p == author or draw() < READ_SHARE])
            day += timedelta(days=1 + int(draw() * (2 * NOTICE_EVERY_DAYS - 1)))
        day = ids.household_created[household_id] + timedelta(days=20)
        while day < ids.today + timedelta(days=30):  # the next one is ahead
            meetings.append(
                {
                    "household_id": household_id,
                    "starts_at": moment(day, rng, 18, 20),
                    "created_by_staff_id": None,
                    "created_at": moment(day - timedelta(days=14), rng),
                }
            )
            day += timedelta(days=30)
    notice_ids = insert_returning_ids(Notice, notices)
    reads = insert_rows(
        NoticeRead,
        (
            {"notice_id": notice_id, "person_id": person, "read_at": notice["created_at"]}
            for notice_id, notice, people in zip(notice_ids, notices, readers, strict=True)
            for person in people
        ),
    )
    held = insert_rows(Meeting, meetings)
    return f"{len(notice_ids)} notices ({reads} reads), {held} meetings"
