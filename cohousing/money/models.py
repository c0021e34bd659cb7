"""Money tables: expenses with payers and shares, payments, history, schedules, contributions.

Integer cents everywhere. Nothing is deleted: expenses and payments get `deleted_at`, and
every change leaves a history row saying who changed what and when. The bounds the tables
check (`MAX_CENTS`) and the kinds of split live here, so the rules import them from the
models, never the other way round.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from cohousing.database import clock
from cohousing.database.types import UTCDateTime, enum_column
from cohousing.extensions import db

MAX_CENTS = 10_000_000  # €100,000: above this an amount is a typing mistake, not a cost


def _amount_check(column: str, name: str) -> CheckConstraint:
    return CheckConstraint(f"{column} > 0 AND {column} <= {MAX_CENTS}", name=name)


class ExpenseCategory(enum.StrEnum):
    GROCERIES = "groceries"
    HOUSEHOLD = "household"  # cleaning things, toilet paper, light bulbs
    RENT = "rent"
    UTILITIES = "utilities"
    INTERNET = "internet"
    REPAIRS = "repairs"
    OTHER = "other"


class SplitKind(enum.StrEnum):
    EQUAL = "equal"
    SHARES = "shares"
    EXACT = "exact"
    PERCENT = "percent"


class Period(enum.StrEnum):
    MONTHLY = "monthly"
    WEEKLY = "weekly"


class ChangeKind(enum.StrEnum):
    CREATED = "created"
    EDITED = "edited"
    DELETED = "deleted"
    RESTORED = "restored"


class _Authored:
    """Who made a row: a resident on the tablet, a staff member, or the system (None, None)."""

    by_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_account.id"), nullable=True)


class MoneySettings(db.Model):
    """A household's money choices; a household without a row has the defaults."""

    __tablename__ = "money_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), unique=True)
    kitty_mode: Mapped[bool] = mapped_column(default=False)
    arrears_threshold_cents: Mapped[int | None] = mapped_column(nullable=True)
    arrears_threshold_days: Mapped[int | None] = mapped_column(nullable=True)

    __table_args__ = (
        CheckConstraint("arrears_threshold_cents IS NULL OR arrears_threshold_cents > 0", "cents"),
        CheckConstraint("arrears_threshold_days IS NULL OR arrears_threshold_days > 0", "days"),
    )


class Expense(_Authored, db.Model):
    __tablename__ = "expense"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    description: Mapped[str] = mapped_column(String(200))
    amount_cents: Mapped[int]
    spent_on: Mapped[date]
    category: Mapped[ExpenseCategory] = mapped_column(enum_column(ExpenseCategory))
    split_kind: Mapped[SplitKind] = mapped_column(enum_column(SplitKind))
    rotation_seq: Mapped[int] = mapped_column(default=0)  # who gets the spare cent
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    payers: Mapped[list[ExpensePayer]] = relationship(
        back_populates="expense", cascade="all, delete-orphan", order_by="ExpensePayer.person_id"
    )
    shares: Mapped[list[ExpenseShare]] = relationship(
        back_populates="expense", cascade="all, delete-orphan", order_by="ExpenseShare.person_id"
    )
    changes: Mapped[list[ExpenseChange]] = relationship(
        back_populates="expense", order_by="ExpenseChange.id"
    )

    __table_args__ = (
        _amount_check("amount_cents", "amount"),
        Index("ix_expense_household_spent", "household_id", "spent_on"),
    )


class ExpenseReceipt(_Authored, db.Model):
    """The photo of an expense's receipt, cleaned (`people.services.process_receipt`) and
    kept in the database, never under static/: only the household's tablet and its staff
    can open it (`money.views`), and every staff look is in the access register."""

    __tablename__ = "expense_receipt"

    id: Mapped[int] = mapped_column(primary_key=True)
    expense_id: Mapped[int] = mapped_column(
        ForeignKey("expense.id", ondelete="CASCADE"), unique=True
    )
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    photo: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    version: Mapped[int] = mapped_column(default=1)  # a new photo gets a new URL
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class ExpensePayer(db.Model):
    """Who paid (part of) an expense, and how much."""

    __tablename__ = "expense_payer"

    # Keyed by expense and person (no id of its own): an expense's rows are known before
    # they are written, so the ORM sends them in one INSERT on SQLite too.
    expense_id: Mapped[int] = mapped_column(
        ForeignKey("expense.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), primary_key=True)
    cents: Mapped[int]

    expense: Mapped[Expense] = relationship(back_populates="payers")

    __table_args__ = (
        _amount_check("cents", "cents"),
        Index("ix_expense_payer_person", "person_id"),
    )


class ExpenseShare(db.Model):
    """A person's part of an expense; `basis` keeps the weight or percent typed, for editing."""

    __tablename__ = "expense_share"

    # Keyed like ExpensePayer: one INSERT for all the shares of an expense.
    expense_id: Mapped[int] = mapped_column(
        ForeignKey("expense.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), primary_key=True)
    cents: Mapped[int]
    basis: Mapped[int | None] = mapped_column(nullable=True)  # shares, or percent basis points

    expense: Mapped[Expense] = relationship(back_populates="shares")

    __table_args__ = (
        CheckConstraint(f"cents >= 0 AND cents <= {MAX_CENTS}", name="cents"),
        Index("ix_expense_share_person", "person_id"),
    )


class Payment(_Authored, db.Model):
    """Money handed between residents, or into or out of the pot (a None side)."""

    __tablename__ = "payment"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    from_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    to_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    cents: Mapped[int]
    paid_on: Mapped[date]
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    changes: Mapped[list[PaymentChange]] = relationship(
        back_populates="payment", order_by="PaymentChange.id"
    )

    __table_args__ = (
        _amount_check("cents", "cents"),
        CheckConstraint(
            "from_person_id IS NOT NULL OR to_person_id IS NOT NULL", name="someone_pays"
        ),
        CheckConstraint(
            "from_person_id IS NULL OR to_person_id IS NULL OR from_person_id <> to_person_id",
            name="not_to_self",
        ),
        Index("ix_payment_household_paid", "household_id", "paid_on"),
        Index("ix_payment_household_created", "household_id", "created_at"),  # settling up
    )


class ExpenseChange(_Authored, db.Model):
    """History of an expense: created, edited (old -> new), deleted, restored."""

    __tablename__ = "expense_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    expense_id: Mapped[int] = mapped_column(ForeignKey("expense.id"))
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    kind: Mapped[ChangeKind] = mapped_column(enum_column(ChangeKind))
    changes: Mapped[str] = mapped_column(Text, default="{}")  # JSON {field: [old, new]}

    expense: Mapped[Expense] = relationship(back_populates="changes")

    __table_args__ = (
        Index("ix_expense_change_expense", "expense_id"),
        Index("ix_expense_change_household_at", "household_id", "at"),
    )


class PaymentChange(_Authored, db.Model):
    __tablename__ = "payment_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    kind: Mapped[ChangeKind] = mapped_column(enum_column(ChangeKind))
    changes: Mapped[str] = mapped_column(Text, default="{}")

    payment: Mapped[Payment] = relationship(back_populates="changes")

    __table_args__ = (Index("ix_payment_change_payment", "payment_id"),)


class RecurringExpense(_Authored, db.Model):
    """Rent, utilities, internet: booked by `flask cohousing run-schedules`, never by a page.

    `day` is the day of the month (1-31, the last day in shorter months) or of the week
    (0 Monday - 6 Sunday). `ends_on` is the last day an occurrence may fall on.
    """

    __tablename__ = "recurring_expense"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    description: Mapped[str] = mapped_column(String(200))
    amount_cents: Mapped[int]
    category: Mapped[ExpenseCategory] = mapped_column(enum_column(ExpenseCategory))
    payer_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    split_kind: Mapped[SplitKind] = mapped_column(enum_column(SplitKind))
    period: Mapped[Period] = mapped_column(enum_column(Period))
    day: Mapped[int]
    starts_on: Mapped[date]
    ends_on: Mapped[date | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    participants: Mapped[list[RecurringShare]] = relationship(
        back_populates="recurring",
        cascade="all, delete-orphan",
        order_by="RecurringShare.person_id",
    )

    __table_args__ = (
        _amount_check("amount_cents", "amount"),
        CheckConstraint("day >= 0 AND day <= 31", name="day"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates"),
        Index("ix_recurring_expense_household", "household_id"),
    )


class RecurringShare(db.Model):
    """A participant of a recurring expense, with their weight, basis points or cents."""

    __tablename__ = "recurring_share"

    id: Mapped[int] = mapped_column(primary_key=True)
    recurring_id: Mapped[int] = mapped_column(
        ForeignKey("recurring_expense.id", ondelete="CASCADE")
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    value: Mapped[int] = mapped_column(default=1)

    recurring: Mapped[RecurringExpense] = relationship(back_populates="participants")

    __table_args__ = (UniqueConstraint("recurring_id", "person_id"),)


class RecurringBooking(db.Model):
    """One occurrence booked. The unique key makes two runs of the job book it once."""

    __tablename__ = "recurring_booking"

    id: Mapped[int] = mapped_column(primary_key=True)
    recurring_id: Mapped[int] = mapped_column(ForeignKey("recurring_expense.id"))
    occurs_on: Mapped[date]
    expense_id: Mapped[int | None] = mapped_column(ForeignKey("expense.id"), nullable=True)
    skipped_reason: Mapped[str] = mapped_column(String(200), default="")
    booked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    __table_args__ = (UniqueConstraint("recurring_id", "occurs_on"),)


class Contribution(db.Model):
    """A resident's monthly contribution to the rent (quota mensile), due on `due_day`."""

    __tablename__ = "contribution"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    monthly_cents: Mapped[int]
    due_day: Mapped[int] = mapped_column(default=5)
    starts_on: Mapped[date]  # first of a month
    ends_on: Mapped[date | None] = mapped_column(nullable=True)  # last month due: its first day

    __table_args__ = (
        _amount_check("monthly_cents", "cents"),
        CheckConstraint("due_day >= 1 AND due_day <= 28", name="due_day"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates"),
        Index("ix_contribution_person_household", "person_id", "household_id"),
    )


class ContributionPayment(_Authored, db.Model):
    """Money paid towards one month's contribution; several part payments may add up."""

    __tablename__ = "contribution_payment"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    month: Mapped[date]  # first day of the month paid for
    cents: Mapped[int]
    paid_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    __table_args__ = (
        _amount_check("cents", "cents"),
        Index("ix_contribution_payment_person_month", "person_id", "household_id", "month"),
    )


class Balance(db.Model):
    """A person's running balance in a household: what the house owes them (negative: what
    they owe). Kept in the same transaction as every change to an expense or a payment
    (`services.running`, one atomic `cents = cents + delta` per write); a resident who moved
    out keeps theirs. `flask cohousing rebuild-balances` makes them again from the ledger."""

    __tablename__ = "money_balance"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    cents: Mapped[int] = mapped_column(default=0)

    __table_args__ = (UniqueConstraint("household_id", "person_id"),)


class PotBalance(db.Model):
    """The house pot's running balance (payments into and out of it), kept like `Balance`."""

    __tablename__ = "money_pot"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), unique=True)
    cents: Mapped[int] = mapped_column(default=0)
