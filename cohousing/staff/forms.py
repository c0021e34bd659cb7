"""The form an admin fills to create a staff account: validation only."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length

from cohousing.i18n import LANGUAGE_NAMES
from cohousing.people.models import Role

ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.WORKER: _l("Worker"),
}

CREATABLE_ROLES = (Role.WORKER, Role.COORDINATOR)


class StaffForm(FlaskForm):
    email = EmailField(
        _l("Email"),
        validators=[
            DataRequired(_l("Enter an email address.")),
            Email(_l("Enter a valid email address.")),
            Length(max=254),
        ],
        description=_l("They sign in with this address."),
    )
    display_name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Enter a name.")), Length(max=120)],
        description=_l("As colleagues and residents know them."),
    )
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice(role.value, ROLE_LABELS[role]) for role in CREATABLE_ROLES],
        default=Role.WORKER.value,
        validators=[DataRequired()],
        description=_l(
            "A coordinator sets up households, residents, workers and tablets. "
            "A worker follows the households linked to them."
        ),
    )
    preferred_language = SelectField(
        _l("Language"),
        choices=[
            SelectChoice("", _l("As their browser says")),
            *(SelectChoice(code, name, {"lang": code}) for code, name in LANGUAGE_NAMES.items()),
        ],
        default="it",
    )
    submission_id = HiddenField()
