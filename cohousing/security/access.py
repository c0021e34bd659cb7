"""Who may open what, decided in one place. Deny by default.

Every view carries an access rule set by one of the decorators below. A view without
one is refused, and a test walks the URL map so that no route ships without a rule.
Records of another household answer 404, so their existence does not leak.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask import abort, after_this_request, current_app, flash, g, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, logout_user
from sqlalchemy import Select, and_, false, or_, select

from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.models import Household, WorkerLink
from cohousing.security.household_read import household_and_links
from cohousing.security.scope import resolve_scope
from cohousing.staff.models import Role, StaffAccount
from cohousing.web.health import HEALTH_ENDPOINTS
from cohousing.web.htmx import htmx_redirect


@dataclass(frozen=True)
class Access:
    """The rule a view carries: public, staff with some roles, or a resident on a tablet."""

    kind: str  # "public" | "staff" | "device" | "resident" | "token"
    roles: frozenset[Role] = frozenset()
    scopes: frozenset[str] = frozenset()  # an API token's: all of them are needed
    register: str | None = None  # a health page: its register action (security.register)


def _mark(access: Access) -> Callable:
    def decorate(view: Callable) -> Callable:
        view.access = access  # type: ignore[attr-defined]
        return view

    return decorate


def public(view: Callable) -> Callable:
    """Open to anyone: sign-in, password links, tablet enrolment, static files."""
    return _mark(Access("public"))(view)


def staff_required(*roles: Role) -> Callable:
    """A signed-in staff member with one of `roles`; when none are given, every role that
    works with households (all but the installation admin, who sees organisations only)."""
    return _mark(Access("staff", frozenset(roles or HOUSEHOLD_STAFF)))


# Who manages their organisation's households; the installation admin (Role.ADMIN) sees
# organisations, never residents, so it is in none of these.
MANAGERS = (Role.ORG_ADMIN, Role.COORDINATOR)
HOUSEHOLD_STAFF = (*MANAGERS, Role.WORKER)
ADMINS = (Role.ORG_ADMIN,)  # an organisation's register and settings
STAFF_ADMINS = (Role.ADMIN, Role.ORG_ADMIN)  # staff accounts: all, or the organisation's
INSTALLATION_ADMINS = (Role.ADMIN,)  # organisations: creates them, sees their counts


def device_required(view: Callable) -> Callable:
    """An enrolled tablet, before anyone has picked themselves (the picker, the keypad)."""
    return _mark(Access("device"))(view)


def resident_required(view: Callable) -> Callable:
    """A resident who entered their PIN on their household's enrolled tablet."""
    return _mark(Access("resident"))(view)


def api_token_required(*scopes: str) -> Callable:
    """An organisation's system with a valid API token carrying every one of `scopes`
    (cohousing.api): no token or a revoked or expired one is 401, a missing scope 403, a
    household of another organisation 404."""
    return _mark(Access("token", scopes=frozenset(scopes)))


def access_rule(endpoint: str | None) -> Access | None:
    if endpoint is None:
        return None
    if endpoint == "static" or endpoint.endswith(".static") or endpoint in HEALTH_ENDPOINTS:
        return Access("public")
    from dataclasses import replace

    from cohousing.security.register import register_action

    view = current_app.view_functions.get(endpoint)
    rule = getattr(view, "access", None)
    action = register_action(endpoint)
    return replace(rule, register=action) if rule is not None and action else rule


STAFF_SEEN_EVERY = 60  # seconds: how often a busy staff session notes it is still in use


def _expire_idle_staff_session() -> None:
    if not current_user.is_authenticated:
        if "_user_id" in session:  # signed out elsewhere, or the working day is over
            session.clear()
            flash(_("Your session has ended. Please sign in again."), "info")
        return
    now = clock.now().timestamp()
    seen = session.get("staff_seen", now)
    if now - seen > current_app.config["STAFF_IDLE_TIMEOUT"].total_seconds():
        logout_user()
        session.clear()
        minutes = int(current_app.config["STAFF_IDLE_TIMEOUT"].total_seconds() // 60)
        flash(
            ngettext(
                "You were signed out after %(num)d minute without activity.",
                "You were signed out after %(num)d minutes without activity.",
                minutes,
            ),
            "info",
        )
        return
    if now - seen >= STAFF_SEEN_EVERY or "staff_seen" not in session:
        session["staff_seen"] = now  # a minute's precision: the cookie is not sent each time


def enforce_access():
    """before_request: identify who is asking, then apply the view's rule."""
    from cohousing.tablet.services import identify_device  # the tablet area owns devices

    if request.endpoint is None:
        return None  # no route: Flask answers 404 (or 405)
    rule = access_rule(request.endpoint)
    if request.endpoint == "static" or request.endpoint in HEALTH_ENDPOINTS:
        return None  # files and load-balancer probes: nobody to identify, nothing to load
    if rule is not None and rule.kind == "token":
        from cohousing.api.services import identify_token  # the API area owns its tokens

        identify_token()  # a system, not a browser: no session, no tablet
    else:
        _expire_idle_staff_session()
        identify_device()
    if rule is None:
        abort(403)
    refusal = _refusal(rule)
    if refusal is not None:
        return refusal
    if rule.kind != "public":
        resolve_scope(rule.kind, manage=rule.kind == "staff" and Role.WORKER not in rule.roles)
    return None


def _refusal(rule: Access):
    """Where the rule sends someone who may not open the view; None when they may."""
    if rule.kind == "public":
        return None
    if rule.kind == "staff":
        if not current_user.is_authenticated:
            return htmx_redirect(url_for("staff.login", next=request.full_path))
        if current_user.role not in rule.roles:
            abort(403)
        return None
    if rule.kind == "token":
        return _token_refusal(rule)
    if rule.kind in ("device", "resident"):
        if g.get("tablet") is None:
            return htmx_redirect(url_for("tablet.enrol"))
        if rule.kind == "resident" and g.get("resident") is None:
            return htmx_redirect(url_for("tablet.picker"))
        return None
    abort(403)


def _token_refusal(rule: Access) -> None:
    """An API call: no valid token is 401, a token without every scope needed 403."""
    token = g.get("api_token")
    if token is None:
        abort(401)
    if not rule.scopes <= token.scope_set:
        abort(403)


# --- household scope -----------------------------------------------------------------


def current_link_clause(on: date):
    return and_(
        WorkerLink.started_on <= on,
        or_(WorkerLink.ended_on.is_(None), WorkerLink.ended_on > on),
    )


def households_visible_to_staff() -> Select[tuple[Household]]:
    """The households the signed-in staff member may open, as a query to refine: a
    manager's organisation's; a worker's linked ones (of any organisation); for the
    installation admin, none."""
    query = select(Household)
    if current_user.role in MANAGERS:
        return query.where(Household.organisation_id == current_user.organisation_id)
    if current_user.role not in (Role.WORKER,):
        return query.where(false())
    on = clock.today_in(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    # IN over the worker's links, not a correlated EXISTS: SQLite would probe the links
    # once per household (50 ms at city scale) instead of once.
    linked = select(WorkerLink.household_id).where(
        WorkerLink.worker_id == current_user.id, current_link_clause(on)
    )
    return query.where(Household.id.in_(linked))


def households_visible_to_token() -> Select[tuple[Household]]:
    """The households an API call may read: its token's organisation's."""
    token = g.get("api_token")
    query = select(Household)
    if token is None:
        return query.where(false())
    return query.where(Household.organisation_id == token.organisation_id)


def manages_household(household: Household) -> bool:
    """A manager of the organisation that runs the household."""
    return (
        current_user.is_authenticated
        and current_user.role in MANAGERS
        and household.organisation_id == current_user.organisation_id
    )


def can_open_household(household: Household, links: list | None = None) -> bool:
    token = g.get("api_token")
    if token is not None:  # an API call: its organisation's households, nothing else
        return household.organisation_id == token.organisation_id
    resident_household_id = g.get("resident_household_id")
    if resident_household_id is not None:
        return household.id == resident_household_id
    if not current_user.is_authenticated:
        return False
    if manages_household(household):
        return True
    if current_user.role is not Role.WORKER:
        return False
    on = household.today()
    if links is not None:  # read with the household (`open_household`)
        return any(start <= on and (end is None or end > on) for start, end in links)
    return (
        db.session.scalar(
            select(WorkerLink.id).where(
                WorkerLink.household_id == household.id,
                WorkerLink.worker_id == current_user.id,
                current_link_clause(on),
            )
        )
        is not None
    )


def open_household(household_id: int, *, manage: bool = False) -> Household:
    """The one lookup every household URL goes through (from `scope`): unknown or not
    yours is 404, and a refused opening is kept in the register. A page that manages
    the household (`manage`) is for its own organisation's managers only."""
    household, links = household_and_links(household_id)
    if household is None:
        abort(404)
    allowed = manages_household(household) if manage else can_open_household(household, links)
    if not allowed:
        _record_refusal(household.id)
        abort(404)
    return household


def _record_refusal(household_id: int) -> None:
    """After the request has rolled back, the register keeps the refused opening alone."""
    from cohousing.security.register import caller_detail

    if (
        not current_user.is_authenticated
        and g.get("resident") is None
        and g.get("api_token") is None
    ):
        return
    path = caller_detail(request.path)
    g.refusal_recorded = True  # security.register writes no second row for it

    @after_this_request
    def write(response):
        from cohousing.audit.services import record

        db.session.rollback()
        record("access.refused", household_id=household_id, detail=path)
        db.session.commit()
        return response


def can_see_person(person) -> bool:
    """Staff who may open a household the person lives in now (managers: any household
    they ever lived in); a tablet of their household now. A photo follows the stay: the
    workers of a household the person moved out of no longer see it."""
    from cohousing.households.models import Membership
    from cohousing.households.services import current_membership_clause, is_current_resident

    tablet = g.get("tablet")
    if tablet is not None and g.get("resident") is None:
        return is_current_resident(person.id, tablet.household)
    stays = select(Membership.household_id).where(Membership.person_id == person.id)
    if not (current_user.is_authenticated and current_user.role in MANAGERS):
        on = clock.today_in(current_app.config["BABEL_DEFAULT_TIMEZONE"])
        stays = stays.where(current_membership_clause(on))
    for household_id in db.session.scalars(stays).all():
        household = db.session.get(Household, household_id)
        if household is not None and can_open_household(household):
            return True
    return False


def can_manage_households(household: Household | None = None) -> bool:
    """A manager; of `household`'s organisation when one is given (the page's)."""
    if household is None:
        household = g.get("household")
    if household is not None:
        return manages_household(household)
    return current_user.is_authenticated and current_user.role in MANAGERS


def workers_visible_to_staff(on: date) -> Select[tuple[StaffAccount]]:
    """Active workers a manager sees: their organisation's, and those of another linked to
    one of its households today (the household's organisation sees who is linked)."""
    linked = (
        select(WorkerLink.worker_id)
        .join(Household, Household.id == WorkerLink.household_id)
        .where(Household.organisation_id == current_user.organisation_id, current_link_clause(on))
    )
    query = select(StaffAccount).where(StaffAccount.role == Role.WORKER, StaffAccount.active)
    if current_user.role not in MANAGERS:
        return query.where(false())
    return query.where(
        or_(
            StaffAccount.organisation_id == current_user.organisation_id,
            StaffAccount.id.in_(linked),
        )
    )


def staff_visible_to_staff() -> Select[tuple[StaffAccount]]:
    """The staff accounts an admin manages: all for the installation admin, their
    organisation's for an organisation admin, none for anyone else."""
    query = select(StaffAccount)
    if current_user.role is Role.ADMIN:
        return query
    if current_user.role is Role.ORG_ADMIN:
        return query.where(StaffAccount.organisation_id == current_user.organisation_id)
    return query.where(false())


def can_manage_provider(provider) -> bool:
    """The installation admin: every sign-in service; an organisation admin: their own."""
    if not current_user.is_authenticated:
        return False
    if current_user.role is Role.ADMIN:
        return True
    return (
        current_user.role is Role.ORG_ADMIN
        and provider.organisation_id == current_user.organisation_id
    )


def can_manage_account(account: StaffAccount) -> bool:
    if not current_user.is_authenticated:
        return False
    if current_user.role is Role.ADMIN:
        return True
    return (
        current_user.role is Role.ORG_ADMIN
        and account.organisation_id == current_user.organisation_id
    )
