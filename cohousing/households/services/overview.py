"""Read models for the household screens: the list in a fixed number of queries, and what
other areas add to the list and to a household's page.

The list page shows residents, workers and tablets for every household. Loading them per
household would cost a query each (N+1); here each kind of row is fetched once for all the
households on the page. Areas that depend on households (the tablet) add their part through
`on_household_summaries` and `on_household_page`, so households never imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from math import ceil

from sqlalchemy import Select, func, select

from cohousing.audit.services import record
from cohousing.extensions import db
from cohousing.households.models import Household, LinkFunction, Membership, WorkerLink
from cohousing.households.services.members import current_membership_clause
from cohousing.people.models import Person
from cohousing.security import current_link_clause
from cohousing.staff.models import Role, StaffAccount


@dataclass(frozen=True)
class Face:
    """What a list shows of a resident (a face and a name): read as columns, so a page of
    households hydrates no Person per resident."""

    id: int
    display_name: str
    avatar_colour: str
    photo_version: int

    initials = Person.initials  # the same rule as on a Person
    has_photo = Person.has_photo


@dataclass(frozen=True)
class WorkerName:
    """What a list shows of a linked worker."""

    id: int
    display_name: str


@dataclass
class HouseholdSummary:
    household: Household
    residents: list[Face] = field(default_factory=list)
    workers: list[tuple[WorkerName, LinkFunction]] = field(default_factory=list)
    active_tablets: int = 0
    tablet_last_seen: datetime | None = None


# An area fills its fields of every summary on a page, in one query for all of them.
SummaryFiller = Callable[[dict[int, HouseholdSummary]], None]
_summary_fillers: list[SummaryFiller] = []


def on_household_summaries(fill: SummaryFiller) -> SummaryFiller:
    """Register `fill` to complete the summaries of the list (usable as a decorator)."""
    if fill not in _summary_fillers:
        _summary_fillers.append(fill)
    return fill


# An area adds template variables to a household's page (the tablet: its tablets).
PagePart = Callable[[Household], dict]
_page_parts: list[PagePart] = []


def on_household_page(part: PagePart) -> PagePart:
    """Register `part` to add variables to the household page (usable as a decorator)."""
    if part not in _page_parts:
        _page_parts.append(part)
    return part


def household_page_parts(household: Household) -> dict:
    """What the registered areas add to the household page."""
    context: dict = {}
    for part in _page_parts:
        context |= part(household)
    return context


PER_PAGE = 25  # a city has a thousand households: one page of them stays light


@dataclass
class HouseholdPage:
    """One page of the list, and where it sits among the others."""

    summaries: list[HouseholdSummary]
    total: int
    number: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def name_contains(households: Select[tuple[Household]], search: str) -> Select[tuple[Household]]:
    """Households whose name contains `search`, any case; % and _ are taken literally."""
    search = search.strip()
    if not search:
        return households
    escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return households.where(Household.name.ilike(f"%{escaped}%", escape="\\"))


def household_page(
    households: Select[tuple[Household]],
    *,
    on: date,
    include_archived: bool = False,
    search: str = "",
    number: int = 1,
    per_page: int = PER_PAGE,
) -> HouseholdPage:
    """Page `number` of the households whose name contains `search`: five queries."""
    households = name_contains(households, search)
    if not include_archived:
        households = households.where(Household.archived_at.is_(None))
    total = db.session.scalar(select(func.count()).select_from(households.subquery())) or 0
    number = min(max(1, number), max(1, ceil(total / per_page)))
    window = households.limit(per_page).offset((number - 1) * per_page)
    summaries = household_summaries(window, on=on, include_archived=True)
    return HouseholdPage(summaries, total, number, per_page)


def household_summaries(
    households: Select[tuple[Household]], *, on: date, include_archived: bool = False
) -> list[HouseholdSummary]:
    """One summary per household of `households`, in four queries whatever their number
    (three here, one by the tablet area's filler)."""
    if not include_archived:
        households = households.where(Household.archived_at.is_(None))
    rows = db.session.scalars(households.order_by(Household.name, Household.id)).all()
    summaries = {h.id: HouseholdSummary(h) for h in rows}
    ids = list(summaries)

    residents = db.session.execute(
        select(
            Membership.household_id,
            Person.id,
            Person.display_name,
            Person.avatar_colour,
            Person.photo_version,
        )
        .join(Person, Person.id == Membership.person_id)
        .where(Membership.household_id.in_(ids), current_membership_clause(on))
        .order_by(Person.display_name, Person.id)
    )
    for household_id, *face in residents:
        summaries[household_id].residents.append(Face(*face))

    workers = db.session.execute(
        select(
            WorkerLink.household_id, WorkerLink.function, StaffAccount.id, StaffAccount.display_name
        )
        .join(StaffAccount, StaffAccount.id == WorkerLink.worker_id)
        .where(WorkerLink.household_id.in_(ids), current_link_clause(on))
        .order_by(StaffAccount.display_name, StaffAccount.id)
    )
    for household_id, function, worker_id, name in workers:
        summaries[household_id].workers.append((WorkerName(worker_id, name), function))
    for fill in _summary_fillers:
        fill(summaries)
    return list(summaries.values())


def move_targets(household: Household) -> list[Household]:
    """Where a resident can move: every other open household of the same organisation."""
    return list(
        db.session.scalars(
            select(Household)
            .where(
                Household.id != household.id,
                Household.archived_at.is_(None),
                Household.organisation_id == household.organisation_id,
            )
            .order_by(Household.name, Household.id)
        )
    )


def linkable_workers(household: Household) -> list[StaffAccount]:
    """Active workers not following the household today."""
    linked = select(WorkerLink.worker_id).where(
        WorkerLink.household_id == household.id, current_link_clause(household.today())
    )
    return list(
        db.session.scalars(
            select(StaffAccount)
            .where(
                StaffAccount.role == Role.WORKER,
                StaffAccount.active.is_(True),
                StaffAccount.id.not_in(linked),
            )
            .order_by(StaffAccount.display_name, StaffAccount.id)
        )
    )


def note_household_viewed(household: Household) -> None:
    """Staff opened the page listing the residents: the register keeps who looked."""
    record("household.viewed", household_id=household.id)
