"""Alerts a request queued are sent once its one commit is done, never before."""

from __future__ import annotations

from flask import Response, after_this_request, current_app

from cohousing.wellbeing.models import Concern
from cohousing.wellbeing.services import deliver_pending, pending_for


def send_alerts_after_commit(concern: Concern | None) -> None:
    """Send the alerts about `concern` this request queued, after the request committed
    (the view's commit comes first, `after_this_request` after it). `deliver_pending`
    commits each alert it sends, as the scan does. A failure never fails the request: the
    rows stay queued and the next scan sends them (the session is discarded at teardown)."""
    ids = pending_for(concern)
    if not ids:
        return

    @after_this_request
    def send(response: Response) -> Response:
        if response.status_code >= 400:
            return response  # the request rolled back: nothing was queued after all
        try:
            deliver_pending(ids)
        except Exception:  # the scan retries; the resident must see "sent"
            current_app.logger.exception("sending alerts after a request failed")
        return response
