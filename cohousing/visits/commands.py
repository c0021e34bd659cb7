"""What `flask cohousing check-visits` does, callable from tests without the command line."""

from __future__ import annotations

from cohousing.database import clock
from cohousing.extensions import db
from cohousing.visits.schedule import check_overdue_visits
from cohousing.wellbeing.alerts import deliver_pending
from cohousing.wellbeing.commands import parse_at


def run_visit_check(at: str | None = None) -> str:
    """Raise overdue-visit concerns (once per expected day), commit, send due alerts."""
    moment = parse_at(at)
    if moment is not None:
        with clock.frozen_at(moment):
            raised = check_overdue_visits()
    else:
        raised = check_overdue_visits()
    db.session.commit()
    sent = deliver_pending()
    return f"{len(raised)} overdue visit concern(s) raised. {sent} alert email(s) sent."
