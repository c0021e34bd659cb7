"""The access register: writing rows and reading them (`register`), and saying them in
words in the reader's language (`words`)."""

from cohousing.audit.services.register import (
    EXPORT_LIMIT,
    PAGE_SIZE,
    WHAT_LOOKED,
    AuditFilter,
    FilterChoices,
    Look,
    actions,
    csv_text,
    filter_choices,
    looks_at,
    maintain_register,
    page_of,
    record,
    record_views,
    safe_cell,
)
from cohousing.audit.services.words import (
    ACTION_WORDS,
    ROLE_WORDS,
    action_words,
    detail_words,
    role_words,
)

__all__ = [
    "ACTION_WORDS",
    "EXPORT_LIMIT",
    "PAGE_SIZE",
    "ROLE_WORDS",
    "WHAT_LOOKED",
    "AuditFilter",
    "FilterChoices",
    "Look",
    "action_words",
    "actions",
    "csv_text",
    "detail_words",
    "filter_choices",
    "looks_at",
    "maintain_register",
    "page_of",
    "record",
    "record_views",
    "role_words",
    "safe_cell",
]
