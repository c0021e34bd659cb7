"""Privacy services, the public API of the area.

retention  how long records are kept; `apply_retention` is the scheduled job (it commits)
export     everything held about one person, as a page, JSON and CSV files
erasure    erase a person on request: what goes, what stays as "former resident"
"""

from cohousing.privacy.services.retention import (
    REGISTER_MINIMUM_MONTHS,
    Periods,
    RetentionRefused,
    RetentionReport,
    apply_retention,
    months_before,
)
from cohousing.wellbeing.services import parse_at

__all__ = [
    "REGISTER_MINIMUM_MONTHS",
    "Periods",
    "RetentionRefused",
    "RetentionReport",
    "apply_retention",
    "months_before",
    "parse_at",
]
