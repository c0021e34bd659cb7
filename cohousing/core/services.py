"""Small rules shared by the core views."""

from urllib.parse import urlsplit

from flask import g
from sqlalchemy import select

from cohousing.extensions import db
from cohousing.households.models import Household, Membership
from cohousing.people.models import Person
from cohousing.security import can_open_household


def safe_next(target: str | None) -> str | None:
    """Only same-site paths, so a link cannot send someone elsewhere after signing in."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def can_see_person(person: Person) -> bool:
    """Staff who may open one of the person's households; a tablet of their household."""
    tablet = g.get("tablet")
    household_ids = db.session.scalars(
        select(Membership.household_id).where(Membership.person_id == person.id)
    ).all()
    if tablet is not None and g.get("resident") is None:
        return tablet.household_id in household_ids
    for household_id in household_ids:
        household = db.session.get(Household, household_id)
        if household is not None and can_open_household(household):
            return True
    return False
