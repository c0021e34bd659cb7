"""Money on the house tablet: who gives whom, "I paid this", and a shared expense in 3 steps.

The household is the tablet's, the person acting is the resident who typed their PIN.
The three steps (amount, who paid, who shares) are one URL: each step's form carries what
was chosen before in hidden fields, so it works without JavaScript; with htmx only the
step's box is swapped.
"""

from __future__ import annotations

from babel.numbers import get_decimal_symbol
from flask import abort, flash, g, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from cohousing.database import idempotency
from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.money import bp
from cohousing.money.amounts import AmountError, format_amount, parse_amount
from cohousing.money.forms import (
    POT_CHOICE,
    ConfirmForm,
    PeopleInput,
    enum_choice,
    person_choice,
)
from cohousing.money.models import ExpenseCategory
from cohousing.money.overview import balance_words, people_of, transfer_words
from cohousing.money.services import (
    CATEGORY_LABELS,
    Actor,
    ExpenseData,
    MoneyRuleError,
    add_expense,
    amount_problem,
    balances,
    recent_expenses,
    record_payment,
    settings_for,
    suggested_transfers,
)
from cohousing.money.splits import Split, SplitKind
from cohousing.security import resident_required
from cohousing.web.htmx import htmx_redirect, is_htmx

DEFAULT_DESCRIPTION = _l("Shared expense")
STEPS = ("amount", "payer", "split")
CATEGORY_CHIPS = (
    ExpenseCategory.GROCERIES,
    ExpenseCategory.HOUSEHOLD,
    ExpenseCategory.UTILITIES,
    ExpenseCategory.REPAIRS,
    ExpenseCategory.OTHER,
)


@bp.after_request
def never_cache_tablet(response):
    """A shared screen: Back after the lock must not show a resident's money from cache."""
    if (request.endpoint or "").startswith("money.tablet_"):
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.app_template_global()
def money_summary(resident) -> dict:
    """My balance in one line, for the today screen."""
    tablet = g.get("tablet")
    if tablet is None or resident is None:
        return {"cents": 0, "words": ""}
    cents = balances(tablet.household).get(resident.id, 0)
    return {"cents": cents, "words": balance_words(cents)}


# --- who gives whom ------------------------------------------------------------------


@bp.get("/tablet/money")
@resident_required
def tablet_money():
    household = g.tablet.household
    people = people_of(household)
    owed = balances(household)
    transfers = suggested_transfers(household, dict(owed))
    mine = owed.get(g.resident.id, 0)
    return render_template(
        "money/tablet.html",
        people=people,
        transfers=[(t, transfer_words(t, people)) for t in transfers],
        mine=mine,
        my_words=balance_words(mine),
        expenses=recent_expenses(household, limit=5, with_deleted=False),
        CATEGORY_LABELS=CATEGORY_LABELS,
    )


def _payee(value: str | None):
    """The person (or the pot, as None) a resident pays; 404 for anyone else."""
    household = g.tablet.household
    if value == POT_CHOICE and settings_for(household).kitty_mode:
        return None
    person_id = person_choice(value)
    person = people_of(household).get(person_id) if person_id else None
    if person is None or person_id not in {p.id for p in current_residents(household)}:
        abort(404)
    return person


def _render_pay(payee, cents: int, form, status: int = 200, message: str | None = None):
    return (
        render_template(
            "money/tablet_pay.html",
            payee=payee,
            cents=cents,
            form=form,
            message=message,
            submission_id=request.form.get("submission_id") or idempotency.new_token(),
        ),
        status,
    )


def _cents_arg(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) < 10 else 0


@bp.get("/tablet/money/pay")
@resident_required
def tablet_pay_confirm():
    payee = _payee(request.args.get("to"))
    return _render_pay(payee, _cents_arg(request.args.get("cents")), ConfirmForm())


@bp.post("/tablet/money/pay")
@resident_required
def tablet_pay():
    household = g.tablet.household
    payee = _payee(request.form.get("to"))
    cents = _cents_arg(request.form.get("cents"))
    form = ConfirmForm()
    if not form.validate_on_submit():
        return _render_pay(payee, cents, form, 422, _("Please try again."))
    try:
        record_payment(
            household,
            payer=g.resident.id,
            payee=payee.id if payee is not None else None,
            cents=cents,
            paid_on=household.today(),
            by=Actor.current(),
            submission_id=request.form.get("submission_id"),
        )
    except idempotency.AlreadySubmitted:
        db.session.rollback()
        return htmx_redirect(url_for("money.tablet_money"))
    except MoneyRuleError as error:
        db.session.rollback()
        return _render_pay(payee, cents, form, 422, str(error.message))
    db.session.commit()
    name = payee.display_name if payee is not None else _("the house pot")
    flash(
        _("Done: you gave %(name)s %(amount)s.", name=name, amount=format_amount(cents)), "success"
    )
    return htmx_redirect(url_for("money.tablet_money"))


# --- a shared expense in three steps ------------------------------------------------


class AddState:
    """What the three steps have gathered so far, read from the form (or defaults)."""

    def __init__(self, form, residents, me) -> None:
        self.residents = residents
        self.submission_id = form.get("submission_id") or idempotency.new_token()
        self.amount_text = (form.get("amount") or "").strip()
        self.payer = person_choice(form.get("payer")) or me.id
        self.description = (form.get("description") or "").strip()[:200]
        self.category = form.get("category") or ExpenseCategory.GROCERIES.value
        self.split_seen = form.get("split_seen") == "1"
        data = dict(form) if self.split_seen else {f"in-{p.id}": "1" for p in residents}
        data.update({k: v for k, v in form.items() if k.startswith("part-")})
        self.people = PeopleInput(data, residents)
        self.errors: dict[str, str] = {}

    def cents(self) -> int | None:
        try:
            cents = parse_amount(self.amount_text)
        except AmountError as error:
            self.errors["amount"] = str(error.message)
            return None
        if problem := amount_problem(cents):
            self.errors["amount"] = str(problem)
            return None
        return cents

    def split(self) -> Split:
        parts = [self.people.typed.get(f"part-{pid}", "").strip() for pid in self.people.ids]
        kind = SplitKind.SHARES if any(p not in ("", "1") for p in parts) else SplitKind.EQUAL
        if kind is SplitKind.SHARES:  # a blank share among ticked people counts as 1
            for pid in self.people.ids:
                if self.people.typed.get(f"in-{pid}") and not self.people.typed[f"part-{pid}"]:
                    self.people.typed[f"part-{pid}"] = "1"
        return self.people.split(kind)


def _render_add(state: AddState, step: str, status: int = 200):
    template = "money/_tablet_add.html" if is_htmx() else "money/tablet_add.html"
    return (
        render_template(
            template,
            state=state,
            step=step,
            step_number=STEPS.index(step) + 1,
            people={p.id: p for p in state.residents},
            CATEGORY_LABELS=CATEGORY_LABELS,
            CATEGORY_CHIPS=CATEGORY_CHIPS,
            amount_shown=format_amount(state.cents() or 0) if step != "amount" else "",
            example_amount=format_amount(1250, symbol=False),
            decimal_mark=get_decimal_symbol(get_locale()),
        ),
        status,
    )


@bp.route("/tablet/money/add", methods=["GET", "POST"])
@resident_required
def tablet_add():
    household = g.tablet.household
    residents = current_residents(household)
    state = AddState(request.form, residents, g.resident)
    if request.method == "GET":
        return _render_add(state, "amount")
    if not ConfirmForm().validate_on_submit():
        return _render_add(state, "amount", 422)
    go = request.form.get("go", "amount")
    if go == "amount":
        return _render_add(state, "amount")
    if state.cents() is None:
        return _render_add(state, "amount", 422)
    if go == "payer":
        return _render_add(state, "payer")
    if state.payer not in {p.id for p in residents}:
        state.errors["payers"] = _("Choose people who live in this household.")
        return _render_add(state, "payer", 422)
    if go != "save":
        return _render_add(state, "split")
    return _save(household, state)


def _save(household, state: AddState):
    cents = state.cents() or 0
    split = state.split()
    if state.people.errors:
        state.errors.update(state.people.errors)
        return _render_add(state, "split", 422)
    category = enum_choice(ExpenseCategory, state.category, ExpenseCategory.OTHER)
    data = ExpenseData(
        description=state.description or str(DEFAULT_DESCRIPTION),
        amount_cents=cents,
        spent_on=household.today(),
        category=category,
        payers={state.payer: cents},
        split=split,
    )
    try:
        add_expense(household, data, by=Actor.current(), submission_id=state.submission_id)
    except idempotency.AlreadySubmitted:
        db.session.rollback()
        return htmx_redirect(url_for("money.tablet_money"))
    except MoneyRuleError as error:
        db.session.rollback()
        state.errors.update({k: str(v) for k, v in error.errors.items()})
        step = (
            "amount"
            if "amount" in error.errors
            else ("payer" if "payers" in error.errors else "split")
        )
        return _render_add(state, step, 422)
    db.session.commit()
    flash(
        _("Saved: %(what)s, %(amount)s.", what=data.description, amount=format_amount(cents)),
        "success",
    )
    return htmx_redirect(url_for("money.tablet_money"))
