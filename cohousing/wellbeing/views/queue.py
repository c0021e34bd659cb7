"""What the house tablet queued offline, sent when the network is back (tablet/offline.js).

Only an enrolled tablet sends (no PIN: offline nobody could check one); the tablet and its
household come from the device. Each answer is JSON for the script: 201 recorded, 200
already recorded (the same submission id again), 422 refused for good (the script drops
it; the message says why). A refused CSRF token is a 400, and the script tries again.
"""

from __future__ import annotations

from flask import Response, g, jsonify, make_response

from cohousing.security import device_required
from cohousing.web.actions import perform
from cohousing.wellbeing import bp
from cohousing.wellbeing.forms import QueuedCheckInForm, QueuedForm, QueuedHelpForm
from cohousing.wellbeing.services import record_queued_checkin, request_queued_help
from cohousing.wellbeing.views.sending import send_alerts_after_commit


def _answer(status: int, **body) -> Response:
    return make_response(jsonify(**body), status)


def _refused(form: QueuedForm) -> Response:
    messages = [str(error) for field in form for error in field.errors]
    return _answer(422, recorded=False, errors=messages)


@bp.post("/tablet/queue/checkin")
@device_required
def queued_checkin():
    form = QueuedCheckInForm()
    return perform(
        form,
        lambda: record_queued_checkin(
            g.tablet.household,
            form.person_id.data,
            form.mood.data,
            age_seconds=form.age_seconds.data,
            submission_id=form.submission_id.data,
        ),
        done=lambda _checkin: _answer(201, recorded=True),
        refused=lambda: _refused(form),
        repeated=lambda _first: _answer(200, recorded=True),
    )


@bp.post("/tablet/queue/help")
@device_required
def queued_help():
    form = QueuedHelpForm()

    def done(concern) -> Response:
        if concern is not None:  # None: this tablet asked a few times just now
            send_alerts_after_commit(concern)
        return _answer(201, recorded=True)

    return perform(
        form,
        lambda: request_queued_help(
            g.tablet.household,
            tablet_id=g.tablet.id,
            person_id=form.person_id.data,
            age_seconds=form.age_seconds.data,
            submission_id=form.submission_id.data,
        ),
        done=done,
        refused=lambda: _refused(form),
        repeated=lambda _first: _answer(200, recorded=True),
    )
