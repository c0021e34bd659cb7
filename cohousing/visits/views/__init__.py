"""The visits area's routes, by screen. Importing this package attaches them all to the blueprint."""

from cohousing.visits.views import (
    goals,  # noqa: F401
    tablet,  # noqa: F401
    visits,  # noqa: F401
)
