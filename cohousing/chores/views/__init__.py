"""The chores area's routes, by screen. Importing this package attaches them all to the blueprint."""

from cohousing.chores.views import (
    feed,  # noqa: F401
    setup,  # noqa: F401
    staff,  # noqa: F401
    tablet,  # noqa: F401
    tablet_week,  # noqa: F401
)
