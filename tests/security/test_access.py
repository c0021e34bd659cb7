"""Access in one place: every route has a rule, the rest is refused, household scope is 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Blueprint
from flask_login import login_user
from werkzeug.exceptions import NotFound

from cohousing.extensions import db
from cohousing.households.models import WorkerLink
from cohousing.security import (
    MANAGERS,
    STAFF_ADMINS,
    open_household,
    public,
    staff_required,
)
from cohousing.security.access import access_rule
from cohousing.staff.models import Role

# Every endpoint anyone may open without signing in. Adding one here is a decision:
# say in the review why it must be public.
PUBLIC_ENDPOINTS = {
    "static",
    "people.home",  # sends each visitor on to where they belong
    "people.set_language",
    "staff.login",
    "staff.logout",
    "staff.set_password_from_link",  # the signed one-time token is the permission
    # The steps between a right password and a session: they act only for the pending
    # sign-in the session holds (the account, its password's fingerprint, 5 minutes), or
    # for the signed-in staff member themselves (two-step set-up).
    "staff.code",
    "staff.two_factor",
    "staff.two_factor_start",
    "staff.two_factor_confirm",
    # Signing in through an identity provider: the state kept in the session (and the
    # provider's signed ID token) is the permission; nothing is loaded by a URL id.
    "staff.provider_start",
    "staff.provider_callback",
    "staff.provider_continue",
    "tablet.enrol",  # a tablet types its one-time code before it is anyone's
    "tablet.manifest",  # the web-app manifest a browser fetches to install the tablet app
    "chores.calendar_feed",  # the secret, revocable token in the URL is the permission
    # A load balancer probes these without signing in; they name no record, load nobody,
    # write nothing and answer only "ok" or which part is not ready (web.health).
    "health.healthz",
    "health.readyz",
    # The API's OpenAPI document and its reading page: they describe the API, hold no data
    # (every call they describe needs a token).
    "api.openapi",
    "api.docs",
}


# Staff pages about one's own sign-in, not other people's accounts.
OWN_SIGN_IN = {"staff.two_factor_off"}  # coordinators and workers (admins must keep it)


def _endpoints(app) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules()}


def test_every_endpoint_has_an_access_rule(app):
    with app.test_request_context():
        missing = sorted(e for e in _endpoints(app) if access_rule(e) is None)
    assert missing == [], f"endpoints without an access rule: {missing}"


def test_public_endpoints_are_exactly_the_listed_ones(app):
    with app.test_request_context():
        public_now = {e for e in _endpoints(app) if access_rule(e).kind == "public"}
    assert public_now == PUBLIC_ENDPOINTS, (
        f"new public: {sorted(public_now - PUBLIC_ENDPOINTS)}; "
        f"no longer public: {sorted(PUBLIC_ENDPOINTS - public_now)}"
    )


def test_staff_admin_pages_are_for_admins_only(app):
    with app.test_request_context():
        rules = {
            e: access_rule(e)
            for e in _endpoints(app)
            if e.startswith("staff.") and e not in PUBLIC_ENDPOINTS | OWN_SIGN_IN
        }
    assert rules
    for endpoint, rule in rules.items():
        assert (rule.kind, rule.roles) == ("staff", frozenset(STAFF_ADMINS)), endpoint


def test_organisation_pages_are_for_the_installation_admin_or_the_organisation_admin(app):
    with app.test_request_context():
        rules = {e: access_rule(e) for e in _endpoints(app) if e.startswith("organisations.")}
    assert rules
    for endpoint, rule in rules.items():
        wanted = {Role.ORG_ADMIN} if endpoint == "organisations.settings" else {Role.ADMIN}
        assert (rule.kind, rule.roles) == ("staff", frozenset(wanted)), endpoint


def test_a_view_without_a_rule_is_refused(fresh_app):
    throwaway = Blueprint("throwaway", __name__)

    @throwaway.get("/throwaway/forgotten")
    def forgotten():
        return "should never be seen"

    @throwaway.get("/throwaway/open")
    @public
    def open_page():
        return "open to all"

    fresh_app.register_blueprint(throwaway)
    client = fresh_app.test_client()
    response = client.get("/throwaway/forgotten")
    assert response.status_code == 403
    assert "should never be seen" not in response.get_data(as_text=True)
    assert client.get("/throwaway/open").get_data(as_text=True) == "open to all"


# --- staff pages ---------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/staff/", "/staff/new", "/households/"])
def test_anonymous_users_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/auth/login?next=")
    assert url in response.headers["Location"]


def test_anonymous_htmx_gets_hx_redirect(client):
    response = client.htmx("get", "/staff/")
    assert response.status_code == 204
    assert response.headers["HX-Redirect"].startswith("/auth/login?next=")
    response = client.htmx("post", "/staff/new", data={})
    assert response.status_code == 204 and "HX-Redirect" in response.headers


@pytest.mark.parametrize("role", [Role.WORKER, Role.COORDINATOR])
def test_wrong_role_gets_403_on_admin_pages(client, login, make_staff, role):
    login(make_staff(role))
    response = client.get("/staff/")
    assert response.status_code == 403
    assert "This page is not for your role" in response.get_data(as_text=True)
    assert client.htmx("get", "/staff/").status_code == 403


# --- household scope ---------------------------------------------------------------------


def _scope_app(fresh_app):
    """A household page on a fresh app: the scope hands it the household it may open."""
    scoped = Blueprint("scoped", __name__)

    @scoped.get("/scoped/<int:household_id>")
    @staff_required()
    def show(household):
        return household.name

    fresh_app.register_blueprint(scoped)
    return fresh_app.test_client()


def _set_link(household, worker, started_days: int, ended_days: int | None) -> None:
    today = household.today()
    link = (
        db.session.query(WorkerLink).filter_by(household_id=household.id, worker_id=worker.id).one()
    )
    link.started_on = today + timedelta(days=started_days)
    link.ended_on = None if ended_days is None else today + timedelta(days=ended_days)
    db.session.commit()


@pytest.mark.parametrize(
    ("started", "ended", "status"),
    [
        (-30, None, 200),  # linked, open-ended
        (0, 1, 200),  # linked today only
        (-30, 0, 404),  # the link ended today: today is the first day without it
        (-30, -1, 404),  # ended yesterday
        (1, None, 404),  # starts tomorrow
    ],
)
def test_worker_opens_only_households_linked_today(
    fresh_app, login, worker, household, started, ended, status
):
    _set_link(household, worker, started, ended)
    client = _scope_app(fresh_app)
    login(worker, c=client)
    response = client.get(f"/scoped/{household.id}")
    assert response.status_code == status
    if status == 200:
        assert response.get_data(as_text=True) == "Casa Serena"
    else:
        assert "Page not found" in response.get_data(as_text=True)


def test_other_households_and_unknown_ids_are_404_not_403(
    fresh_app, login, worker, household, other_household
):
    client = _scope_app(fresh_app)
    login(worker, c=client)
    assert client.get(f"/scoped/{other_household.id}").status_code == 404
    assert client.get("/scoped/999999").status_code == 404


@pytest.mark.parametrize("role", MANAGERS)
def test_managers_open_every_household(fresh_app, login, make_staff, other_household, role):
    client = _scope_app(fresh_app)
    login(make_staff(role), c=client)
    assert client.get(f"/scoped/{other_household.id}").get_data(as_text=True) == "Casa Altrove"


def test_open_household_without_http(app, worker, household, other_household):
    with app.test_request_context():
        login_user(worker)
        assert open_household(household.id) is household
        with pytest.raises(NotFound):
            open_household(other_household.id)
