"""Moments and numbers as people say them, with the clock set: "oggi alle 7:11", "ieri",
"3 dic", never seconds or a time-zone name; "3,9", not "3.9", in Italian."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask import render_template_string
from flask_babel import force_locale

from cohousing.database import clock
from cohousing.web.i18n import number
from cohousing.web.moments import moment

NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)  # 11:00 in Rome


@pytest.mark.parametrize(
    ("at", "italian", "english"),
    [
        (datetime(2026, 12, 3, 6, 11, 42, tzinfo=UTC), "oggi alle 7:11", "today at 7:11\u202fAM"),
        (datetime(2026, 12, 2, 17, 30, tzinfo=UTC), "ieri alle 18:30", "yesterday at 6:30\u202fPM"),
        (datetime(2026, 12, 4, 8, 0, tzinfo=UTC), "domani alle 9:00", "tomorrow at 9:00\u202fAM"),
        (datetime(2026, 11, 20, 8, 5, tzinfo=UTC), "20 nov alle 9:05", "20 Nov at 9:05\u202fAM"),
        (
            datetime(2025, 12, 3, 8, 5, tzinfo=UTC),
            "3 dic 2025 alle 9:05",
            "3 Dec 2025 at 9:05\u202fAM",
        ),
        # late evening in UTC is already tomorrow in Rome: the reader's day counts
        (datetime(2026, 12, 2, 23, 30, tzinfo=UTC), "oggi alle 0:30", "today at 12:30\u202fAM"),
    ],
)
def test_a_moment_reads_as_people_say_it(app, at, italian, english):
    with app.test_request_context(), clock.frozen_at(NOW):
        with force_locale("it"):
            assert moment(at) == italian
        with force_locale("en"):
            assert moment(at) == english


def test_a_day_alone_and_nothing(app):
    with app.test_request_context(), clock.frozen_at(NOW), force_locale("it"):
        assert moment(date(2026, 12, 2)) == "ieri"
        assert moment(datetime(2026, 12, 1, 9, 0, tzinfo=UTC), with_time=False) == "1 dic"
        assert moment(None) == ""


def test_the_filter_shows_no_seconds_and_no_zone(app):
    with app.test_request_context(), clock.frozen_at(NOW), force_locale("it"):
        html = render_template_string(
            "{{ at|moment }}", at=datetime(2026, 11, 3, 6, 11, 59, tzinfo=UTC)
        )
    assert html == "3 nov alle 7:11"


def test_numbers_follow_the_locale(app):
    with app.test_request_context():
        with force_locale("it"):
            assert (number(3.94), number(12.5), number(4.0), number(1234.5)) == (
                "3,9",
                "12,5",
                "4",
                "1.234,5",
            )
            assert render_template_string("{{ 3.25|number(2) }}") == "3,25"
        with force_locale("en"):
            assert number(3.94) == "3.9"


def test_a_text_in_the_households_language_whoever_reads(app):
    """The demo writes an Italian house's notes in Italian, an English one's in English."""
    from cohousing.web.i18n import in_language

    with app.test_request_context(), force_locale("en"):
        assert (
            in_language("Cook dinner twice a week", "it")
            == "Cucinare la cena due volte a settimana"
        )
        assert in_language("Cook dinner twice a week", "en") == "Cook dinner twice a week"
