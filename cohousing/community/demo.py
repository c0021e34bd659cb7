"""Demo house life for the family household: notices, a past meeting with minutes and two
agreements, the next meeting, an open poll, and help requests (one taken by a housemate).

Made through the services; the past meeting is held with the clock set back, so every rule
(no points for past meetings, minutes once started) applies as in real life. Runs once: a
household that already has a meeting gets nothing more.
"""

from __future__ import annotations

from datetime import time, timedelta

from sqlalchemy import select

from cohousing.community.models import HelpKind, Meeting, PollKind
from cohousing.community.services import (
    add_point,
    create_meeting,
    create_poll,
    decide,
    local_moment,
    post_help,
    post_notice,
    set_present,
    take,
    write_minutes,
)
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.models import Household, Membership
from cohousing.households.services import current_residents

PAST_POINTS = (
    (
        "Orari di silenzio",
        "Silenzio dalle 22:00 alle 7:00; la domenica fino alle 9:00.",
        "Orari di silenzio",
        "Silenzio dalle 22:00 alle 7:00 nei giorni feriali, fino alle 9:00 la domenica.",
    ),
    (
        "Lavatrice",
        "Turni: mattina Marchetti, pomeriggio Conti. Si svuota subito.",
        "Uso della lavatrice",
        "Mattina famiglia Marchetti, pomeriggio famiglia Conti. Il bucato si toglie subito.",
    ),
)


def add_community_demo(household: Household) -> list[str]:
    if db.session.scalar(select(Meeting.id).where(Meeting.household_id == household.id)):
        return []
    today = household.today()
    past_day = today - timedelta(days=14)
    for membership in db.session.scalars(
        select(Membership).where(Membership.household_id == household.id)
    ):
        membership.started_on = min(membership.started_on, past_day - timedelta(days=30))
    db.session.flush()
    people = {p.display_name.split()[0]: p for p in current_residents(household)}
    giulia, sara, leo = people.get("Giulia"), people.get("Sara"), people.get("Leo")
    residents = list(people.values())
    _past_meeting(household, past_day, residents)

    nxt = create_meeting(household, local_moment(household, today + timedelta(days=7), time(19)))
    add_point(nxt, household, "Pulizia del cortile", person_id=sara.id if sara else None)
    post_notice(
        household,
        "Sabato mattina puliamo insieme il cortile. Portate i guanti!",
        person_id=giulia.id if giulia else None,
        pinned=True,
    )
    post_notice(household, "Giovedì passa il tecnico della caldaia, dalle 9 alle 12.")
    if leo:
        post_notice(household, "Ho trovato un mazzo di chiavi in cucina.", person_id=leo.id)
    create_poll(
        household,
        "Cena di casa: quale sera?",
        PollKind.CHOICE,
        clock.now() + timedelta(days=3),
        choices=["Venerdì", "Sabato", "Domenica"],
    )
    if sara and giulia:
        request = post_help(
            household, sara.id, HelpKind.REQUEST, "Qualcuno può portare i bambini a scuola martedì?"
        )
        take(request, giulia.id)
    if leo:
        post_help(household, leo.id, HelpKind.OFFER, "Vado a fare la spesa: serve qualcosa?")
    db.session.flush()
    return [f"  {household.name}: notices, meetings, two house agreements, a poll, mutual help."]


def _past_meeting(household: Household, day, residents) -> None:
    starts_at = local_moment(household, day, time(19))
    with clock.frozen_at(starts_at - timedelta(days=3)):
        meeting = create_meeting(household, starts_at)
        points = [
            add_point(meeting, household, title, person_id=residents[i % len(residents)].id)
            for i, (title, *_rest) in enumerate(PAST_POINTS)
        ]
    with clock.frozen_at(starts_at + timedelta(minutes=45)):
        set_present(meeting, household, {p.id for p in residents})
        for point, (_title, minutes, agreement_title, text) in zip(
            points, PAST_POINTS, strict=True
        ):
            write_minutes(point, household, minutes, by_resident=True)
            decide(meeting, household, title=agreement_title, text=text, point=point)
