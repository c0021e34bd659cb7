"""The routes of this area, by screen: importing the package attaches them all."""

from cohousing.tablet.views import (
    device,  # noqa: F401
    manage,  # noqa: F401
    offline,  # noqa: F401
)
