"""The routes of this area, by screen: importing the package attaches them all."""

from cohousing.visits.views import (
    goals,  # noqa: F401
    tablet,  # noqa: F401
    visits,  # noqa: F401
)
