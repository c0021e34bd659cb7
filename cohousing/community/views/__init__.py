"""The community area's routes, by screen. Importing this package attaches them all to the blueprint."""

from cohousing.community.views import (
    meetings,  # noqa: F401
    staff,  # noqa: F401
    tablet,  # noqa: F401
    tablet_actions,  # noqa: F401
)
