"""The issue's "done when", on the demo: two concerns reach the linked worker only."""

from __future__ import annotations

from sqlalchemy import select

from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.people.models import Person
from cohousing.wellbeing.models import Concern, ConcernKind, ConcernStatus


def run(app, *args: str):
    return app.test_cli_runner().invoke(args=["cohousing", *args])


def test_demo_scan_and_help_reach_the_linked_worker_who_resolves_them(
    app, mailbox, client, resident_client
):
    output = run(app, "demo").output
    assert "cohousing scan" in output
    result = run(app, "scan")
    assert result.exit_code == 0, result.output
    assert "1 concern(s) raised" in result.output
    missed = db.session.scalar(select(Concern))
    marco = db.session.scalar(select(Person).filter_by(display_name="Marco Del Carlo"))
    assert (missed.kind, missed.person_id) == (ConcernKind.MISSED_CHECKINS, marco.id)
    assert "0 concern(s) raised" in run(app, "scan").output  # never twice

    flat = db.session.scalar(select(Household).filter_by(name="Appartamento Via Elisa"))
    samuel = db.session.scalar(select(Person).filter_by(display_name="Samuel Okafor"))
    tablet = resident_client(flat, samuel, "4952")
    assert tablet.post("/tablet/wellbeing/help", data={"submission_id": "demo"}).status_code == 303
    help_request = db.session.scalar(select(Concern).filter_by(kind=ConcernKind.HELP_REQUEST))
    assert [m["To"] for m in mailbox.messages] == ["walter@example.org"]  # urgent: at once

    result = run(app, "send-digests")
    assert "1 digest email(s) sent" in result.output
    assert [m["To"] for m in mailbox.messages] == ["walter@example.org"] * 2

    olga = app.test_client()
    olga.post("/auth/login", data={"email": "olga@example.org", "password": "Lucca-olga-demo"})
    for concern in (missed, help_request):
        assert olga.get(f"/concerns/{concern.id}").status_code == 404

    client.post(
        "/auth/login", data={"email": "walter@example.org", "password": "Lucca-walter-demo"}
    )
    for concern in (missed, help_request):
        assert client.post(f"/concerns/{concern.id}/acknowledge").status_code == 303
        response = client.post(f"/concerns/{concern.id}/resolve", data={"note": "Visited."})
        assert response.status_code == 303
        assert concern.status is ConcernStatus.RESOLVED


def test_scan_at_a_given_moment_and_a_bad_moment(app, make_household, worker, clock):
    from datetime import UTC, datetime

    from cohousing.households.models import HouseholdKind

    make_household("Flat", HouseholdKind.SUPPORTED_LIVING, workers=(worker,))
    assert "0 concern(s) raised" in run(app, "scan", "--at", "2026-11-26T12:00").output
    assert clock.now() == datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # the clock is given back
    assert "2 concern(s) raised" in run(app, "scan", "--at", "2026-11-28T12:00+01:00").output
    result = run(app, "scan", "--at", "next tuesday")
    assert result.exit_code != 0 and "--at" in result.output
