"""Privacy services, the public API of the area.

retention  how long records are kept; `apply_retention` is the scheduled job (it commits)
export     everything held about one person, as a page, JSON and CSV files
erasure    erase a person on request: what goes, what stays as "former resident"
"""

from cohousing.privacy.services.erasure import (
    CLEARED,
    DELETED,
    KEPT,
    ErasurePlan,
    erase_person,
    erasure_plan,
)
from cohousing.privacy.services.export import (
    PersonData,
    Section,
    export_name,
    note_exported,
    person_data,
)
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
    "CLEARED",
    "DELETED",
    "KEPT",
    "REGISTER_MINIMUM_MONTHS",
    "ErasurePlan",
    "Periods",
    "PersonData",
    "RetentionRefused",
    "RetentionReport",
    "Section",
    "apply_retention",
    "erase_person",
    "erasure_plan",
    "export_name",
    "months_before",
    "note_exported",
    "parse_at",
    "person_data",
]
