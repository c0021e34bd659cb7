"""The organisation admin's API tokens page, the OpenAPI document and its reading page.

Thin: parse the form, call `services.tokens`, render. A new token's secret is on the page
that answers its creation (never stored, never in a redirect or a flash message), and that
page is not cached.
"""

from __future__ import annotations

from flask import jsonify, make_response, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cohousing.api import bp
from cohousing.api.forms import SCOPE_LABELS, TokenForm
from cohousing.api.models import ApiToken
from cohousing.api.services import create_token, revoke_token, tokens_of
from cohousing.api.views.spec import openapi_document
from cohousing.security import ADMINS, public, staff_required
from cohousing.web.actions import perform
from cohousing.web.htmx import htmx_redirect

# The reading page runs Swagger UI (vendored): it sets element styles and shows its icons as
# data: images, which the app's policy refuses. Only this page gets these two more.
DOCS_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'none'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    )
)


@bp.app_template_global()
def scope_label(scope: str) -> str:
    return str(next((label for s, label in SCOPE_LABELS.items() if s.value == scope), scope))


def _page(form: TokenForm, new=None, status: int = 200):
    response = make_response(
        render_template(
            "api/tokens.html", form=form, lines=tokens_of(current_user.organisation_id), new=new
        ),
        status,
    )
    response.headers["Cache-Control"] = "no-store"  # a new token's secret is on it
    return response


@bp.route("/organisation/api-tokens", methods=["GET", "POST"])
@staff_required(*ADMINS)
def tokens():
    form = TokenForm()
    if not form.is_submitted():
        return _page(form)
    return perform(
        form,
        lambda: create_token(
            current_user,
            name=form.name.data or "",
            scopes=form.scopes.data or [],
            expires_on=form.expires_on.data,
            submission_id=form.submission_id.data,
        ),
        done=lambda new: _page(TokenForm(formdata=None), new, 201),
        refused=lambda: _page(form),
        repeated=lambda _first: htmx_redirect(url_for(".tokens")),
    )


@bp.post("/organisation/api-tokens/<int:api_token_id>/revoke")
@staff_required(*ADMINS)
def revoke(api_token: ApiToken):
    revoke_token(api_token)
    return htmx_redirect(url_for(".tokens"))


@bp.get("/api/v1/openapi.json")
@public
def openapi():
    """The document the API is generated with (docs/openapi.json is a copy, kept equal)."""
    return jsonify(openapi_document())


@bp.get("/api/v1/docs")
@public
def docs():
    response = make_response(render_template("api/docs.html", title=_("Cohousing API")))
    response.headers["Content-Security-Policy"] = DOCS_POLICY
    return response
