"""The installation admin's organisation form and an organisation admin's settings form.
Validation only: the rules are in services."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from cohousing.organisations.models import OrganisationKind
from cohousing.web.forms import BaseForm, BoundedIntegerField, OnceForm

KIND_LABELS = {
    OrganisationKind.MUNICIPALITY: _l("Municipality"),
    OrganisationKind.FOUNDATION: _l("Foundation"),
    OrganisationKind.HEALTH_AUTHORITY: _l("Health authority"),
    OrganisationKind.HOUSING_COMPANY: _l("Housing company"),
}


class OrganisationForm(OnceForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Enter a name.")), Length(max=120)],
        description=_l('As its staff know it: "Comune di Lucca".'),
    )
    kind = SelectField(
        _l("Kind"),
        choices=[SelectChoice(kind.value, label) for kind, label in KIND_LABELS.items()],
        default=OrganisationKind.MUNICIPALITY.value,
        validators=[DataRequired()],
    )


def _months(label):
    return BoundedIntegerField(
        label,
        validators=[Optional()],
        low=1,
        high=240,
        message=_l("Choose between 1 and %(num)d months.", num=240),
        description=_l("Months. Empty: the installation's default."),
    )


class SettingsForm(BaseForm):
    emergency_number = StringField(
        _l("Emergency number"),
        validators=[Optional(), Length(max=20)],
    )  # its hint names the installation's number (views._say_the_defaults)
    help_numbers = TextAreaField(
        _l("Local help numbers"),
        description=_l(
            'For all its households, after their own: one a line, "Night service: 0583 000 000".'
        ),
        validators=[Optional(), Length(max=1100)],
    )
    escalate_after_minutes = BoundedIntegerField(
        _l("Escalate an urgent concern after (minutes)"),
        validators=[Optional()],
        low=1,
        high=24 * 60,
        message=_l("Choose between 1 and %(num)d minutes.", num=24 * 60),
    )
    mail_from = EmailField(
        _l("Sender of its emails"),
        validators=[Optional(), Length(max=254)],
        description=_l("The From address of alerts about its households."),
    )
    retention_checkin_notes_months = _months(_l("Keep check-in notes for"))
    retention_checkin_scores_months = _months(_l("Keep daily check-in scores for"))
    retention_concerns_months = _months(_l("Keep resolved concerns for"))
    retention_visit_notes_months = _months(_l("Keep visit notes for"))
