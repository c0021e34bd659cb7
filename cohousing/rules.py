"""The one error a rule raises: what is wrong, by the form field it is about.

Services raise `RuleError`; views never decide rules, they only put the messages next to
the fields (`cohousing.web.forms.show_rule_error`) and answer 422 with what was typed.
"""

from __future__ import annotations

from collections.abc import Mapping

WHOLE_FORM = ""


class RuleError(Exception):
    """A rule refused the action. `errors` maps a field name ("" for the whole form) to a
    message, so one refusal can name several fields at once."""

    def __init__(
        self,
        message: object = None,
        field: str | None = None,
        *,
        errors: Mapping[str, object] | None = None,
    ) -> None:
        self.errors: dict[str, object] = dict(errors or {})
        if message is not None:
            self.errors.setdefault(field or WHOLE_FORM, message)
        if not self.errors:
            raise ValueError("a RuleError says what is wrong")
        super().__init__("; ".join(str(m) for m in self.errors.values()))

    @property
    def message(self) -> object:
        """The first message (most refusals have one)."""
        return next(iter(self.errors.values()))

    @property
    def field(self) -> str | None:
        """The field of the first message, None for the whole form."""
        return next(iter(self.errors)) or None
