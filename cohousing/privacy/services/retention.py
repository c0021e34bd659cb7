"""Retention: how long each kind of record is kept, applied by one scheduled command.

`flask cohousing apply-retention` (cron, daily) does, each step in short transactions of
its own, every step a claim before it acts (cohousing.database.claims), so two runs at
once never do a piece of work twice:

- check-in notes older than RETENTION_CHECKIN_NOTES_MONTHS are emptied (a conditional
  UPDATE: the second run finds no note left);
- check-ins older than RETENTION_CHECKIN_SCORES_MONTHS become one row per resident and
  week (`CheckInWeek`: how many, sum, lowest, highest mood). The rows are taken with
  `DELETE … RETURNING` over ids locked with SKIP LOCKED: only the process whose DELETE
  removed a check-in adds it to its week;
- resolved concerns older than RETENTION_CONCERNS_MONTHS are deleted with their history
  and alerts (ids locked with SKIP LOCKED first, then deleted);
- visit notes (observation notes, agreed actions) older than RETENTION_VISIT_NOTES_MONTHS
  are emptied; the visit itself (when, who, the ratings) stays for the visit rhythm;
- access-register rows older than RETENTION_REGISTER_MONTHS (at least 24) are deleted,
  in a transaction that tells the database trigger it is the retention job.

The first four periods are each organisation's (its settings page), for its households;
a period it left empty is the installation's setting. The register's is the installation's.

On SQLite each transaction starts with `BEGIN IMMEDIATE`: one writer at a time, and a run
never plans from a snapshot another run has already changed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from cohousing.audit.models import AuditEvent
from cohousing.audit.services import maintain_register, record
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.organisations.models import Organisation
from cohousing.organisations.services import RETENTION_FIELDS
from cohousing.privacy.models import CheckInWeek
from cohousing.visits.models import Visit, VisitObservation
from cohousing.wellbeing.models import CheckIn, Concern, ConcernAlert, ConcernEvent, ConcernStatus

REGISTER_MINIMUM_MONTHS = 24  # the Garante: the access register is kept at least 24 months
BATCH = 500

SETTINGS = {
    "checkin_notes": "RETENTION_CHECKIN_NOTES_MONTHS",
    "checkin_scores": "RETENTION_CHECKIN_SCORES_MONTHS",
    "concerns": "RETENTION_CONCERNS_MONTHS",
    "visit_notes": "RETENTION_VISIT_NOTES_MONTHS",
    "register": "RETENTION_REGISTER_MONTHS",
}


class RetentionRefused(ValueError):
    """A period the law does not allow, or that is not a number of months."""


@dataclass(frozen=True)
class Periods:
    """Months each kind of record is kept (see the README's privacy page)."""

    checkin_notes: int
    checkin_scores: int
    concerns: int
    visit_notes: int
    register: int

    @classmethod
    def from_config(cls, config) -> Periods:
        values = {}
        for name, key in SETTINGS.items():
            raw = config.get(key)
            try:
                months = int(raw)
            except (TypeError, ValueError) as error:
                message = f"{key} must be a whole number of months, not {raw!r}."
                raise RetentionRefused(message) from error
            if months < 1:
                raise RetentionRefused(f"{key} must be at least 1 month, not {months}.")
            values[name] = months
        if values["register"] < REGISTER_MINIMUM_MONTHS:
            raise RetentionRefused(
                f"RETENTION_REGISTER_MONTHS is {values['register']}: the access register must "
                f"be kept at least {REGISTER_MINIMUM_MONTHS} months (Garante per la protezione "
                "dei dati personali, guidelines on health records). Nothing was deleted."
            )
        return cls(**values)


@dataclass
class RetentionReport:
    notes_emptied: int = 0
    checkins_summarised: int = 0
    weeks: set = field(default_factory=set)
    concerns_deleted: int = 0
    visit_notes_emptied: int = 0
    register_rows_deleted: int = 0

    def __str__(self) -> str:
        return (
            f"{self.notes_emptied} check-in note(s) emptied, "
            f"{self.checkins_summarised} check-in(s) kept as {len(self.weeks)} weekly "
            f"score(s), {self.concerns_deleted} resolved concern(s) deleted, "
            f"{self.visit_notes_emptied} visit note(s) emptied, "
            f"{self.register_rows_deleted} register row(s) deleted."
        )


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` months earlier (the last day of a shorter month)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    month += 1
    day = moment.day
    while True:
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            day -= 1


def _begin_writing() -> None:
    """On SQLite, open the transaction as the writer (see the module's docstring)."""
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        raw = connection.connection.driver_connection
        if not raw.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def _of(organisation_id: int | None):
    """The households of one organisation (None: all of them), for a step's WHERE."""
    query = select(Household.id)
    if organisation_id is not None:
        query = query.where(Household.organisation_id == organisation_id)
    return query


def empty_checkin_notes(before: date, organisation_id: int | None = None) -> int:
    _begin_writing()
    result = db.session.execute(
        update(CheckIn)
        .where(
            CheckIn.local_date < before,
            CheckIn.note != "",
            CheckIn.household_id.in_(_of(organisation_id)),
        )
        .values(note="")
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount


def _add_to_week(key: tuple[int, int, date], moods: list[int]) -> None:
    person_id, household_id, week_start = key
    where = (
        CheckInWeek.person_id == person_id,
        CheckInWeek.household_id == household_id,
        CheckInWeek.week_start == week_start,
    )
    for _attempt in range(2):
        week = db.session.scalar(select(CheckInWeek).where(*where).with_for_update())
        if week is not None:
            week.checkins += len(moods)
            week.mood_sum += sum(moods)
            week.mood_min = min(week.mood_min, *moods)
            week.mood_max = max(week.mood_max, *moods)
            db.session.flush()
            return
        try:
            with db.session.begin_nested():
                db.session.add(
                    CheckInWeek(
                        person_id=person_id,
                        household_id=household_id,
                        week_start=week_start,
                        checkins=len(moods),
                        mood_sum=sum(moods),
                        mood_min=min(moods),
                        mood_max=max(moods),
                    )
                )
        except IntegrityError:  # another run added the week a moment ago: add to it
            continue
        return


def summarise_checkins(
    before: date, report: RetentionReport, organisation_id: int | None = None
) -> None:
    """Check-ins of whole weeks before `before` become weekly scores, a batch at a time."""
    week_limit = before - timedelta(days=before.weekday())  # a Monday: only whole weeks
    while True:
        _begin_writing()
        ids = (
            select(CheckIn.id)
            .where(
                CheckIn.local_date < week_limit,
                CheckIn.household_id.in_(_of(organisation_id)),
            )
            .order_by(CheckIn.id)
            .limit(BATCH)
            .with_for_update(skip_locked=True)
        )
        taken = db.session.execute(
            delete(CheckIn)
            .where(CheckIn.id.in_(ids))
            .returning(CheckIn.person_id, CheckIn.household_id, CheckIn.local_date, CheckIn.mood)
            .execution_options(synchronize_session=False)
        ).all()
        if not taken:
            db.session.commit()
            return
        weeks: dict[tuple[int, int, date], list[int]] = defaultdict(list)
        for person_id, household_id, local_date, mood in taken:
            week_start = local_date - timedelta(days=local_date.weekday())
            weeks[(person_id, household_id, week_start)].append(mood)
        for key in sorted(weeks):
            _add_to_week(key, weeks[key])
        db.session.commit()
        report.checkins_summarised += len(taken)
        report.weeks.update(weeks)


def delete_resolved_concerns(before: datetime, organisation_id: int | None = None) -> int:
    deleted = 0
    while True:
        _begin_writing()
        ids = list(
            db.session.scalars(
                select(Concern.id)
                .where(
                    Concern.status == ConcernStatus.RESOLVED,
                    Concern.resolved_at < before,
                    Concern.household_id.in_(_of(organisation_id)),
                )
                .order_by(Concern.id)
                .limit(BATCH)
                .with_for_update(skip_locked=True)
            )
        )
        if not ids:
            db.session.commit()
            return deleted
        for model in (ConcernAlert, ConcernEvent):
            db.session.execute(
                delete(model)
                .where(model.concern_id.in_(ids))
                .execution_options(synchronize_session=False)
            )
        result = db.session.execute(
            delete(Concern).where(Concern.id.in_(ids)).execution_options(synchronize_session=False)
        )
        db.session.commit()
        deleted += result.rowcount


def empty_visit_notes(before: datetime, organisation_id: int | None = None) -> int:
    _begin_writing()
    households = _of(organisation_id)
    old = select(Visit.id).where(Visit.visited_at < before, Visit.household_id.in_(households))
    notes = db.session.execute(
        update(VisitObservation)
        .where(VisitObservation.visit_id.in_(old), VisitObservation.note != "")
        .values(note="")
        .execution_options(synchronize_session=False)
    ).rowcount
    actions = db.session.execute(
        update(Visit)
        .where(
            Visit.visited_at < before,
            Visit.agreed_actions != "",
            Visit.household_id.in_(households),
        )
        .values(agreed_actions="")
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return notes + actions


def delete_old_register_rows(before: datetime) -> int:
    deleted = 0
    while True:
        _begin_writing()
        maintain_register()
        ids = (
            select(AuditEvent.id)
            .where(AuditEvent.at < before)
            .order_by(AuditEvent.id)
            .limit(BATCH * 4)
            .with_for_update(skip_locked=True)
        )
        result = db.session.execute(
            delete(AuditEvent)
            .where(AuditEvent.id.in_(ids))
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
        if not result.rowcount:
            return deleted
        deleted += result.rowcount


def organisation_periods(periods: Periods) -> list[tuple[int, Periods]]:
    """Each organisation with its own periods, the installation's where it set none."""
    result = []
    for organisation in db.session.scalars(select(Organisation).order_by(Organisation.id)):
        own = {
            name: months
            for name in RETENTION_FIELDS
            if (months := getattr(organisation, f"retention_{name}_months"))
        }
        result.append((organisation.id, replace(periods, **own)))
    return result  # a plain read: each step below opens its own writing transaction


def apply_retention(periods: Periods, now: datetime | None = None) -> RetentionReport:
    """Every step, each committed on its own, organisation by organisation; then one
    register row saying what was done."""
    now = now or clock.now()
    report = RetentionReport()
    for organisation_id, own in organisation_periods(periods):
        report.notes_emptied += empty_checkin_notes(
            months_before(now, own.checkin_notes).date(), organisation_id
        )
        summarise_checkins(months_before(now, own.checkin_scores).date(), report, organisation_id)
        report.concerns_deleted += delete_resolved_concerns(
            months_before(now, own.concerns), organisation_id
        )
        report.visit_notes_emptied += empty_visit_notes(
            months_before(now, own.visit_notes), organisation_id
        )
    report.register_rows_deleted = delete_old_register_rows(months_before(now, periods.register))
    _begin_writing()
    record("retention.applied", detail=str(report)[:200])
    db.session.commit()
    return report
