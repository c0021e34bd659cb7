"""Staff forms: signing in, setting a password, and the form an admin fills to create an
account. Validation only."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from cohousing.staff.models import Role
from cohousing.staff.services import MIN_PASSWORD
from cohousing.web.forms import OnceForm
from cohousing.web.i18n import LANGUAGE_NAMES

ROLE_LABELS = {
    Role.ADMIN: _l("Installation administrator"),
    Role.ORG_ADMIN: _l("Organisation administrator"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.WORKER: _l("Worker"),
}

CREATABLE_ROLES = (Role.WORKER, Role.COORDINATOR, Role.ORG_ADMIN)


class StaffForm(OnceForm):
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
            "A worker follows the households linked to them. "
            "An organisation administrator also manages its staff and settings."
        ),
    )
    organisation = SelectField(
        _l("Organisation"),
        choices=[],
        validators=[Optional()],
        description=_l("The organisation the person works for."),
    )

    def set_organisation_choices(self, organisations) -> None:
        """Only the installation admin chooses; an organisation admin creates in their own."""
        self.organisation.choices = [SelectChoice(str(o.id), o.name) for o in organisations]

    preferred_language = SelectField(
        _l("Language"),
        choices=[
            SelectChoice("", _l("As their browser says")),
            *(SelectChoice(code, name, {"lang": code}) for code, name in LANGUAGE_NAMES.items()),
        ],
        default="it",
    )


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Sign in"))


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(),
            Length(
                min=MIN_PASSWORD,
                max=200,
                message=_l("Use at least %(num)d characters.", num=MIN_PASSWORD),
            ),
        ],
        description=_l("At least 10 characters. A short sentence is easy to remember."),
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )
    submit = SubmitField(_l("Save the password"))


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code"),
        validators=[DataRequired(_l("Type the code.")), Length(max=40)],
        description=_l("The 6 digits your authenticator app shows, or one of your recovery codes."),
    )
    submit = SubmitField(_l("Continue"))


class SetupCodeForm(FlaskForm):
    code = StringField(
        _l("Code from the app"),
        validators=[DataRequired(_l("Type the code.")), Length(max=40)],
        description=_l("After scanning, the app shows 6 digits that change every 30 seconds."),
    )


class ProviderForm(FlaskForm):
    name = StringField(
        _l("Name on the sign-in button"),
        validators=[DataRequired(_l("Enter a name.")), Length(max=80)],
        description=_l("For example ARPA Regione Toscana."),
    )
    issuer = StringField(
        _l("Issuer address"),
        validators=[
            DataRequired(_l("Enter the issuer's https address, as the provider gives it.")),
            Length(max=300),
        ],
        description=_l(
            "The provider's address; its settings are read from /.well-known/openid-configuration."
        ),
    )
    client_id = StringField(
        _l("Client id"),
        validators=[
            DataRequired(_l("Enter the client id the provider gave you.")),
            Length(max=200),
        ],
    )
    client_secret = PasswordField(
        _l("Client secret"),
        validators=[Length(max=500)],
        description=_l("Kept encrypted and never shown again. Leave empty to keep the saved one."),
    )
    scopes = StringField(_l("Scopes"), default="openid email profile", validators=[Length(max=200)])
    enabled = BooleanField(_l("Staff can sign in with it"), default=True)
