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

from cohousing.database.idempotency import AlreadySubmitted, new_token
from cohousing.households.services import current_residents
from cohousing.money import bp
from cohousing.money.forms import (
    POT_CHOICE,
    ConfirmForm,
    PeopleInput,
    enum_choice,
    person_choice,
    sharing_ticks,
)
from cohousing.money.models import MAX_CENTS, ExpenseCategory, SplitKind
from cohousing.money.services import (
    CATEGORY_LABELS,
    NOT_A_MEMBER,
    Actor,
    ExpenseData,
    Split,
    add_expense,
    amount_problem,
    attach_receipt,
    clean_receipt,
    current_resident,
    format_amount,
    parse_amount,
    record_payment,
    resident_ever,
    settings_for,
    tablet_page,
)
from cohousing.rules import RuleError
from cohousing.security import resident_required
from cohousing.web.actions import attempt, perform, refuse
from cohousing.web.htmx import htmx_redirect, is_htmx
from cohousing.web.parsing import clean_text, parse_int

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


def _to_tablet_money(_result=None):
    return htmx_redirect(url_for("money.tablet_money"))


# --- who gives whom ------------------------------------------------------------------


@bp.get("/tablet/money")
@resident_required
def tablet_money():
    return render_template(
        "money/tablet.html",
        **tablet_page(g.household, g.resident),
        CATEGORY_LABELS=CATEGORY_LABELS,
    )


def _payee(value: str | None):
    """The person (or the pot, as None) a resident pays: someone who lives here, or who
    moved out (settling up with them is allowed today); 404 for anyone else."""
    if value == POT_CHOICE and settings_for(g.household).kitty_mode:
        return None
    person = resident_ever(g.household, person_choice(value))
    if person is None:
        abort(404)
    return person


def _render_pay(payee, cents: int, form, message: str | None = None) -> str:
    return render_template(
        "money/tablet_pay.html",
        payee=payee,
        moved_out=payee is not None and current_resident(g.household, payee.id) is None,
        cents=cents,
        form=form,
        message=message,
        submission_id=_submission_id() or new_token(),
    )


def _submission_id() -> str:
    """The confirm page's token, without control characters (PostgreSQL refuses NUL)."""
    return clean_text(request.form.get("submission_id") or "")


def _cents_arg(value: str | None) -> int:
    """Cents from the "I paid this" link; anything else is 0 (refused as not above zero)."""
    cents = parse_int(value, low=0, high=10**12 - 1) or 0
    return min(cents, MAX_CENTS + 1)  # too large is said as such, not stored


@bp.get("/tablet/money/pay")
@resident_required
def tablet_pay_confirm():
    payee = _payee(request.args.get("to"))
    return _render_pay(payee, _cents_arg(request.args.get("cents")), ConfirmForm())


@bp.post("/tablet/money/pay")
@resident_required
def tablet_pay():
    household = g.household
    payee = _payee(request.form.get("to"))
    cents = _cents_arg(request.form.get("cents"))
    form = ConfirmForm()

    def paid(_payment):
        name = payee.display_name if payee is not None else _("the house pot")
        amount = format_amount(cents)
        flash(_("Done: you gave %(name)s %(amount)s.", name=name, amount=amount), "success")
        return _to_tablet_money()

    def refused():
        message = form.form_errors[0] if form.form_errors else _("Please try again.")
        return _render_pay(payee, cents, form, str(message))

    return perform(
        form,
        lambda: record_payment(
            household,
            payer=g.resident.id,
            payee=payee.id if payee is not None else None,
            cents=cents,
            paid_on=household.today(),
            by=Actor.current(),
            submission_id=_submission_id(),
        ),
        done=paid,
        refused=refused,
        repeated=_to_tablet_money,
    )


# --- a shared expense in three steps ------------------------------------------------


class AddState:
    """What the three steps have gathered so far, read from the form (or defaults)."""

    def __init__(self, form, residents, me) -> None:
        self.residents = residents
        # Not a WTForms form: text is cleaned here (PostgreSQL refuses a NUL character).
        self.submission_id = clean_text(form.get("submission_id") or "") or new_token()
        self.amount_text = (form.get("amount") or "").strip()
        # Me unless someone else was chosen; a made-up value is nobody (refused at its step).
        self.payer = person_choice(form["payer"]) if form.get("payer") else me.id
        self.description = clean_text(form.get("description") or "").strip()[:200]
        self.category = form.get("category") or ExpenseCategory.GROCERIES.value
        self.split_seen = form.get("split_seen") == "1"
        data = dict(form) if self.split_seen else sharing_ticks(residents)
        data.update({k: v for k, v in form.items() if k.startswith("part-")})
        self.people = PeopleInput(data, residents)
        self.errors: dict[str, str] = {}

    def cents(self) -> int | None:
        try:
            cents = parse_amount(self.amount_text)
        except RuleError as error:
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


def _render_add(state: AddState, step: str) -> str:
    template = "money/_tablet_add.html" if is_htmx() else "money/tablet_add.html"
    return render_template(
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
    )


@bp.route("/tablet/money/add", methods=["GET", "POST"])
@resident_required
def tablet_add():
    residents = current_residents(g.household)
    state = AddState(request.form, residents, g.resident)
    if request.method == "GET":
        return _render_add(state, "amount")
    if not ConfirmForm().validate_on_submit():
        return refuse(_render_add(state, "amount"))
    go = request.form.get("go", "amount")
    if go == "amount":
        return _render_add(state, "amount")
    if state.cents() is None:
        return refuse(_render_add(state, "amount"))
    if go == "payer":
        return _render_add(state, "payer")
    if state.payer not in {p.id for p in residents}:  # said at this step, not after the last
        state.errors["payers"] = str(NOT_A_MEMBER)
        return refuse(_render_add(state, "payer"))
    if go != "save":
        return _render_add(state, "split")
    return _save(state)


def _add_with_receipt(household, data: ExpenseData, state: AddState, photo) -> None:
    """The expense and, when one was taken, its receipt photo: both or neither."""
    cleaned = clean_receipt(photo.stream) if photo and photo.filename else None
    expense = add_expense(household, data, by=Actor.current(), submission_id=state.submission_id)
    if cleaned is not None:
        attach_receipt(expense, cleaned, Actor.current())


def _save(state: AddState):
    household = g.household
    cents = state.cents() or 0
    split = state.split()
    if state.people.errors:
        state.errors.update(state.people.errors)
        return refuse(_render_add(state, "split"))
    data = ExpenseData(
        description=state.description or str(DEFAULT_DESCRIPTION),
        amount_cents=cents,
        spent_on=household.today(),
        category=enum_choice(ExpenseCategory, state.category, ExpenseCategory.OTHER),
        payers={state.payer: cents},
        split=split,
    )
    photo = request.files.get("receipt")
    try:
        attempt(lambda: _add_with_receipt(household, data, state, photo))
    except AlreadySubmitted:
        return _to_tablet_money()
    except RuleError as error:
        state.errors.update({k: str(v) for k, v in error.errors.items()})
        step = "amount" if "amount" in error.errors else "payer"
        if "payers" not in error.errors and step != "amount":
            step = "split"
        return refuse(_render_add(state, step))
    flash(
        _("Saved: %(what)s, %(amount)s.", what=data.description, amount=format_amount(cents)),
        "success",
    )
    return _to_tablet_money()
