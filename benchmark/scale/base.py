"""The base city: households with dwellings, residents, workers, a coordinator, tablets."""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, datetime, time, timedelta

from benchmark.scale.core import (
    BENCH_COORDINATOR_EMAIL,
    BENCH_PASSWORD,
    BENCH_PIN,
    BENCH_WORKER_EMAIL,
    HOUSEHOLDS_PER_SCALE,
    LINKS_PER_WORKER,
    RESIDENTS_PER_HOUSEHOLD,
    WORKERS_PER_SCALE,
    CityIds,
    insert_returning_ids,
    insert_rows,
    random_day,
)
from cohousing.households.models import (
    Dwelling,
    Household,
    HouseholdKind,
    LinkFunction,
    Membership,
    WorkerLink,
)
from cohousing.organisations.models import Organisation, OrganisationKind
from cohousing.people.models import AVATAR_COLOURS, Person
from cohousing.people.services import hash_secret
from cohousing.staff.models import Role, StaffAccount
from cohousing.tablet.models import Tablet

FIRST_NAMES = (
    "Anna",
    "Bruno",
    "Carla",
    "Dario",
    "Elena",
    "Fabio",
    "Giulia",
    "Luca",
    "Marta",
    "Nadia",
    "Omar",
    "Paola",
    "Rita",
    "Sara",
    "Tommaso",
    "Ugo",
    "Vera",
    "Walter",
    "Yusuf",
    "Zoe",
    "Amina",
    "Ion",
    "Fatima",
    "Giorgio",
    "Lina",
    "Pietro",
    "Rosa",
    "Sergio",
    "Teresa",
    "Franco",
)
SURNAMES = (
    "Bianchi",
    "Rossi",
    "Verdi",
    "Neri",
    "Gallo",
    "Conti",
    "Ricci",
    "Marino",
    "Greco",
    "Bruno",
    "Costa",
    "Fontana",
    "Moretti",
    "Barbieri",
    "Lombardi",
    "Giorgi",
    "Pieri",
    "Lenzi",
    "Bertini",
    "Puccini",
    "Popescu",
    "Haddad",
    "Diallo",
    "Santini",
    "Mancini",
)
STREETS = (
    "Via Fillungo",
    "Via del Moro",
    "Via Santa Croce",
    "Via San Paolino",
    "Via Elisa",
    "Via Pisana",
    "Viale Carducci",
    "Via dei Borghi",
    "Via della Zecca",
    "Via Buiamonti",
)
KIND_WEIGHTS = {
    HouseholdKind.FAMILY: 4,
    HouseholdKind.ELDERLY: 3,
    HouseholdKind.SUPPORTED_LIVING: 2,
    HouseholdKind.HOUSING_FIRST: 1,
}


def _at(day, rng: random.Random) -> datetime:
    return datetime.combine(day, time(8), tzinfo=UTC) + timedelta(minutes=rng.randrange(600))


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def fill_base(rng: random.Random, ids: CityIds, scale: int) -> str:
    """Create the base city in `ids` and return a summary line."""
    staff_hash = hash_secret(BENCH_PASSWORD)  # argon2 is slow on purpose: hash once, reuse
    [ids.organisation_id] = insert_returning_ids(
        Organisation,
        [
            {
                "name": "Comune di Lucca (bench)",
                "kind": OrganisationKind.MUNICIPALITY,
                "emergency_number": "",
                "help_numbers": "",
                "mail_from": "",
                "created_at": _at(ids.start, rng),
            }
        ],
    )
    _staff(rng, ids, scale, staff_hash)
    _households(rng, ids, scale)
    pin_hash = hash_secret(BENCH_PIN)
    people = _residents(rng, ids, pin_hash)
    links = _worker_links(rng, ids)
    _tablets(rng, ids)
    return (
        f"{len(ids.household_ids)} households, {people} residents (current and past), "
        f"{len(ids.worker_ids)} workers, {links} worker links, {len(ids.tablet_ids)} tablets"
    )


def _staff(rng: random.Random, ids: CityIds, scale: int, password_hash: str) -> None:
    created = _at(ids.start, rng)
    rows = [
        {
            "email": BENCH_COORDINATOR_EMAIL,
            "display_name": "Bench Coordinator",
            "role": Role.COORDINATOR,
            "organisation_id": ids.organisation_id,
            "password_hash": password_hash,
            "created_at": created,
        }
    ]
    for index in range(WORKERS_PER_SCALE * scale):
        email = BENCH_WORKER_EMAIL if index == 0 else f"bench-worker-{index:04d}@example.org"
        rows.append(
            {
                "email": email,
                "display_name": _name(rng),
                "role": Role.WORKER,
                "organisation_id": ids.organisation_id,
                "password_hash": password_hash,
                "created_at": created,
            }
        )
    staff_ids = insert_returning_ids(StaffAccount, rows)
    ids.coordinator_id = staff_ids[0]
    ids.worker_ids = staff_ids[1:]
    ids.bench_worker_id = staff_ids[1]


def _households(rng: random.Random, ids: CityIds, scale: int) -> None:
    kinds = list(KIND_WEIGHTS)
    weights = list(KIND_WEIGHTS.values())
    rows, created_days = [], []
    early = timedelta(days=min(60, (ids.today - ids.start).days // 4))  # most of the history
    for index in range(HOUSEHOLDS_PER_SCALE * scale):
        kind = rng.choices(kinds, weights)[0]
        created = random_day(rng, ids.start, ids.start + early)
        created_days.append(created)
        rows.append(
            {
                "name": f"Casa {rng.choice(SURNAMES)} {index + 1:04d}",
                "kind": kind,
                "organisation_id": ids.organisation_id,
                "timezone": "Europe/Rome",
                "locale": "it",
                "tablet_idle_seconds": 60,
                "created_at": _at(created, rng),
            }
        )
    ids.household_ids = insert_returning_ids(Household, rows)
    for household_id, row, created in zip(ids.household_ids, rows, created_days, strict=True):
        ids.household_kinds[household_id] = row["kind"].value
        ids.household_created[household_id] = created
    insert_rows(
        Dwelling,
        (
            {
                "household_id": household_id,
                "address": f"{rng.choice(STREETS)} {rng.randint(1, 120)}, Lucca",
                "landlord_name": _name(rng),
                "landlord_contact": "+39 0583 000000",
                "monthly_rent_cents": rng.randrange(40_000, 140_000, 500),
                "lease_start": ids.household_created[household_id],
                "lease_end": ids.household_created[household_id] + timedelta(days=4 * 365),
                "notes": "",
            }
            for household_id in ids.household_ids
        ),
    )


def _residents(rng: random.Random, ids: CityIds, pin_hash: str) -> int:
    """Six current residents per household, and zero to three who moved out."""
    people, stays = [], []  # stays: (household, started_on, ended_on) per person row
    for household_id in ids.household_ids:
        created = ids.household_created[household_id]
        for _ in range(RESIDENTS_PER_HOUSEHOLD):
            stays.append((household_id, random_day(rng, created, ids.today), None))
        for _ in range(rng.randint(0, 3)):
            started = random_day(rng, created, created + (ids.today - created) / 2)
            ended = random_day(rng, started + timedelta(days=1), ids.today - timedelta(days=1))
            stays.append((household_id, started, ended))
    for index, (_, started, _) in enumerate(stays):
        people.append(
            {
                "display_name": _name(rng),
                "avatar_colour": AVATAR_COLOURS[index % 7],
                "photo_version": 0,
                "pin_hash": pin_hash,
                "pin_failures": 0,
                "pin_locks": 0,
                "created_at": _at(started, rng),
            }
        )
    person_ids = insert_returning_ids(Person, people)
    memberships = []
    for person_id, (household_id, started, ended) in zip(person_ids, stays, strict=True):
        target = ids.residents if ended is None else ids.past_residents
        target.setdefault(household_id, []).append(person_id)
        memberships.append(
            {
                "person_id": person_id,
                "household_id": household_id,
                "started_on": started,
                "ended_on": ended,
            }
        )
    insert_rows(Membership, memberships)
    return len(person_ids)


def _worker_links(rng: random.Random, ids: CityIds) -> int:
    """Each worker follows about 40 households (the bench worker exactly 40); some links ended."""
    functions = list(LinkFunction)
    rows = []
    for worker_id in ids.worker_ids:
        count = LINKS_PER_WORKER
        if worker_id != ids.bench_worker_id:
            count = rng.randint(LINKS_PER_WORKER - 4, LINKS_PER_WORKER + 4)
        chosen = rng.sample(ids.household_ids, min(count, len(ids.household_ids)))
        for household_id in sorted(chosen):
            ids.links.setdefault(household_id, []).append(worker_id)
            started = random_day(rng, ids.household_created[household_id], ids.today)
            rows.append(
                {
                    "worker_id": worker_id,
                    "household_id": household_id,
                    "function": rng.choice(functions),
                    "started_on": started,
                    "ended_on": None,
                }
            )
        if worker_id != ids.bench_worker_id:  # a few past links, for history
            for household_id in rng.sample(ids.household_ids, min(4, len(ids.household_ids))):
                started = random_day(rng, ids.start, ids.start + (ids.today - ids.start) / 2)
                rows.append(
                    {
                        "worker_id": worker_id,
                        "household_id": household_id,
                        "function": rng.choice(functions),
                        "started_on": started,
                        "ended_on": started + timedelta(days=rng.randint(7, 60)),
                    }
                )
    return insert_rows(WorkerLink, rows)


def _tablets(rng: random.Random, ids: CityIds) -> None:
    """One enrolled tablet per household. Its secret is random and thrown away: only a hash
    is stored, as the app does; the benchmark enrols its own tablet through the services."""
    rows = []
    for household_id in ids.household_ids:
        unknown_secret = f"{rng.getrandbits(256):064x}"
        enrolled = ids.household_created[household_id]
        rows.append(
            {
                "household_id": household_id,
                "name": "Tablet di casa",
                "secret_hash": hashlib.sha256(unknown_secret.encode()).hexdigest(),
                "enrolled_at": _at(enrolled, rng),
                "enrolled_by_id": ids.coordinator_id,
                "last_seen_at": _at(ids.today - timedelta(days=1), rng),
            }
        )
    tablet_ids = insert_returning_ids(Tablet, rows)
    ids.tablet_ids = dict(zip(ids.household_ids, tablet_ids, strict=True))
