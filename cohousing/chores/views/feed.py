"""The iCalendar feed: public, but only at a secret URL; a revoked or unknown one is 404."""

from __future__ import annotations

from flask import Response, abort, request

from cohousing.chores import bp
from cohousing.chores.services import build_ics, feed_for_token
from cohousing.security import public


@bp.get("/calendar/<token>.ics")
@public
def calendar_feed(token: str):
    feed = feed_for_token(token)
    if feed is None:
        abort(404)
    response = Response(build_ics(feed, request.host), mimetype="text/calendar")
    response.headers["Cache-Control"] = "private, max-age=300"
    response.headers["Content-Disposition"] = 'inline; filename="chores.ics"'
    return response
