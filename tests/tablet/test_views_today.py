"""The resident's today screen, the lock, idle expiry, staff on a tablet, the manifest."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

from PIL import Image
from sqlalchemy import func, select

from cohousing.extensions import db
from cohousing.households.services import move_out
from cohousing.tablet.models import Tablet

COOKIE = "cohousing_tablet"


def tablets() -> int:
    return db.session.scalar(select(func.count(Tablet.id)))


def set_cookie_header(response) -> str:
    return " ".join(v for v in response.headers.getlist("Set-Cookie") if v.startswith(COOKIE))


# --- the resident's today screen, the lock and idle expiry -----------------------------


def test_today_shows_the_resident_switch_and_honest_sections(
    resident_client, household, anna_bianchi
):
    client = resident_client(household, anna_bianchi, "1234")
    response = client.get("/tablet/today")
    html = response.data.decode()
    assert response.status_code == 200 and "Hello, Anna Bianchi" in html
    assert "Not you? Switch" in html and 'action="/tablet/lock"' in html
    # The day's sections, check-in and help first.
    headings = [
        "How are you today?",
        "I need help",
        "My chores today",
        "Money: who gives whom",
    ]
    positions = [html.find(h) for h in headings]
    assert all(p > 0 for p in positions) and positions == sorted(positions), positions
    assert 'data-idle-seconds="60"' in html and 'id="still-there"' in html
    assert response.headers["Cache-Control"] == "no-store"
    assert 'rel="manifest"' in html and "js/tablet.js" in html


def test_switch_signs_out_and_goes_back_to_the_faces(resident_client, household, anna_bianchi):
    client = resident_client(household, anna_bianchi, "1234")
    response = client.post("/tablet/lock")
    assert response.status_code == 303 and response.headers["Location"] == "/tablet/"
    assert client.get("/tablet/today").headers["Location"] == "/tablet/"
    htmx = resident_client(household, anna_bianchi, "1234", client=client).post(
        "/tablet/lock", headers={"HX-Request": "true"}
    )
    assert htmx.headers["HX-Redirect"] == "/tablet/"


def test_server_expires_an_idle_resident_session(resident_client, household, anna_bianchi, clock):
    client = resident_client(household, anna_bianchi, "1234")
    clock.advance(timedelta(seconds=70))
    assert client.get("/tablet/today").status_code == 200  # within 60 s + 15 s: still open
    clock.advance(timedelta(seconds=70))
    assert client.post("/tablet/awake").status_code == 204  # the page pinged: still open
    clock.advance(timedelta(seconds=76))
    assert client.get("/tablet/today").headers["Location"] == "/tablet/"
    assert client.get("/tablet/today").headers["Location"] == "/tablet/"


def test_idle_time_is_per_household(resident_client, household, anna_bianchi, clock):
    household.tablet_idle_seconds = 20
    db.session.commit()
    client = resident_client(household, anna_bianchi, "1234")
    clock.advance(timedelta(seconds=36))
    assert client.get("/tablet/today").headers["Location"] == "/tablet/"


def test_a_resident_who_moved_out_is_signed_out(resident_client, household, anna_bianchi, clock):
    client = resident_client(household, anna_bianchi, "1234")
    move_out(household, anna_bianchi.id, household.today())
    db.session.commit()
    assert client.get("/tablet/today").headers["Location"] == "/tablet/"


def test_resident_cannot_open_staff_pages(resident_client, household, anna_bianchi):
    client = resident_client(household, anna_bianchi, "1234")
    response = client.get("/households/")
    assert response.status_code in (302, 303, 403)
    assert "/auth/login" in response.headers.get("Location", "/auth/login")
    assert b"Casa Serena" not in response.data
    assert client.get(f"/tablet/households/{household.id}/enrol").status_code in (302, 303)


def test_resident_switches_their_own_language(resident_client, household, anna_bianchi):
    client = resident_client(household, anna_bianchi, "1234")
    client.post("/language", data={"lang": "en", "next": "/tablet/today"})
    db.session.refresh(anna_bianchi)
    assert anna_bianchi.preferred_language == "en"
    assert b'lang="en"' in client.get("/tablet/today").data


def test_staff_signed_in_on_a_tablet_get_no_resident_page(
    enrolled_client, login, coordinator, household, anna_bianchi
):
    client = enrolled_client(household)
    login(coordinator, c=client)
    picker = client.get("/tablet/")
    assert b"A staff member is signed in on this browser" in picker.data
    response = client.post(f"/tablet/pin/{anna_bianchi.id}", data={"pin": "1234"})
    assert response.status_code == 422 and b"Sign out first" in response.data
    assert client.get("/tablet/today").headers["Location"] == "/tablet/"


def test_staff_signing_in_ends_a_residents_session(
    resident_client, login, coordinator, household, anna_bianchi
):
    client = resident_client(household, anna_bianchi, "1234")
    login(coordinator, c=client)
    assert client.get("/tablet/today").headers["Location"] == "/tablet/"


def test_manifest_lets_the_tablet_run_full_screen(client):
    response = client.get("/tablet/manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    data = response.get_json()
    assert data["display"] == "fullscreen" and data["start_url"] == "/tablet/"
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}
    assert any(icon["purpose"] == "maskable" for icon in data["icons"])
    for icon in data["icons"]:
        response = client.get(icon["src"])
        try:
            assert response.status_code == 200 and response.mimetype == "image/png"
            size = Image.open(BytesIO(response.get_data())).size
        finally:
            response.close()
        assert f"{size[0]}x{size[1]}" == icon["sizes"]


def test_the_manifest_url_follows_its_content_and_language(client, household):
    """The page links the manifest by a hash of what it says in the reader's language: that
    URL is kept a year, so a revisit downloads only the page; an old or bare URL an hour."""
    import re

    links = {}
    for language in ("it", "en"):
        page = client.get("/tablet/enrol", headers={"Accept-Language": language})
        links[language] = re.search(r'rel="manifest" href="([^"]+)"', page.get_data(as_text=True))[
            1
        ]
        versioned = client.get(
            links[language].replace("&amp;", "&"), headers={"Accept-Language": language}
        )
        assert versioned.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert links["it"] != links["en"]  # the name on the home screen is translated
    for url in ("/tablet/manifest.webmanifest", "/tablet/manifest.webmanifest?v=0123456789"):
        assert client.get(url).headers["Cache-Control"] == "public, max-age=3600"


def test_today_gets_each_areas_part_from_the_view_not_from_template_globals(
    app, resident_client, household, anna_bianchi
):
    from flask import template_rendered

    client = resident_client(household, anna_bianchi, "1234")
    seen = []

    def remember(_app, template, context, **_extra):
        seen.append((template.name, context))

    template_rendered.connect(remember, app)
    try:
        assert client.get("/tablet/today").status_code == 200
    finally:
        template_rendered.disconnect(remember, app)
    (name, context), *_ = seen
    assert name == "tablet/today.html"
    assert context["resident"] == anna_bianchi
    for part in ("chores_today", "money_today", "checkin_today", "house_life_today"):
        assert part in context, part
    assert context["checkin_today"] is None  # no check-in yet today
    assert set(context["money_today"]) >= {"cents", "words"}
    assert {"unread", "polls", "help", "meeting"} <= set(context["house_life_today"])
