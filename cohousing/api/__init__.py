"""The JSON API for the organisations' own systems (/api/v1/) and the organisation admin's
page of API tokens. `v1` is a flask-smorest blueprint: the OpenAPI document is generated
from its views and schemas; `bp` holds the token page, the document and its reading page."""

from flask import Blueprint
from flask_smorest import Blueprint as ApiBlueprint

bp = Blueprint("api", __name__)
v1 = ApiBlueprint(
    "api_v1",
    __name__,
    url_prefix="/api/v1",
    description="Read-only data of the organisation's households, by API token.",
)
