"""The admin's filter for the access register (GET form: no CSRF, nothing changes).

Every value is parsed the one way (`cohousing.web.parsing`): an id that is not one (2^63,
"²", text) or a date past 2200 is simply no filter, never a database error.
"""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import Optional

from cohousing.web.forms import BaseForm, BoundedDateField
from cohousing.web.parsing import parse_id


def id_or_none(value) -> int | None:
    return parse_id(value)


class AuditFilterForm(BaseForm):
    class Meta:
        csrf = False

    staff = SelectField(_l("Who"), coerce=id_or_none, validate_choice=False)
    household = SelectField(_l("Household"), coerce=id_or_none, validate_choice=False)
    person = SelectField(_l("Resident"), coerce=id_or_none, validate_choice=False)
    action = SelectField(_l("What"), validate_choice=False)
    since = BoundedDateField(_l("From"), validators=[Optional()])
    until = BoundedDateField(_l("Until"), validators=[Optional()])
