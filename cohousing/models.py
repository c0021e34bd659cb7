"""Import every model, so Alembic and create_all see all tables."""

from cohousing.audit.models import AuditEvent
from cohousing.chores.models import (
    Absence,
    CalendarFeed,
    CapacityShare,
    Chore,
    ChoreAssignment,
    ChoreCompletion,
    ChoreCredit,
    ChoreExclusion,
    ChoreSwap,
)
from cohousing.households.models import Dwelling, Household, Membership, WorkerLink
from cohousing.idempotency import SubmissionToken
from cohousing.money.models import (
    Contribution,
    ContributionPayment,
    Expense,
    ExpenseChange,
    ExpensePayer,
    ExpenseShare,
    MoneySettings,
    Payment,
    PaymentChange,
    RecurringBooking,
    RecurringExpense,
    RecurringShare,
)
from cohousing.people.models import Person, StaffAccount
from cohousing.tablet.models import EnrolmentCode, Tablet
from cohousing.wellbeing.models import (
    CheckIn,
    Concern,
    ConcernAlert,
    ConcernEvent,
    WellbeingProfile,
    WellbeingSettings,
)

__all__ = [
    "Absence",
    "AuditEvent",
    "CalendarFeed",
    "CapacityShare",
    "CheckIn",
    "Chore",
    "ChoreAssignment",
    "ChoreCompletion",
    "ChoreCredit",
    "ChoreExclusion",
    "ChoreSwap",
    "Concern",
    "ConcernAlert",
    "ConcernEvent",
    "Contribution",
    "ContributionPayment",
    "Dwelling",
    "EnrolmentCode",
    "Expense",
    "ExpenseChange",
    "ExpensePayer",
    "ExpenseShare",
    "Household",
    "Membership",
    "MoneySettings",
    "Payment",
    "PaymentChange",
    "Person",
    "RecurringBooking",
    "RecurringExpense",
    "RecurringShare",
    "StaffAccount",
    "SubmissionToken",
    "Tablet",
    "WellbeingProfile",
    "WellbeingSettings",
    "WorkerLink",
]
