"""The routes of this area, by screen: importing the package attaches them all."""

from cohousing.households.views import (
    households,  # noqa: F401
    members,  # noqa: F401
)
