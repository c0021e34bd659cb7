"""Which language and time zone a page is shown in, and translations found once per request."""

from datetime import date
from functools import lru_cache

import flask_babel
from babel import Locale
from babel.support import Translations
from flask import current_app, g, has_app_context, has_request_context, request, session
from flask_babel import Domain, get_locale, get_translations
from flask_login import current_user

from cohousing.web.moments import moment, moment_day

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


# --- translations and formats looked up once per request and locale ----------------------
#
# flask_babel finds the translations again on every `_()`: the request context, the domain,
# the locale (and its name), then its cache, about 7 µs a call; a staff dashboard makes
# seven hundred. The domain below remembers the translations of the request's locale on
# the request itself, and the templates' `_()` reads them from there in one lookup. A change
# of locale inside a request (`force_locale`, `refresh`) gives a new locale object, so the
# remembered translations are used only while it is the same one.


def _remembered(ctx) -> Translations | None:
    remembered = getattr(ctx, "cohousing_translations", None)
    if remembered is not None and remembered[0] is getattr(ctx, "babel_locale", None):
        return remembered[1]
    return None


class RequestDomain(Domain):
    """flask_babel's default domain, remembering the request's translations per locale."""

    def get_translations(self):
        ctx = g.get("_flask_babel") if g else None
        if ctx is not None and (found := _remembered(ctx)) is not None:
            return found
        translations = super().get_translations()
        ctx = g.get("_flask_babel") if g else None
        if ctx is not None and getattr(ctx, "babel_locale", None) is not None:
            ctx.cohousing_translations = (ctx.babel_locale, translations)
        return translations


def _translations():
    ctx = g.get("_flask_babel")
    found = _remembered(ctx) if ctx is not None else None
    return found if found is not None else get_translations()


@lru_cache(maxsize=4096)
def _date_text(locale: Locale, day: date, format: str | None) -> str:
    return flask_babel.format_date(day, format)


def dateformat(value, format: str | None = None, rebase: bool = True) -> str:
    """The `dateformat` filter: a plain date is formatted once per locale and format."""
    if type(value) is date and has_request_context():
        return _date_text(get_locale(), value, format)
    return flask_babel.format_date(value, format, rebase)


def in_language(msgid: str, locale: str) -> str:
    """`msgid` in a household's language (a demo's text, a new house's chores), whatever
    the reader's; the English msgid outside an app."""
    if not has_app_context():
        return msgid
    with flask_babel.force_locale(locale):
        return flask_babel.gettext(msgid)


def init_request_translations(app, babel) -> None:
    """Use the remembering domain, and let the templates' `_()` read it directly."""
    babel.__dict__["domain_instance"] = RequestDomain()  # a cached_property of Babel
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
    )
    app.jinja_env.filters["dateformat"] = dateformat
    app.jinja_env.filters["moment"] = moment
    app.jinja_env.filters["moment_day"] = moment_day
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["weekday_name"] = weekday_name


def weekday_names() -> list[tuple[int, str]]:
    """(0 for Monday ... 6, the name) in the reader's language, from Babel."""
    names = get_locale().days["format"]["wide"]
    return [(day, names[day]) for day in range(7)]


def weekday_name(day: int) -> str:
    return get_locale().days["format"]["wide"][day]


def number(value, decimals: int = 1) -> str:
    """A number as the reader writes it ("3,9", "12,5"): at most `decimals` after the point."""
    if value is None:
        return ""
    pattern = "#,##0." + "#" * decimals if decimals else "#,##0"
    return flask_babel.format_decimal(value, pattern)
