"""The worker's filters on the "needs attention" list: a GET form (no CSRF, nothing
changes), so the filters live in the URL and work without JavaScript. A value no choice
offers is no filter, never an error."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SearchField, SelectField
from wtforms.validators import Length, Optional

from cohousing.households.services import KIND_LABELS
from cohousing.web.forms import BaseForm


class AttentionFilterForm(BaseForm):
    class Meta:
        csrf = False

    q = SearchField(_l("Search name or address"), validators=[Optional(), Length(max=100)])
    kind = SelectField(_l("Kind"), validate_choice=False)
    concerns = BooleanField(_l("Open concerns"))
    overdue = BooleanField(_l("Visit overdue"))
    worker = SelectField(_l("Caseload of"), validate_choice=False)

    def fill_choices(self, workers) -> None:
        self.kind.choices = [("", _l("Every kind"))] + [
            (kind.value, label) for kind, label in KIND_LABELS.items()
        ]
        self.worker.choices = [("", _l("All households"))] + [
            (str(w.id), w.display_name) for w in workers
        ]
