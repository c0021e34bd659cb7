"""The routes of this area, by screen: importing the package attaches them all."""

from cohousing.chores.views import (
    feed,  # noqa: F401
    setup,  # noqa: F401
    staff,  # noqa: F401
    tablet,  # noqa: F401
    tablet_week,  # noqa: F401
)
