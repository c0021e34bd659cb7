"""The erasure's confirmation: a box the coordinator ticks, having read what will go."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField
from wtforms.validators import DataRequired

from cohousing.web.forms import BaseForm


class EraseForm(BaseForm):
    confirm = BooleanField(
        _l("I have read what will be deleted, and the person asked for it"),
        validators=[DataRequired(_l("Tick the box to confirm the erasure."))],
    )
