"""The issue's "done when", on the demo: Walter sees his households by urgency, opens a
summary with charts, logs a visit, and the resident sees on the tablet that he looked."""

from __future__ import annotations

from sqlalchemy import func, select

from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.people.models import Person
from cohousing.visits.models import Visit
from cohousing.wellbeing.models import Concern, ConcernKind


def run(app, *args: str):
    return app.test_cli_runner().invoke(args=["cohousing", *args])


def test_the_demo_worker_follows_up_and_the_resident_sees_it(app, client, resident_client):
    output = run(app, "demo").output
    assert "check-visits" in output
    result = run(app, "check-visits")
    assert result.exit_code == 0, result.output
    assert "1 overdue visit concern(s) raised" in result.output
    assert "0 overdue visit concern(s) raised" in run(app, "check-visits").output
    assert (
        db.session.scalar(select(func.count(Concern.id)).filter_by(kind=ConcernKind.OVERDUE_VISIT))
        == 1
    )

    client.post(
        "/auth/login", data={"email": "walter@example.org", "password": "Lucca-walter-demo"}
    )
    # The demo flat speaks Italian, and so do its pages for a worker who chose no language:
    # Walter picks English with the switch in the bar, as a worker reading English would.
    assert client.post("/language", data={"lang": "en", "next": "/dashboard/"}).status_code == 303
    html = client.get("/dashboard/").get_data(as_text=True)
    flat = db.session.scalar(select(Household).filter_by(name="Appartamento Via Elisa"))
    assert html.index(flat.name) < html.index("Casa Girasole")  # the late visit comes first
    assert "Casa dei Tigli" not in html  # Olga's household
    assert "1 goal past its review date" in html

    summary = client.get(f"/dashboard/households/{flat.id}").get_data(as_text=True)
    assert "Mood of Samuel Okafor, last 30 days" in summary and "<svg" in summary

    today = flat.today().isoformat()
    response = client.post(
        f"/households/{flat.id}/visits/new",
        data={
            "kind": "home",
            "visit_date": today,
            "visit_time": "09:30",
            "person_id": "",
            "home_tenancy_rating": "4",
            "home_tenancy_note": "Boiler fixed",
        },
    )
    assert response.status_code == 303
    assert db.session.scalar(select(func.count(Visit.id))) == 3  # the demo's two, and this

    samuel = db.session.scalar(select(Person).filter_by(display_name="Samuel Okafor"))
    tablet = resident_client(flat, samuel, "4952")
    looked = tablet.get("/tablet/who-looked").get_data(as_text=True)
    assert "Walter Operatore (worker) looked at your check-ins in the household summary" in looked
    wrote = tablet.get("/tablet/workers-wrote").get_data(as_text=True)
    assert "Boiler fixed" in wrote and "Iscriversi a un corso di italiano" in wrote  # Italian house
    assert "le sere sono lunghe" in wrote  # the demo's visit about him alone
    marco = db.session.scalar(select(Person).filter_by(display_name="Marco Del Carlo"))
    housemate = resident_client(flat, marco, "3608").get("/tablet/workers-wrote")
    assert "Boiler fixed" in housemate.get_data(as_text=True)  # the house visit
    assert "le sere sono lunghe" not in housemate.get_data(as_text=True)
