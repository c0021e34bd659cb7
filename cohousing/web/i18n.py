"""Which language and time zone a page is shown in."""

from flask import current_app, g, has_request_context, request, session
from flask_login import current_user

LANGUAGE_NAMES = {"it": "Italiano", "en": "English"}


def _household():
    tablet = g.get("tablet")
    return g.get("household") or (tablet.household if tablet is not None else None)


def select_locale() -> str:
    """The person's own choice, then the household's language, then the browser's.

    A resident without a choice gets their household's language (not what someone else
    picked on the shared tablet); staff without a choice keep what they picked before
    signing in. Outside a request (the CLI) the default language.
    """
    languages = current_app.config["LANGUAGES"]
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():
        return default
    resident = g.get("resident")
    if resident is not None:
        if resident.preferred_language in languages:
            return resident.preferred_language
    elif current_user.is_authenticated:
        if current_user.preferred_language in languages:
            return current_user.preferred_language
        if session.get("lang") in languages:
            return session["lang"]
    elif session.get("lang") in languages:
        return session["lang"]
    household = _household()
    if household is not None and household.locale in languages:
        return household.locale
    return request.accept_languages.best_match(languages) or default


def select_timezone() -> str:
    household = _household()
    if household is not None:
        return household.timezone
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]
