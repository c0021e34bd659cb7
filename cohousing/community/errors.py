"""The one error the house-life rules raise, and the lengths they allow."""

from __future__ import annotations

MAX_SHORT_TEXT = 280  # a notice, a help request: short enough to read at a glance
MAX_TITLE = 200  # an agenda point, a poll question, an agreement's title
MAX_LONG_TEXT = 2000  # minutes of one point, an agreement's text, a mediation note
MAX_OPTION = 100


class CommunityError(ValueError):
    """A request that breaks a house-life rule; `field` names the form field to blame."""

    def __init__(self, message, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
