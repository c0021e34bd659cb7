"""The wellbeing area's routes, by screen. Importing this package attaches them all to the blueprint."""

from cohousing.wellbeing.views import (
    staff,  # noqa: F401
    tablet,  # noqa: F401
)
