"""The organisation admin's form for a new API token: validation of what was typed only;
the rules (a name, a scope, an expiry within a year) are in `services.tokens`."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from cohousing.api.models import Scope
from cohousing.web.forms import BoundedDateField, MultiCheckboxField, OnceForm

SCOPE_LABELS = {
    Scope.HOUSEHOLDS: _l("Households, dwellings and leases, and who lived there when"),
    Scope.RESIDENTS: _l("Residents' names"),
    Scope.VISITS: _l("Visits: date, kind, professional, areas rated (never the notes)"),
    Scope.MONEY: _l("Contributions and arrears"),
    Scope.AGGREGATES: _l("Wellbeing per household and day, hidden below three residents"),
}


class TokenForm(OnceForm):
    name = StringField(
        _l("Name"),
        validators=[Length(max=80)],
        description=_l('The system that will use it: "Cartella sociale regionale".'),
    )
    scopes = MultiCheckboxField(
        _l("What it may read"),
        choices=[SelectChoice(scope.value, label) for scope, label in SCOPE_LABELS.items()],
    )
    expires_on = BoundedDateField(_l("Works until"), description=_l("At most one year."))
