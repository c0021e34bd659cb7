"""What the API's users send and receive, validated here only: the admin's token form
(`tokens`, WTForms) and the API's marshmallow schemas (`schemas`), from which the OpenAPI
document is generated."""

from cohousing.api.forms.tokens import SCOPE_LABELS, TokenForm

__all__ = ["SCOPE_LABELS", "TokenForm"]
