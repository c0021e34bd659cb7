"""Households area: the co-housing groups, their dwelling and lease, who lives there and
when (memberships), the workers who follow them, and what each kind of household starts
with. An archived household changes no more until it is restored (services.archived)."""

from flask import Blueprint

bp = Blueprint("households", __name__, url_prefix="/households")
