"""Money forms: validation only. The rules (sums, members, dates) live in the services.

Amounts are read with `services.parse_amount` in the reader's language, so "12,50",
"12.50" and "1.234,50" all work. Per-person inputs (who paid how much, who shares and
how) have one input per resident, named `paid-<id>`, `in-<id>` and `part-<id>`; they are
read by `PeopleInput`, which keeps what was typed to show it again. Ids in values and in
field names, whole numbers and dates go through `cohousing.web.parsing`: "²", "①", 2^63 or
a 400-digit number get the field's message, never a 500.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import BooleanField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from cohousing.money.models import ExpenseCategory, Period, SplitKind
from cohousing.money.services import (
    CATEGORY_LABELS,
    MAX_ARREARS_DAYS,
    NOT_A_MEMBER,
    PERCENT_TOTAL,
    Split,
    format_amount,
    parse_amount,
    sharing,
)
from cohousing.people.services import MAX_PHOTO_BYTES
from cohousing.rules import RuleError
from cohousing.web.forms import BaseForm, BoundedDateField, BoundedIntegerField, OnceForm
from cohousing.web.i18n import weekday_names
from cohousing.web.parsing import parse_id, parse_int, suffix_id

SEVERAL = "several"
POT_CHOICE = "pot"
MAX_SHARES = 1000
PEOPLE_PREFIXES = ("paid-", "part-", "in-")
PEOPLE_FIELDS = ("payers", "participants", "shares", "exact", "percent")

SPLIT_LABELS = {
    SplitKind.EQUAL: _l("Equally"),
    SplitKind.SHARES: _l("By shares"),
    SplitKind.EXACT: _l("By exact amounts"),
    SplitKind.PERCENT: _l("By percentages"),
}
PERIOD_LABELS = {Period.MONTHLY: _l("Every month"), Period.WEEKLY: _l("Every week")}


class AmountField(StringField):
    """Euros as the reader writes them; `cents` holds the parsed amount (None if blank)."""

    cents: int | None = None

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.cents = None
        if not (self.data or "").strip():
            return
        try:
            self.cents = parse_amount(self.data)
        except RuleError as error:
            raise ValueError(str(error.message)) from None

    def process_data(self, value):
        self.cents = value
        self.data = "" if value is None else format_amount(value, symbol=False)


def category_choices() -> list[SelectChoice]:
    return [SelectChoice(c.value, CATEGORY_LABELS[c]) for c in ExpenseCategory]


class ExpenseForm(OnceForm):
    description = StringField(
        _l("What was it for?"),
        validators=[DataRequired(_l("Say what the money was for.")), Length(max=200)],
    )
    amount = AmountField(
        _l("Amount"),
        validators=[InputRequired(_l("Enter an amount."))],
        description=_l("For example 12,50"),
    )
    spent_on = BoundedDateField(_l("Date"), validators=[InputRequired(_l("Choose a date."))])
    category = SelectField(_l("Category"), default=ExpenseCategory.GROCERIES.value)
    payer = SelectField(_l("Who paid"), validate_choice=False)
    split_kind = RadioField(
        _l("How to share it"),
        choices=[SelectChoice(k.value, label) for k, label in SPLIT_LABELS.items()],
        default=SplitKind.EQUAL.value,
    )

    def __init__(self, people: Iterable, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.category.choices = category_choices()
        self.payer.choices = [SelectChoice(str(p.id), p.display_name) for p in people] + [
            SelectChoice(SEVERAL, _l("Several people paid"))
        ]


def person_or_pot(form, field) -> None:
    """A select of people (and maybe the pot): anything else sent is refused by the field."""
    if field.data != POT_CHOICE and parse_id(field.data) is None:
        raise ValidationError(str(NOT_A_MEMBER))


class PaymentForm(OnceForm):
    from_person = SelectField(
        _l("Who gave the money"), validate_choice=False, validators=[person_or_pot]
    )
    to_person = SelectField(
        _l("Who received it"), validate_choice=False, validators=[person_or_pot]
    )
    amount = AmountField(_l("Amount"), validators=[InputRequired(_l("Enter an amount."))])
    paid_on = BoundedDateField(_l("Date"), validators=[InputRequired(_l("Choose a date."))])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=200)])

    def __init__(
        self, people: Iterable, *args, kitty: bool = False, moved_out: Iterable = (), **kwargs
    ) -> None:
        """`people` live here; `moved_out` left with a balance, and are offered to settle it."""
        super().__init__(*args, **kwargs)
        choices = [SelectChoice(str(p.id), p.display_name) for p in people] + [
            SelectChoice(str(p.id), _l("%(name)s (moved out)", name=p.display_name))
            for p in moved_out
        ]
        if kitty:
            choices.append(SelectChoice(POT_CHOICE, _l("The house pot")))
        self.from_person.choices = choices
        self.to_person.choices = choices


class PaymentEditForm(BaseForm):
    amount = AmountField(_l("Amount"), validators=[InputRequired(_l("Enter an amount."))])
    paid_on = BoundedDateField(_l("Date"), validators=[InputRequired(_l("Choose a date."))])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=200)])


class SettingsForm(BaseForm):
    kitty_mode = BooleanField(
        _l("Kitty mode: everyone pays into a shared pot"),
    )
    arrears_threshold = AmountField(
        _l("Warn about arrears from this amount"),
        description=_l("Leave empty for no amount limit."),
    )
    arrears_days = BoundedIntegerField(
        _l("Warn about arrears after this many days"),
        validators=[Optional()],
        low=1,
        high=MAX_ARREARS_DAYS,
        message=_l("Choose between 1 and 366 days."),
        description=_l("Leave empty for no day limit."),
    )


class RecurringForm(OnceForm):
    description = StringField(
        _l("What is it for?"),
        validators=[DataRequired(_l("Say what the money is for.")), Length(max=200)],
    )
    amount = AmountField(_l("Amount"), validators=[InputRequired(_l("Enter an amount."))])
    category = SelectField(_l("Category"), default=ExpenseCategory.RENT.value)
    payer = SelectField(_l("Who pays it"), validate_choice=False)
    period = RadioField(
        _l("How often"),
        choices=[SelectChoice(p.value, label) for p, label in PERIOD_LABELS.items()],
        default=Period.MONTHLY.value,
    )
    day = BoundedIntegerField(
        _l("Day of the month"),
        validators=[InputRequired(_l("Choose a day."))],
        low=1,
        high=31,
        message=_l("Choose a day between 1 and 31."),
        default=1,
        description=_l("For a monthly expense (1-31)."),
    )
    weekday = SelectField(
        _l("Day of the week"), default="0", description=_l("For a weekly expense.")
    )
    starts_on = BoundedDateField(_l("First time"), validators=[InputRequired(_l("Choose a date."))])
    ends_on = BoundedDateField(_l("Last time (optional)"), validators=[Optional()])

    def __init__(self, people: Iterable, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.category.choices = category_choices()
        self.payer.choices = [SelectChoice(str(p.id), p.display_name) for p in people]
        self.weekday.choices = [SelectChoice(str(i), name) for i, name in weekday_names()]

    def chosen_day(self) -> int | None:
        """The day the period needs: the weekday (0 Monday) or the day of the month."""
        if self.period.data == Period.WEEKLY.value:
            return int(self.weekday.data) if (self.weekday.data or "").isdigit() else None
        return self.day.data


class StopRecurringForm(BaseForm):
    last_day = BoundedDateField(_l("Last time"), validators=[InputRequired(_l("Choose a date."))])


class ContributionForm(OnceForm):
    person = SelectField(_l("Resident"), validate_choice=False)
    amount = AmountField(_l("Every month"), validators=[InputRequired(_l("Enter an amount."))])
    due_day = BoundedIntegerField(
        _l("Due on day"),
        default=5,
        validators=[InputRequired(_l("Choose a day."))],
        low=1,
        high=28,
        message=_l("Choose a day between 1 and 28."),
    )
    starts_on = BoundedDateField(
        _l("From the month of"), validators=[InputRequired(_l("Choose a date."))]
    )
    ends_on = BoundedDateField(_l("Until the month of (optional)"), validators=[Optional()])

    def __init__(self, people: Iterable, *args, **kwargs) -> None:
        """Who shares the expenses first (the default choice); a child or a guest after,
        said so."""
        super().__init__(*args, **kwargs)
        people = list(people)
        sharers = sharing(people)
        self.person.choices = [SelectChoice(str(p.id), p.display_name) for p in sharers] + [
            SelectChoice(str(p.id), _l("%(name)s (does not share expenses)", name=p.display_name))
            for p in people
            if p not in sharers
        ]


class ContributionPaidForm(OnceForm):
    person = SelectField(_l("Resident"), validate_choice=False)
    month = BoundedDateField(
        _l("For the month of"), validators=[InputRequired(_l("Choose a date."))]
    )
    amount = AmountField(_l("Amount paid"), validators=[InputRequired(_l("Enter an amount."))])
    paid_on = BoundedDateField(_l("Paid on"), validators=[InputRequired(_l("Choose a date."))])

    def __init__(self, people: Iterable, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.person.choices = [SelectChoice(str(p.id), p.display_name) for p in people]


class ReceiptForm(BaseForm):
    """A receipt photo for an expense; the picture itself is checked by the service."""

    receipt = FileField(
        _l("Photo of the receipt"),
        validators=[
            FileRequired(_l("Take or choose a photo of the receipt.")),
            FileSize(MAX_PHOTO_BYTES, message=_l("The photo is larger than 5 MB.")),
        ],
        description=_l("On the tablet the camera opens. Location and camera details are removed."),
    )


class ConfirmForm(BaseForm):
    """A button that changes something: only the CSRF token."""


def enum_choice(kind, value: str | None, default=None):
    """The enum member with this value, or `default` for anything else sent."""
    try:
        return kind(value)
    except ValueError:
        return default


def person_choice(value: str | None) -> int | None:
    """A select value: a person id, or None for the pot (or nothing valid)."""
    return parse_id(value)


def sharing_ticks(people: Iterable) -> dict[str, str]:
    """The default split: ticked for each resident who shares expenses."""
    return {f"in-{p.id}": "1" for p in sharing(people)}


class PeopleInput:
    """The per-person inputs of an expense form: who paid how much, who shares and how.

    `typed` keeps the raw text to show again; `errors` holds messages by field name
    (`payers`, `participants`, `shares`, `exact`, `percent`).
    """

    def __init__(self, form_data: Mapping[str, str], people: Iterable) -> None:
        # Ids typed in the form count too, so the service can refuse an outsider by name.
        sent = {
            pid
            for key in form_data
            for prefix in PEOPLE_PREFIXES
            if (pid := suffix_id(key, prefix)) is not None
        }
        known = [p.id for p in people]
        self.ids = known + sorted(sent - set(known))
        self.typed = {
            key: form_data.get(key, "")
            for pid in self.ids
            for key in (f"paid-{pid}", f"part-{pid}", f"in-{pid}")
        }
        self.errors: dict[str, str] = {}

    @classmethod
    def from_expense(cls, expense, people: Iterable) -> PeopleInput:
        data: dict[str, str] = {}
        for payer in expense.payers:
            data[f"paid-{payer.person_id}"] = format_amount(payer.cents, symbol=False)
        for share in expense.shares:
            data[f"in-{share.person_id}"] = "1"
            if expense.split_kind is SplitKind.EXACT:
                data[f"part-{share.person_id}"] = format_amount(share.cents, symbol=False)
            elif expense.split_kind is SplitKind.PERCENT and share.basis is not None:
                data[f"part-{share.person_id}"] = format_amount(share.basis, symbol=False)
            elif share.basis is not None:
                data[f"part-{share.person_id}"] = str(share.basis)
        return cls(data, people)

    @classmethod
    def everyone(cls, people: Iterable) -> PeopleInput:
        """Everyone listed, the ones who share the house's expenses ticked (not a child or
        a guest: the coordinator can still tick them)."""
        people = list(people)
        return cls(sharing_ticks(people), people)

    def payers(self, payer_choice: str | None, total: int | None) -> dict[int, int]:
        """Person -> cents paid: one payer paid it all, or the amounts typed per person."""
        if payer_choice != SEVERAL:
            pid = person_choice(payer_choice)
            return {pid: total or 0} if pid is not None else {}
        paid: dict[int, int] = {}
        for pid in self.ids:
            cents = self._amount(f"paid-{pid}", "payers")
            if cents:
                paid[pid] = cents
        if not paid and "payers" not in self.errors:
            self.errors["payers"] = str(_l("Write how much each person paid."))
        return paid

    def split(self, kind: SplitKind) -> Split:
        """The split as typed; people not ticked (or with no value) take no part."""
        chosen = [pid for pid in self.ids if self.typed.get(f"in-{pid}")]
        if kind is SplitKind.EQUAL:
            return Split.equal(chosen)
        values: dict[int, int] = {}
        field = {SplitKind.SHARES: "shares", SplitKind.EXACT: "exact"}.get(kind, "percent")
        for pid in chosen:
            text = (self.typed.get(f"part-{pid}") or "").strip()
            if not text:
                continue
            if kind is SplitKind.SHARES:
                shares = parse_int(text, low=0, high=MAX_SHARES)
                if shares is None:
                    self.errors[field] = str(_l("Shares are whole numbers, like 1 or 2."))
                    continue
                values[pid] = shares
            else:
                cents = self._amount(f"part-{pid}", field)
                if cents is not None:
                    values[pid] = cents
        if kind is SplitKind.PERCENT and any(v > PERCENT_TOTAL for v in values.values()):
            self.errors[field] = str(_l("The percentages must add up to 100%."))
        return Split(kind, values)

    def _amount(self, key: str, field: str) -> int | None:
        text = self.typed.get(key, "")
        if not text.strip():
            return None
        try:
            return parse_amount(text)
        except RuleError as error:
            self.errors[field] = str(error.message)
            return None

    def show(self, name: str, message) -> bool:
        """`perform`'s extra_errors: a rule's message about the people goes here."""
        if name not in PEOPLE_FIELDS:
            return False
        self.errors.setdefault(name, str(message))
        return True
