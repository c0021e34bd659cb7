"""The households area's routes, by screen. Importing this package attaches them all to the blueprint."""

from cohousing.households.views import (
    households,  # noqa: F401
    members,  # noqa: F401
)
