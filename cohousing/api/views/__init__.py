"""The routes of this area: importing the package attaches them all."""

from cohousing.api.views import (
    pages,  # noqa: F401
    v1,  # noqa: F401
)
