"""Signing in through an identity provider (OpenID Connect): to the provider, back (the
callback checks everything and writes nothing, as every GET), then one button that signs
in. The provider's own logout is offered at sign-out (sign_in.logout).

Every failure is a message on the sign-in page and no session: never a 500.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from cohousing.database import clock
from cohousing.security import public
from cohousing.staff import bp
from cohousing.staff.services import oidc
from cohousing.staff.services.providers import enabled_provider
from cohousing.staff.views.sign_in import PROVIDER_LOGOUT, begin_session, remember_device
from cohousing.web.parsing import parse_id
from cohousing.web.urls import safe_next

log = logging.getLogger(__name__)

FLOW = "oidc_flow"  # the provider being signed in with, and where to go after
VERIFIED = "oidc_identity"  # what the callback checked, until the button is pressed
VERIFIED_FOR = timedelta(minutes=5)


def _down(provider) -> None:
    flash(
        _(
            "The sign-in service %(name)s does not answer right now. Try again in a few "
            "minutes, or sign in with your password if you have one.",
            name=provider.name,
        ),
        "error",
    )


@bp.get("/auth/provider")
@public
def provider_start():
    provider = enabled_provider(parse_id(request.args.get("provider", "")))
    if provider is None:
        abort(404)
    session[FLOW] = {"provider": provider.id, "next": safe_next(request.args.get("next"))}
    try:
        return oidc.begin(provider, url_for("staff.provider_callback", _external=True))
    except oidc.ProviderDown:
        _down(provider)
    except oidc.Refused as refused:
        log.info("sign-in with provider %s refused: %s", provider.id, refused.reason)
        flash(refused.message, "error")
    return redirect(url_for("staff.login"), 303)


@bp.get("/auth/provider/callback")
@public
def provider_callback():
    flow = session.get(FLOW) or {}
    provider = enabled_provider(flow.get("provider") if isinstance(flow, dict) else None)
    session.pop(VERIFIED, None)
    if provider is None:
        flash(_("Please sign in again."), "info")
        return redirect(url_for("staff.login"), 303)
    try:
        identity = oidc.finish(provider, url_for("staff.login", _external=True))
    except oidc.ProviderDown:
        _down(provider)
        return redirect(url_for("staff.login"), 303)
    except oidc.Refused as refused:
        log.info("sign-in with provider %s refused: %s", provider.id, refused.reason)
        flash(refused.message, "error")
        return redirect(url_for("staff.login"), 303)
    session[VERIFIED] = {**dataclasses.asdict(identity), "at": clock.now().timestamp()}
    return redirect(url_for("staff.provider_continue"), 303)


def _verified() -> tuple[object, oidc.Identity] | None:
    data = session.get(VERIFIED)
    if not isinstance(data, dict):
        return None
    if clock.now().timestamp() - float(data.get("at", 0)) > VERIFIED_FOR.total_seconds():
        return None
    provider = enabled_provider(data.get("provider_id"))
    if provider is None:
        return None
    fields = {f.name for f in dataclasses.fields(oidc.Identity)}
    return provider, oidc.Identity(**{k: v for k, v in data.items() if k in fields})


@bp.route("/auth/provider/continue", methods=["GET", "POST"])
@public
def provider_continue():
    verified = _verified()
    if verified is None:
        flash(_("Please sign in again."), "info")
        return redirect(url_for("staff.login"), 303)
    provider, identity = verified
    try:
        account = oidc.account_for(provider, identity)
    except oidc.Refused as refused:
        session.pop(VERIFIED, None)
        flash(refused.message, "error")
        return redirect(url_for("staff.login"), 303)
    if request.method == "GET":
        return render_template("staff/provider_continue.html", account=account, provider=provider)
    account = oidc.sign_in(provider, identity)
    flow = session.get(FLOW) or {}
    target = begin_session(account, flow.get("next") if isinstance(flow, dict) else None)
    if identity.logout_url:
        session[PROVIDER_LOGOUT] = {"name": provider.name, "url": identity.logout_url}
    return remember_device(redirect(target, 303), account)
