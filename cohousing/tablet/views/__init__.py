"""The tablet area's routes, by screen. Importing this package attaches them all to the blueprint."""

from cohousing.tablet.views import (
    device,  # noqa: F401
    manage,  # noqa: F401
)
