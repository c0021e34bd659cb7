"""What the `scan` command does, callable from tests without the command line."""

from __future__ import annotations

from datetime import UTC, datetime

from cohousing.extensions import db
from cohousing.wellbeing.alerts import deliver_pending
from cohousing.wellbeing.rules import scan


def parse_at(at: str | None) -> datetime | None:
    """An ISO 8601 moment; UTC when it names no zone. Raises ValueError when malformed."""
    if not at:
        return None
    moment = datetime.fromisoformat(at)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def run_scan(at: str | None = None) -> str:
    """Scan, commit what the rules raised, then send every alert still due."""
    result = scan(parse_at(at))
    db.session.commit()
    sent = deliver_pending()
    return f"{result.summary()} {sent} alert email(s) sent."
