"""The money area's routes, by screen. Importing this package attaches them all to the blueprint."""

from cohousing.money.views import (
    expenses,  # noqa: F401
    export,  # noqa: F401
    payments,  # noqa: F401
    tablet,  # noqa: F401
)
