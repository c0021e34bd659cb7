"""Help without a PIN, on the house tablet: from the faces screen and the locked-out screen.

Only an enrolled tablet opens it (no PIN, never behind a lock-out); the tablet and its
household come from the device. The resident taps their face or "someone in the house".
"""

from __future__ import annotations

from flask import Response, g, make_response, render_template, request, url_for

from cohousing.households.services import current_residents
from cohousing.security import device_required
from cohousing.web.actions import perform
from cohousing.web.htmx import htmx_redirect
from cohousing.wellbeing import bp
from cohousing.wellbeing.forms import HelpWithoutPinForm
from cohousing.wellbeing.services import (
    emergency_number_of,
    help_numbers_of,
    request_help_without_pin,
)
from cohousing.wellbeing.views.sending import send_alerts_after_commit


def _page(form: HelpWithoutPinForm) -> Response:
    household = g.tablet.household
    return make_response(
        render_template(
            "wellbeing/help_no_pin.html",
            form=form,
            residents=current_residents(household),
            emergency_number=emergency_number_of(household),
        )
    )


def _asked(again: bool = False) -> Response:
    return htmx_redirect(url_for("wellbeing.help_asked", again=1 if again else None))


@bp.route("/tablet/help", methods=["GET", "POST"])
@device_required
def help_without_pin():
    form = HelpWithoutPinForm()
    if not form.is_submitted():
        return _page(form)

    def done(concern) -> Response:
        if concern is None:  # this tablet asked a few times just now: they were told
            return _asked(again=True)
        send_alerts_after_commit(concern)
        return _asked()

    return perform(
        form,
        lambda: request_help_without_pin(
            g.tablet.household,
            tablet_id=g.tablet.id,
            person_id=form.person_id.data,
            submission_id=form.submission_id.data,
        ),
        done=done,
        refused=lambda: _page(form),
        repeated=lambda _first: _asked(),
    )


@bp.get("/tablet/help/asked")
@device_required
def help_asked():
    return render_template(
        "wellbeing/help_no_pin_sent.html",
        again=request.args.get("again") == "1",
        emergency_number=emergency_number_of(g.tablet.household),
        help_numbers=help_numbers_of(g.tablet.household),
    )


@bp.app_context_processor
def _emergency_number():
    """The tablet's help bar and confirmations show the number of the page's household."""

    def number() -> str:
        tablet = g.get("tablet")
        return emergency_number_of(g.get("household") or (tablet.household if tablet else None))

    return {"emergency_number_here": number}
