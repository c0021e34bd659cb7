"""Which language and time zone a page is shown in."""

from flask import current_app, g, request, session
from flask_login import current_user

LANGUAGE_NAMES = {"it": "Italiano", "en": "English"}


def select_locale() -> str:
    """The person's own choice, then the household's language, then the browser's."""
    languages = current_app.config["LANGUAGES"]
    resident = g.get("resident")
    if resident is not None and resident.preferred_language in languages:
        return resident.preferred_language
    if current_user and current_user.is_authenticated:
        if current_user.preferred_language in languages:
            return current_user.preferred_language
    if session.get("lang") in languages:
        return session["lang"]
    tablet = g.get("tablet")
    household = g.get("household") or (tablet.household if tablet is not None else None)
    if household is not None and household.locale in languages:
        return household.locale
    return request.accept_languages.best_match(languages) or languages[0]


def select_timezone() -> str:
    tablet = g.get("tablet")
    household = g.get("household") or (tablet.household if tablet is not None else None)
    if household is not None:
        return household.timezone
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]
