"""Small rules shared by the core views."""

from urllib.parse import urlsplit

from flask import g
from sqlalchemy import select

from cohousing.extensions import db
from cohousing.households.models import Household, Membership
from cohousing.households.services import is_current_resident
from cohousing.people.models import Person
from cohousing.security import can_open_household


def safe_next(target: str | None) -> str | None:
    """Only same-site paths, so a link cannot send someone elsewhere after signing in."""
    if not target or "\\" in target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return None  # browsers read /\evil.example as //evil.example
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def can_see_person(person: Person) -> bool:
    """Staff who may open one of the person's households; a tablet of their household now."""
    tablet = g.get("tablet")
    if tablet is not None and g.get("resident") is None:
        return is_current_resident(person.id, tablet.household)
    household_ids = db.session.scalars(
        select(Membership.household_id).where(Membership.person_id == person.id)
    ).all()
    for household_id in household_ids:
        household = db.session.get(Household, household_id)
        if household is not None and can_open_household(household):
            return True
    return False
