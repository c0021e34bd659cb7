"""Translations and formats are looked up once per request and locale, and still follow a
change of language inside the request (`force_locale`, `refresh`)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import flask_babel
from babel.dates import format_date as babel_format_date
from babel.numbers import format_currency
from flask import render_template_string
from flask_babel import Domain, force_locale, gettext, refresh

from cohousing.web.amounts import as_decimal, format_amount


def test_the_translations_are_found_once_per_request(app, monkeypatch):
    found = []
    real = Domain.get_translations

    def counting(self):
        found.append(1)
        return real(self)

    monkeypatch.setattr(Domain, "get_translations", counting)
    with app.test_request_context("/", headers={"Accept-Language": "it"}):
        page = render_template_string(
            "{% for i in range(300) %}{{ _('You are even') }}|{% endfor %}"
        )
        assert page.count("Sei in pari") == 300
        assert [gettext("You are even") for _ in range(50)][-1] == "Sei in pari"
    assert len(found) == 1  # flask_babel's own lookup, once; the rest are remembered


def test_a_change_of_language_inside_the_request_is_followed(app):
    template = "{{ _('You are even') }}"
    with app.test_request_context("/", headers={"Accept-Language": "it"}):
        assert render_template_string(template) == "Sei in pari"
        with force_locale("en"):
            assert render_template_string(template) == "You are even"
            assert gettext("You are even") == "You are even"
        assert render_template_string(template) == "Sei in pari"
        assert gettext("You are even") == "Sei in pari"
        refresh()
        assert gettext("You are even") == "Sei in pari"


def test_amounts_and_dates_are_written_as_babel_writes_them(app):
    day, moment = date(2026, 3, 7), datetime(2026, 3, 7, 23, 30, tzinfo=UTC)
    for language in ("it", "en"):
        with app.test_request_context("/", headers={"Accept-Language": language}):
            locale = flask_babel.get_locale()
            for cents in (0, 5, 123456, -250, 10_000_000):
                expected = format_currency(as_decimal(cents), "EUR", locale=locale)
                assert format_amount(cents) == format_amount(cents) == expected
            filter_ = app.jinja_env.filters["dateformat"]
            assert filter_(day, "medium") == babel_format_date(day, "medium", locale=locale)
            assert filter_(moment, "medium") == flask_babel.format_date(moment, "medium")
            with force_locale("it" if language == "en" else "en"):
                other = flask_babel.get_locale()
                assert filter_(day, "medium") == babel_format_date(day, "medium", locale=other)
