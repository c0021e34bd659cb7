"""The routes of this area, by screen: importing the package attaches them all."""

from cohousing.staff.views import (
    accounts,  # noqa: F401
    provider_sign_in,  # noqa: F401
    providers,  # noqa: F401
    sign_in,  # noqa: F401
    two_factor,  # noqa: F401
)
