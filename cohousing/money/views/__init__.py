"""The routes of this area, by screen: importing the package attaches them all."""

from cohousing.money.views import (
    expenses,  # noqa: F401
    export,  # noqa: F401
    payments,  # noqa: F401
    tablet,  # noqa: F401
)
