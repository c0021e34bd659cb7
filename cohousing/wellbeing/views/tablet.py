"""The resident's wellbeing screens on the house tablet: check-in, help, worries, "mine".

The tablet's household and the signed-in resident come from the device (`g.tablet`,
`g.resident`); an id typed into a form is checked by the service.
"""

from __future__ import annotations

from flask import (
    Response,
    flash,
    g,
    make_response,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date
from flask_babel import gettext as _

from cohousing.households.models import Household
from cohousing.security import resident_required
from cohousing.web.actions import perform
from cohousing.web.htmx import htmx_redirect, is_htmx
from cohousing.wellbeing import bp
from cohousing.wellbeing.forms import (
    FACES,
    AllFineForm,
    CheckInForm,
    HelpForm,
    PauseForm,
    ProposalForm,
    ShareForm,
    WorriedForm,
)
from cohousing.wellbeing.models import CheckIn, ShareLevel
from cohousing.wellbeing.services import (
    CONSENT_WORDS,
    KIND_LABELS,
    MOODS,
    SHARE_LABELS,
    TAGS,
    answer_proposal,
    current_share,
    emergency_number_of,
    help_numbers_of,
    housemates,
    is_wider,
    my_wellbeing,
    pause,
    record_checkin,
    report_worry,
    request_help,
    set_all_fine,
    set_share,
    todays_checkin_for,
)
from cohousing.wellbeing.views.sending import send_alerts_after_commit

# --- labels the today screen's fragments use (pure: they run no query) ----------------


@bp.app_template_global()
def mood_label(mood: int) -> str:
    return str(MOODS.get(mood, ""))


@bp.app_template_global()
def tag_labels(checkin: CheckIn) -> str:
    return ", ".join(str(TAGS[t]) for t in checkin.tag_list if t in TAGS)


@bp.after_request
def never_cache(response: Response) -> Response:
    """Health data on shared screens: Back after the lock must not show it from cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _household() -> Household:
    return g.tablet.household


def _render(template: str, status: int = 200, **context) -> Response:
    return make_response(render_template(template, MOODS=MOODS, TAGS=TAGS, **context), status)


# --- check-in --------------------------------------------------------------------------


@bp.route("/tablet/wellbeing/checkin", methods=["GET", "POST"])
@resident_required
def checkin():
    form = CheckInForm()
    if not form.is_submitted():
        return _render("wellbeing/checkin.html", form=form)

    def refused() -> str:
        if form.mood.errors:  # "sad", "", 0 or 6: one plain message, whatever was sent
            form.mood.errors = [str(FACES)]
        return render_template("wellbeing/checkin.html", MOODS=MOODS, TAGS=TAGS, form=form)

    return perform(
        form,
        lambda: record_checkin(
            _household(),
            g.resident.id,
            form.mood.data,
            form.tags.data,
            form.note.data,
            keep_extras=not form.extras.data,
        ),
        done=lambda checkin: (
            _extras_saved(form, checkin)
            if form.extras.data
            else htmx_redirect(url_for("wellbeing.checkin_done"))
        ),
        refused=refused,
    )


def _extras_saved(form: CheckInForm, checkin) -> Response:
    """The words and note were saved: htmx gets the section back with "Saved ✓", a plain
    browser the page again (with ?saved=1, so Reload does not send the form twice)."""
    if is_htmx():
        return _render("wellbeing/_checkin_extras.html", form=form, checkin=checkin, saved=True)
    return htmx_redirect(url_for("wellbeing.checkin_done", saved=1))


@bp.get("/tablet/wellbeing/checkin/done")
@resident_required
def checkin_done():
    today = todays_checkin_for(_household(), g.resident)
    if today is None:
        return htmx_redirect(url_for("wellbeing.checkin"))
    form = CheckInForm(
        data={"mood": today.mood, "tags": today.tag_list, "note": today.note, "extras": "1"}
    )
    saved = request.args.get("saved") == "1"
    return _render("wellbeing/checkin_done.html", form=form, checkin=today, saved=saved)


# --- I need help ---------------------------------------------------------------------


def _sent(concern) -> Response:
    send_alerts_after_commit(concern)
    return htmx_redirect(url_for("wellbeing.help_sent"))


@bp.route("/tablet/wellbeing/help", methods=["GET", "POST"])
@resident_required
def help_request():
    form = HelpForm()
    if not form.is_submitted():
        return _render("wellbeing/help_confirm.html", form=form)
    return perform(
        form,
        lambda: request_help(_household(), g.resident, submission_id=form.submission_id.data),
        done=_sent,
        refused=lambda: _render("wellbeing/help_confirm.html", form=form),
        repeated=lambda _first: htmx_redirect(url_for("wellbeing.help_sent")),
    )


@bp.get("/tablet/wellbeing/help/sent")
@resident_required
def help_sent():
    return _render(
        "wellbeing/help_sent.html",
        emergency_number=emergency_number_of(_household()),
        help_numbers=help_numbers_of(_household()),
    )


# --- I'm worried about a housemate ----------------------------------------------------


@bp.route("/tablet/wellbeing/worried", methods=["GET", "POST"])
@resident_required
def worried():
    form = WorriedForm()
    people = housemates(_household(), g.resident)

    def page() -> Response:
        return _render("wellbeing/worried.html", form=form, housemates=people)

    if not form.is_submitted():
        return page()

    def done(concern) -> Response:
        send_alerts_after_commit(concern)
        return htmx_redirect(url_for("wellbeing.worried_sent"))

    return perform(
        form,
        lambda: report_worry(
            _household(),
            g.resident,
            form.person_id.data,
            form.note.data,
            submission_id=form.submission_id.data,
        ),
        done=done,
        refused=page,
        repeated=lambda _first: htmx_redirect(url_for("wellbeing.worried_sent")),
    )


@bp.get("/tablet/wellbeing/worried/sent")
@resident_required
def worried_sent():
    return _render("wellbeing/worried_sent.html")


# --- what I said, and what my workers can see ----------------------------------------


def _mine(
    form: ShareForm, pause_form: PauseForm | None = None, fine_form: AllFineForm | None = None
) -> dict:
    data = my_wellbeing(_household(), g.resident)
    if form.share.data is None:
        form.share.data = data["share"].value
    fine_form = fine_form or AllFineForm(formdata=None)
    if fine_form.agree.data is None:
        fine_form.agree.data = "yes" if data["all_fine"] else "no"
    return {
        **data,
        "form": form,
        "pause_form": pause_form or PauseForm(formdata=None),
        "fine_form": fine_form,
        "SHARE_LABELS_ALL": SHARE_LABELS,
        "KIND_LABELS": KIND_LABELS,
        "CONSENT_WORDS": CONSENT_WORDS,
    }


@bp.get("/tablet/wellbeing/mine")
@resident_required
def mine():
    return _render("wellbeing/mine.html", **_mine(ShareForm()))


@bp.post("/tablet/wellbeing/sharing")
@resident_required
def sharing():
    """The resident's own choice, after their PIN: wider or narrower, one tap."""
    form = ShareForm()
    before = current_share(g.resident, _household())

    def done(changed) -> Response:
        if changed is not None:
            wider = is_wider(changed.share, before)
            flash(
                _("Saved. Your workers now see more.")
                if wider
                else _("Saved. Your workers now see less."),
                "success",
            )
        return htmx_redirect(url_for("wellbeing.mine"))

    return perform(
        form,
        lambda: set_share(
            g.resident, _household(), ShareLevel(form.share.data), by_person=g.resident
        ),
        done=done,
        refused=lambda: _render("wellbeing/mine.html", **_mine(form)),
    )


@bp.post("/tablet/wellbeing/all-fine")
@resident_required
def all_fine():
    """The resident's own yes or no to the daily "all fine" line, after their PIN."""
    form = AllFineForm()

    def done(changed) -> Response:
        if changed is not None:
            flash(
                _("Saved. Your workers get a line each day you check in.")
                if changed.agrees
                else _("Saved. Your workers no longer get the daily line."),
                "success",
            )
        return htmx_redirect(url_for("wellbeing.mine"))

    return perform(
        form,
        lambda: set_all_fine(
            g.resident, _household(), form.agree.data == "yes", by_person=g.resident
        ),
        done=done,
        refused=lambda: _render(
            "wellbeing/mine.html", **_mine(ShareForm(formdata=None), fine_form=form)
        ),
    )


@bp.post("/tablet/wellbeing/sharing/answer")
@resident_required
def sharing_answer():
    """Yes or no to what a worker proposed: only the resident decides."""
    form = ProposalForm()

    def done(_changed) -> Response:
        if form.answer.data == "accept":
            flash(_("Saved. Your workers now see what you accepted."), "success")
        else:
            flash(_("Saved. Nothing changes."), "success")
        return htmx_redirect(url_for("wellbeing.mine"))

    def refused() -> Response:
        message = next((e for f in form for e in f.errors), None) or next(
            iter(form.form_errors), _("This proposal was already answered.")
        )
        flash(str(message), "error")
        return _render("wellbeing/mine.html", **_mine(ShareForm()))

    return perform(
        form,
        lambda: answer_proposal(
            g.resident,
            _household(),
            form.proposal_id.data,
            accept=form.answer.data == "accept",
        ),
        done=done,
        refused=refused,
    )


@bp.post("/tablet/wellbeing/away")
@resident_required
def away():
    """The resident pauses their reminders and alerts while away: an absence."""
    form = PauseForm()

    def done(_absence) -> Response:
        flash(
            _(
                "Paused until %(day)s: nobody is alerted while you are away.",
                day=format_date(form.until.data, "long"),
            ),
            "success",
        )
        return htmx_redirect(url_for("wellbeing.mine"))

    return perform(
        form,
        lambda: pause(_household(), g.resident, form.until.data),
        done=done,
        refused=lambda: _render("wellbeing/mine.html", **_mine(ShareForm(formdata=None), form)),
    )
