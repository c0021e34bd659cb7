"""The language switch: validation only."""

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField


class LanguageForm(FlaskForm):
    lang = StringField()
    next = HiddenField()

    def language(self) -> str | None:
        """The chosen language when it is one the app speaks, otherwise None."""
        lang = self.lang.data or ""
        return lang if lang in current_app.config["LANGUAGES"] else None
