"""What each kind of household starts with. Later areas read their part of the template.

The template is data: default check-in settings and default chores per kind. An area that
needs to act when a household is created registers a function with `on_household_created`;
the households service calls every registered function with the new household and its
template, inside the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from babel.dates import get_day_names
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from cohousing.households.models import Household, HouseholdKind, LinkFunction
from cohousing.web.parsing import parse_int


def N_(message: str) -> str:
    """Mark a msgid for extraction; it is translated later, in the household's language."""
    return message


KIND_LABELS = {
    HouseholdKind.FAMILY: _l("Families and single parents"),
    HouseholdKind.ELDERLY: _l("Elderly people"),
    HouseholdKind.SUPPORTED_LIVING: _l("Supported living"),
    HouseholdKind.HOUSING_FIRST: _l("Housing First"),
}

KIND_HINTS = {
    HouseholdKind.FAMILY: _l(
        "Families share a home to spend less and help each other with daily chores."
    ),
    HouseholdKind.ELDERLY: _l(
        "Older people live together to stay independent and feel safer. A daily check-in."
    ),
    HouseholdKind.SUPPORTED_LIVING: _l(
        "People followed step by step by social and health services."
    ),
    HouseholdKind.HOUSING_FIRST: _l(
        "A flat for people who were homeless, with a weekly visit from the team."
    ),
}

FUNCTION_LABELS = {
    LinkFunction.SOCIAL_WORKER: _l("Social worker"),
    LinkFunction.HEALTH_WORKER: _l("Health worker"),
    LinkFunction.MEDIATOR: _l("Mediator"),
    LinkFunction.HOUSING_FIRST_TEAM: _l("Housing First team"),
}

SHARE_LABELS = {
    "nothing": _l("Workers see only that a check-in was made, not the mood."),
    "mood": _l("Workers see the mood only."),
    "mood_tags": _l("Workers see the mood and the words chosen with it."),
    "mood_tags_note": _l("Workers see the mood, the words and the note."),
}


@dataclass(frozen=True)
class ChoreTemplate:
    name: str  # a msgid: translated when shown and when the chore is created
    icon: str
    effort: int  # points, 1 to 3
    area: str  # own_room | kitchen | common | building
    recurrence: str  # daily | weekly:0,3 | every:3 | monthly:1 | when_needed


@dataclass(frozen=True)
class CheckinDefaults:
    share: str  # what workers see: nothing | mood | mood_tags | mood_tags_note
    missed_days_alert: int | None  # None: the missed check-in rule is off
    daily_reminder: bool = True


@dataclass(frozen=True)
class HouseholdTemplate:
    kind: HouseholdKind
    checkin: CheckinDefaults
    chores: tuple[ChoreTemplate, ...] = field(default_factory=tuple)
    visit_every_days: int | None = None


_COMMON_CHORES = (
    ChoreTemplate(N_("Take out the rubbish"), "bin", 1, "kitchen", "weekly:0,3"),
    ChoreTemplate(N_("Clean the kitchen"), "kitchen", 2, "kitchen", "daily"),
    ChoreTemplate(N_("Clean the bathroom"), "bath", 3, "common", "weekly:5"),
)

TEMPLATES: dict[HouseholdKind, HouseholdTemplate] = {
    HouseholdKind.FAMILY: HouseholdTemplate(
        HouseholdKind.FAMILY,
        CheckinDefaults(share="mood", missed_days_alert=None, daily_reminder=False),
        (
            *_COMMON_CHORES,
            ChoreTemplate(N_("Shopping for the house"), "cart", 2, "common", "weekly:4"),
            ChoreTemplate(N_("Clean the stairs"), "stairs", 2, "building", "weekly:1"),
        ),
    ),
    HouseholdKind.ELDERLY: HouseholdTemplate(
        HouseholdKind.ELDERLY,
        CheckinDefaults(share="mood_tags", missed_days_alert=None),
        (
            ChoreTemplate(N_("Water the plants"), "plant", 1, "common", "every:3"),
            ChoreTemplate(N_("Set the table"), "table", 1, "kitchen", "daily"),
            *_COMMON_CHORES[:1],
        ),
    ),
    HouseholdKind.SUPPORTED_LIVING: HouseholdTemplate(
        HouseholdKind.SUPPORTED_LIVING,
        CheckinDefaults(share="mood_tags", missed_days_alert=2),
        (*_COMMON_CHORES, ChoreTemplate(N_("Tidy the living room"), "sofa", 1, "common", "daily")),
    ),
    HouseholdKind.HOUSING_FIRST: HouseholdTemplate(
        HouseholdKind.HOUSING_FIRST,
        CheckinDefaults(share="mood", missed_days_alert=3),
        _COMMON_CHORES,
        visit_every_days=7,
    ),
}

HouseholdCreatedHook = Callable[[Household, HouseholdTemplate], None]
_created_hooks: list[HouseholdCreatedHook] = []


def on_household_created(hook: HouseholdCreatedHook) -> HouseholdCreatedHook:
    """Register `hook` to run for each new household (usable as a decorator)."""
    if hook not in _created_hooks:
        _created_hooks.append(hook)
    return hook


def apply_template(household: Household) -> HouseholdTemplate:
    template = TEMPLATES[household.kind]
    for hook in _created_hooks:
        hook(household, template)
    return template


def kind_effect(kind: HouseholdKind) -> str:
    """In one line, what choosing `kind` switches on or off: read from the template that
    the wellbeing and visits areas really apply (`missed_days_alert`, `visit_every_days`)."""
    template = TEMPLATES[kind]
    days = template.checkin.missed_days_alert
    if days is None:
        parts = [_("Missed check-ins raise no concern.")]
    else:
        parts = [
            ngettext(
                "A concern is raised after %(num)d day without a check-in.",
                "A concern is raised after %(num)d days without a check-in.",
                days,
            )
        ]
    if template.visit_every_days:
        parts.append(
            ngettext(
                "A visit every %(num)d day.",
                "A visit every %(num)d days.",
                template.visit_every_days,
            )
        )
    return " ".join(parts)


def describe_recurrence(recurrence: str) -> str:
    """A chore template's recurrence ("weekly:0,3") in words, for the preview."""
    kind, _sep, value = recurrence.partition(":")
    if kind == "daily":
        return _("Every day")
    if kind == "weekly":
        names = get_day_names("wide", locale=str(get_locale()))
        numbers = (parse_int(d, low=0, high=6) for d in value.split(","))
        days = ", ".join(names[n] for n in numbers if n is not None)
        return _("Every week: %(days)s", days=days)
    if kind == "every":
        count = parse_int(value, low=1, high=10_000)
        return ngettext("Every %(num)s day", "Every %(num)s days", count) if count else value
    if kind == "monthly":
        return _("Every month, on day %(num)s", num=value)
    return _("When needed")
