"""The routes of this area, by screen: importing the package attaches them all."""

from cohousing.community.views import (
    meetings,  # noqa: F401
    staff,  # noqa: F401
    tablet,  # noqa: F401
    tablet_actions,  # noqa: F401
)
