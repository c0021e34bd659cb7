"""The opt-in daily "all fine" line: at the household's time, each linked worker gets
one email listing the residents who agreed and checked in with their PIN today.

Consent stays the resident's: only they say yes or no, on the tablet after their PIN,
and every change is a row and a register entry. The line says no more than the
resident shares: "all fine today", or only "checked in today" for one who shares
nothing but the check-in; never a mood, a word or a note. Who did not check in is not
listed (the ladder handles that). No email goes out in the quiet hours.

Exactly once under runs alongside: the day's email of a worker about a household is
queued by its INSERT (UNIQUE worker, household, day, in a savepoint); each worker's
queued emails are claimed together, committed before the email is written, and marked
sent right after (cohousing.database.claims), so one scan run sends them in ONE email.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from cohousing.audit.services import record
from cohousing.database import claims, clock
from cohousing.extensions import db
from cohousing.households.models import Household, Membership
from cohousing.households.services import current_membership_clause
from cohousing.organisations.services import mail_sender
from cohousing.people.models import Person
from cohousing.rules import RuleError
from cohousing.web.mail import external_link, language_of, send_claimed
from cohousing.wellbeing.models import (
    AllFineChoice,
    AllFineEmail,
    CheckIn,
    ShareLevel,
    WellbeingSettings,
)
from cohousing.wellbeing.services.concerns import linked_workers
from cohousing.wellbeing.services.reminders import is_quiet
from cohousing.wellbeing.services.sharing import shares_of

# --- the resident's choice -----------------------------------------------------------


def agrees(person: Person) -> bool:
    """The resident's latest choice; no choice is no."""
    latest = db.session.scalar(
        select(AllFineChoice.agrees)
        .where(AllFineChoice.person_id == person.id)
        .order_by(AllFineChoice.changed_at.desc(), AllFineChoice.id.desc())
        .limit(1)
    )
    return bool(latest)


def set_all_fine(
    person: Person, household: Household, agree: bool, *, by_person: Person
) -> AllFineChoice | None:
    """The resident, signed in with their PIN, says yes or no; None when nothing changes."""
    if by_person.id != person.id:
        raise RuleError(_l("Only you can change what your workers see."), "agree")
    if agrees(person) == agree:
        return None
    row = AllFineChoice(
        person_id=person.id, household_id=household.id, agrees=agree, changed_at=clock.now()
    )
    db.session.add(row)
    record(
        "wellbeing.all_fine_changed",
        household_id=household.id,
        subject_person_id=person.id,
        detail="yes" if agree else "no",
    )
    return row


def _agreeing(person_ids: list[int]) -> set[int]:
    latest: dict[int, bool] = {}
    for person_id, agree in db.session.execute(
        select(AllFineChoice.person_id, AllFineChoice.agrees)
        .where(AllFineChoice.person_id.in_(person_ids))
        .order_by(AllFineChoice.changed_at, AllFineChoice.id)
    ):
        latest[person_id] = agree  # the latest row wins
    return {pid for pid, agree in latest.items() if agree}


def fine_today(household: Household, day: date) -> list[tuple[Person, ShareLevel]]:
    """The residents of the day who agreed and checked in with their PIN, by name, with
    what they share (the line says no more)."""
    ids = list(
        db.session.scalars(
            select(Membership.person_id).where(
                Membership.household_id == household.id, current_membership_clause(day)
            )
        )
    )
    agreeing = _agreeing(ids) if ids else set()
    if not agreeing:
        return []
    people = db.session.scalars(
        select(Person)
        .join(CheckIn, CheckIn.person_id == Person.id)
        .where(
            Person.id.in_(agreeing),
            CheckIn.local_date == day,
            CheckIn.without_pin.is_(False),  # a housemate may have tapped
        )
        .order_by(Person.display_name, Person.id)
    ).all()
    shares = shares_of(household, [p.id for p in people])
    return [(person, shares[person.id]) for person in people]


# --- the scheduled email ---------------------------------------------------------------


def queue_all_fine(household: Household, settings: WellbeingSettings) -> list[AllFineEmail]:
    """From the household's time on (outside the quiet hours), queue today's email of
    each linked worker, once, when someone who agreed has checked in."""
    local_now = clock.local(clock.now(), household.timezone)
    if settings.all_fine_at is None or local_now.time() < settings.all_fine_at:
        return []
    if is_quiet(settings, local_now.time()):
        return []
    today = local_now.date()
    if not fine_today(household, today):
        return []
    queued = []
    for worker in sorted(linked_workers(household), key=lambda w: w.id):
        row = AllFineEmail(
            staff_id=worker.id, household_id=household.id, local_date=today, created_at=clock.now()
        )
        try:
            with db.session.begin_nested():
                db.session.add(row)
        except IntegrityError:
            continue  # queued before, or by a run alongside
        queued.append(row)
    return queued


def send_all_fine() -> int:
    """Send each worker's queued "all fine" emails, one email per worker; how many sent."""
    staff_ids = db.session.scalars(
        select(AllFineEmail.staff_id)
        .where(AllFineEmail.sent_at.is_(None), claims.unclaimed(AllFineEmail))
        .distinct()
        .order_by(AllFineEmail.staff_id)
    ).all()
    return sum(_send_to(staff_id) for staff_id in staff_ids)


def _send_to(staff_id: int) -> int:
    token = claims.claim(
        AllFineEmail,
        AllFineEmail.staff_id == staff_id,
        AllFineEmail.sent_at.is_(None),
        attempts=AllFineEmail.attempts + 1,
    )
    db.session.commit()
    if token is None:
        return 0  # another run is sending it, or has sent it
    rows = claims.claimed(AllFineEmail, token)
    staff = rows[0].staff
    nobody = not any(fine_today(r.household, r.local_date) for r in rows)  # all withdrew
    if nobody or not staff.active:  # an inactive account is told nothing
        claims.finish(AllFineEmail, token, sent_at=clock.now())
        db.session.commit()
        return 0
    sender = mail_sender(rows[0].household.organisation)
    language = language_of(staff.preferred_language)
    return send_claimed(
        AllFineEmail, token, staff.email, language, lambda: _email_text(rows), sender
    )


def line_for(person: Person, share: ShareLevel) -> str:
    if share is ShareLevel.NOTHING:
        return _("%(name)s: checked in today", name=person.display_name)
    return _("%(name)s: all fine today", name=person.display_name)


def _email_text(rows: list[AllFineEmail]) -> tuple[str, str]:
    lines = [_("Residents who checked in today and asked us to tell you:"), ""]
    for row in rows:
        lines.append(row.household.name)
        lines += [
            "  " + line_for(p, share) for p, share in fine_today(row.household, row.local_date)
        ]
        lines.append(
            "  " + external_link("wellbeing.household_wellbeing", household_id=row.household_id)
        )
    lines += ["", _("Only residents who chose this are listed; it says nothing about mood.")]
    return _("All fine today"), "\n".join(lines)
