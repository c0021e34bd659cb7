"""The admin's filter for the access register (GET form: no CSRF, nothing changes)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional


def int_or_none(value) -> int | None:
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    staff = SelectField(_l("Who"), coerce=int_or_none, validate_choice=False)
    household = SelectField(_l("Household"), coerce=int_or_none, validate_choice=False)
    person = SelectField(_l("Resident"), coerce=int_or_none, validate_choice=False)
    action = SelectField(_l("What"), validate_choice=False)
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("Until"), validators=[Optional()])
