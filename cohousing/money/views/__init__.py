"""The routes of this area, by screen: importing the package attaches them all.

`expenses` (the staff money page and its expenses), `payments`, `contributions` (with the
settings and recurring expenses), `export` (CSV and JSON), `receipts` (receipt photos) and
`tablet` (the residents' screens); `common` holds what the staff screens share.
"""

from cohousing.money.views import (
    contributions,  # noqa: F401
    expenses,  # noqa: F401
    export,  # noqa: F401
    payments,  # noqa: F401
    receipts,  # noqa: F401
    tablet,  # noqa: F401
)
