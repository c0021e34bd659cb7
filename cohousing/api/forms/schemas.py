"""The API's shapes (marshmallow): what a call may ask, and what it answers. The OpenAPI
document is generated from these, so the document and the answers cannot drift apart."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from cohousing.api.services import CURSOR_PATTERN, DEFAULT_LIMIT, MAX_LIMIT
from cohousing.households.models import HouseholdKind
from cohousing.visits.models import AREAS, VisitKind


class PageArgs(ma.Schema):
    cursor = ma.fields.String(
        load_default=None,
        validate=validate.Regexp(CURSOR_PATTERN),
        metadata={"description": "`next_cursor` of the previous page; leave out for the first"},
    )
    limit = ma.fields.Integer(
        load_default=DEFAULT_LIMIT, validate=validate.Range(min=1, max=MAX_LIMIT)
    )


class VisitArgs(PageArgs):
    since = ma.fields.Date(load_default=None, metadata={"description": "first day (UTC)"})
    until = ma.fields.Date(load_default=None, metadata={"description": "last day (UTC)"})


class PeriodArgs(ma.Schema):
    from_ = ma.fields.Date(
        data_key="from", load_default=None, metadata={"description": "first day; 14 days back"}
    )
    to = ma.fields.Date(load_default=None, metadata={"description": "last day; today"})


class Paged(ma.Schema):
    next_cursor = ma.fields.String(
        required=True, allow_none=True, metadata={"description": "null on the last page"}
    )


class Dwelling(ma.Schema):
    address = ma.fields.String(required=True)
    landlord_name = ma.fields.String(required=True)
    monthly_rent_cents = ma.fields.Integer(required=True, allow_none=True)
    lease_start = ma.fields.Date(required=True, allow_none=True)
    lease_end = ma.fields.Date(required=True, allow_none=True)


class Household(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    kind = ma.fields.String(
        required=True, validate=validate.OneOf([k.value for k in HouseholdKind])
    )
    timezone = ma.fields.String(required=True)
    archived = ma.fields.Boolean(required=True)
    created_at = ma.fields.AwareDateTime(required=True)
    dwelling = ma.fields.Nested(Dwelling, required=True, allow_none=True)


class HouseholdPage(Paged):
    items = ma.fields.List(ma.fields.Nested(Household), required=True)


class Stay(ma.Schema):
    id = ma.fields.Integer(required=True)
    person_id = ma.fields.Integer(required=True)
    name = ma.fields.String(
        required=True, allow_none=True, metadata={"description": "only with residents:read"}
    )
    started_on = ma.fields.Date(required=True)
    ended_on = ma.fields.Date(
        required=True, allow_none=True, metadata={"description": "first day no longer there"}
    )


class StayPage(Paged):
    items = ma.fields.List(ma.fields.Nested(Stay), required=True)


class Visit(ma.Schema):
    id = ma.fields.Integer(required=True)
    date = ma.fields.Date(required=True, metadata={"description": "in the household's timezone"})
    household_id = ma.fields.Integer(required=True)
    household_name = ma.fields.String(required=True)
    person_id = ma.fields.Integer(
        required=True, allow_none=True, metadata={"description": "null: about the whole house"}
    )
    resident_name = ma.fields.String(
        required=True, allow_none=True, metadata={"description": "only with residents:read"}
    )
    kind = ma.fields.String(required=True, validate=validate.OneOf([k.value for k in VisitKind]))
    professional = ma.fields.String(required=True, allow_none=True)
    areas_rated = ma.fields.List(ma.fields.String(validate=validate.OneOf(AREAS)), required=True)


class VisitPage(Paged):
    items = ma.fields.List(ma.fields.Nested(Visit), required=True)


class MonthDue(ma.Schema):
    month = ma.fields.Date(required=True)
    due_on = ma.fields.Date(required=True)
    due_cents = ma.fields.Integer(required=True)
    paid_cents = ma.fields.Integer(required=True)


class ResidentContribution(ma.Schema):
    person_id = ma.fields.Integer(required=True)
    arrears_cents = ma.fields.Integer(required=True)
    over_threshold = ma.fields.Boolean(required=True)
    months = ma.fields.List(ma.fields.Nested(MonthDue), required=True)


class Contributions(ma.Schema):
    household_id = ma.fields.Integer(required=True)
    on = ma.fields.Date(required=True)
    residents = ma.fields.List(ma.fields.Nested(ResidentContribution), required=True)


class DayAggregate(ma.Schema):
    date = ma.fields.Date(required=True)
    checkins = ma.fields.Integer(required=True)
    mood_average = ma.fields.Float(
        required=True,
        allow_none=True,
        metadata={"description": "1 to 5; null when fewer than three residents shared it"},
    )


class WellbeingAggregates(ma.Schema):
    household_id = ma.fields.Integer(required=True)
    from_ = ma.fields.Date(data_key="from", attribute="from", required=True)
    to = ma.fields.Date(required=True)
    days = ma.fields.List(ma.fields.Nested(DayAggregate), required=True)
