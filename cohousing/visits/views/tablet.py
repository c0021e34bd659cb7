"""On the house tablet: what the workers wrote about me, and my goals.

Residents can always see what workers can see about them: the visits about them (every
area) and the visits about the house (its areas only), with the ratings and notes, and
their own goals. A visit about a housemate is never shown. Their own view is not
audited: it is theirs.
"""

from __future__ import annotations

from flask import g, make_response, render_template

from cohousing.security import resident_required
from cohousing.visits import bp
from cohousing.visits.forms import labels
from cohousing.visits.services import goals_for_person, visits_about


@bp.get("/tablet/workers-wrote")
@resident_required
def tablet_written():
    resident, household = g.resident, g.tablet.household
    response = make_response(
        render_template(
            "visits/tablet.html",
            visits=visits_about(resident.id, household.id),
            goals=goals_for_person(resident.id, household.id),
            today=household.today(),
            **labels(),
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response
