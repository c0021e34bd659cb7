"""The routes of this area, by screen: importing the package attaches them all."""

from cohousing.wellbeing.views import (
    help,  # noqa: F401
    queue,  # noqa: F401
    staff,  # noqa: F401
    tablet,  # noqa: F401
)
