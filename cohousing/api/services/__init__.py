"""The API's rules without HTTP: its tokens (`tokens`), its pages (`pages`) and what it
serves (`data`), built on the same services as the screens."""

from cohousing.api.services.data import (
    contributions_of,
    household_view,
    households_page,
    period_for,
    stays_page,
    visits_page,
    wellbeing_aggregates,
)
from cohousing.api.services.pages import (
    CURSOR_PATTERN,
    DEFAULT_LIMIT,
    MAX_LIMIT,
    Page,
    decode_cursor,
)
from cohousing.api.services.tokens import (
    NewToken,
    TokenLine,
    bearer_secret,
    create_token,
    hash_secret,
    identify_token,
    organisation_token,
    revoke_token,
    tokens_of,
)

__all__ = [
    "CURSOR_PATTERN",
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "NewToken",
    "Page",
    "TokenLine",
    "bearer_secret",
    "contributions_of",
    "create_token",
    "decode_cursor",
    "hash_secret",
    "household_view",
    "households_page",
    "identify_token",
    "organisation_token",
    "period_for",
    "revoke_token",
    "stays_page",
    "tokens_of",
    "visits_page",
    "wellbeing_aggregates",
]
