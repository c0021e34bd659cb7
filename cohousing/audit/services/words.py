"""The access register in words: what each action, role and detail means to a reader.

The rows keep short codes (`money.viewed`, `chore 12`), which stay in the CSV export for
machines; the page says them in the reader's language. Every action any area records has
its words here: tests/audit/test_words.py walks the code's `record()` calls and fails on
one without. The area vocabularies (household kinds, visit kinds...) are repeated as
words here because the register sits below every area and imports none of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext, ngettext

ACTION_WORDS = {
    # who looked (the pages of cohousing.security.register)
    "dashboard.viewed": _l("Saw the dashboard (concerns and mood of the house)"),
    "summary.viewed": _l("Opened the household summary"),
    "concern.viewed": _l("Read a concern"),
    "wellbeing.viewed": _l("Looked at the check-ins"),
    "visit.viewed": _l("Read the notes of a visit"),
    "goal.viewed": _l("Looked at the goals"),
    "register.viewed": _l("Opened who looked at their information"),
    "person.viewed_own": _l("Opened their own information"),
    "person.viewed_all": _l("Looked at everything held about a resident"),
    "household.viewed": _l("Opened the household"),
    "money.viewed": _l("Looked at the household's money"),
    "chores.participation_viewed": _l("Looked at who takes part in chores"),
    "access.refused": _l("Was refused a page"),
    "audit.exported": _l("Downloaded the access register"),
    # households and residents
    "household.created": _l("Created the household"),
    "household.updated": _l("Changed the household"),
    "household.archived": _l("Archived the household"),
    "household.unarchived": _l("Brought the household back from the archive"),
    "resident.added": _l("Added a resident"),
    "resident.moved_in": _l("Moved a resident in"),
    "resident.moved_out": _l("Moved a resident out"),
    "resident.updated": _l("Changed a resident's details"),
    "resident.pin_reset": _l("Reset a resident's PIN"),
    "resident.pin_locked": _l("A PIN was locked after wrong tries"),
    "resident.pin_unlocked": _l("Lifted the lock of a resident's PIN"),
    "resident.signed_in": _l("A resident signed in on the tablet"),
    "worker.linked": _l("Linked a worker to the household"),
    "worker.unlinked": _l("Unlinked a worker from the household"),
    # staff accounts
    "staff.created": _l("Created a staff account"),
    "staff.activated": _l("Activated a staff account"),
    "staff.deactivated": _l("Deactivated a staff account"),
    "staff.password_link_created": _l("Made a link to set a password"),
    "staff.password_set": _l("Set a password"),
    "staff.sign_in_throttled": _l("Sign-in paused after wrong passwords"),
    "staff.two_factor_on": _l("Turned two-step sign-in on"),
    "staff.two_factor_off": _l("Turned two-step sign-in off"),
    "staff.recovery_code_used": _l("Signed in with a recovery code"),
    "staff.identity_provider_saved": _l("Saved a sign-in service"),
    "staff.identity_linked": _l("Linked an account to a sign-in service"),
    "staff.signed_in_with_provider": _l("Signed in through a sign-in service"),
    # organisations
    "organisation.created": _l("Created an organisation"),
    "organisation.changed": _l("Changed an organisation"),
    "organisation.settings_changed": _l("Changed the organisation's settings"),
    "api.called": _l("Read data through the API"),
    "api_token.created": _l("Created an API token"),
    "api_token.revoked": _l("Revoked an API token"),
    # tablets
    "tablet.enrolment_started": _l("Started connecting a tablet"),
    "tablet.enrolled": _l("Connected a tablet"),
    "tablet.revoked": _l("Disconnected a tablet"),
    # wellbeing
    "wellbeing.checked_in": _l("Checked in"),
    "wellbeing.checked_in_without_pin": _l("Checked in without a PIN (from the faces)"),
    "wellbeing.buddy_set": _l("Chose the housemate who is asked first"),
    "wellbeing.buddy_removed": _l("Removed the housemate who is asked first"),
    "wellbeing.all_fine_changed": _l('Changed the daily "all fine" email'),
    "wellbeing.settings_changed": _l("Changed the check-in settings"),
    "wellbeing.sharing_changed": _l("Changed what the check-in shares"),
    "wellbeing.sharing_proposed": _l("Proposed what the check-in shares"),
    "wellbeing.sharing_accepted": _l("Accepted a sharing proposal"),
    "wellbeing.sharing_refused": _l("Refused a sharing proposal"),
    "concern.raised": _l("Raised a concern"),
    "concern.acknowledged": _l("Took a concern on"),
    "concern.resolved": _l("Resolved a concern"),
    "concern.help_limited": _l("Asked for help too often in a short time"),
    # visits and goals
    "visit.logged": _l("Wrote the notes of a visit"),
    "visit.schedule_changed": _l("Changed how often visits are due"),
    "goal.added": _l("Wrote down a goal"),
    "goal.reviewed": _l("Reviewed a goal"),
    # money
    "expense.added": _l("Added an expense"),
    "expense.edited": _l("Changed an expense"),
    "expense.deleted": _l("Deleted an expense"),
    "expense.restored": _l("Restored an expense"),
    "payment.recorded": _l("Recorded a payment"),
    "payment.edited": _l("Changed a payment"),
    "payment.deleted": _l("Deleted a payment"),
    "recurring.created": _l("Set up a recurring expense"),
    "recurring.stopped": _l("Stopped a recurring expense"),
    "recurring.skipped": _l("A recurring expense could not be booked"),
    "contribution.set": _l("Set a contribution"),
    "contribution.paid": _l("Recorded a contribution paid"),
    "contribution.payment_deleted": _l("Deleted a contribution payment"),
    "money.settings": _l("Changed how money is shared"),
    "money.exported": _l("Downloaded the household's money"),
    "money.receipt_added": _l("Added a receipt photo"),
    "receipt.viewed": _l("Looked at a receipt photo"),
    # chores
    "chore.created": _l("Added a chore"),
    "chore.updated": _l("Changed a chore"),
    "chore.started": _l("Started a chore again"),
    "chore.stopped": _l("Stopped a chore"),
    "chore.asked_for": _l("Asked for a chore to be done"),
    "chore.done": _l("Did a chore"),
    "chore.undone": _l("Undid a chore"),
    "chore.skipped": _l("Skipped a chore"),
    "chore.swap_asked": _l("Asked to swap a chore"),
    "chore.swap_accepted": _l("Accepted a chore swap"),
    "chore.swap_declined": _l("Declined a chore swap"),
    "chore.swap_cancelled": _l("A chore swap was no longer needed"),
    "chores.from_template": _l("Added the usual chores"),
    "chores.capacity_set": _l("Set how much a resident can do"),
    "chores.excluded": _l("Left a resident out of a chore"),
    "chores.included": _l("Took a resident back into a chore"),
    "chores.calendar_created": _l("Made a calendar link for chores"),
    "chores.calendar_revoked": _l("Switched off a calendar link"),
    "absence.recorded": _l("Wrote down an absence"),
    "absence.removed": _l("Removed an absence"),
    # community
    "notice.posted": _l("Posted a notice"),
    "notice.pinned": _l("Pinned a notice"),
    "notice.unpinned": _l("Unpinned a notice"),
    "notice.removed": _l("Removed a notice"),
    "help.posted": _l("Posted on mutual help"),
    "help.taken": _l("Took on a mutual help post"),
    "help.done": _l("Finished a mutual help post"),
    "poll.created": _l("Started a poll"),
    "poll.voted": _l("Voted in a poll"),
    "poll.closed": _l("Closed a poll"),
    "meeting.created": _l("Planned a house meeting"),
    "meeting.point_added": _l("Added a point to a meeting"),
    "meeting.minutes_written": _l("Wrote the minutes of a meeting"),
    "meeting.attendance": _l("Noted who came to a meeting"),
    "agreement.decided": _l("Decided a house agreement"),
    # privacy
    "person.exported": _l("Downloaded everything held about a resident"),
    "person.erased": _l("Erased a resident's information"),
    "retention.applied": _l("Deleted information past its keeping time"),
}

ROLE_WORDS = {
    "admin": _l("administrator"),
    "org_admin": _l("organisation administrator"),
    "api": _l("another system, through the API"),
    "coordinator": _l("coordinator"),
    "worker": _l("worker"),
    "resident": _l("resident"),
    "system": _l("the app itself"),
    "anonymous": _l("not signed in"),
}

VALUE_WORDS = {
    # household kinds
    "family": _l("Families and single parents"),
    "elderly": _l("Elderly people"),
    "supported_living": _l("Supported living"),
    "housing_first": _l("Housing First"),
    # visit kinds
    "home": _l("Home visit"),
    "phone": _l("Phone call"),
    "accompaniment": _l("Accompaniment"),
    "no_answer": _l("Nobody was home"),
    # goal states
    "active": _l("Working on it"),
    "reached": _l("Reached"),
    "stopped": lazy_pgettext("goal", "Stopped"),
    # mutual help
    "request": _l("a request"),
    "offer": _l("an offer"),
    # what a check-in shares
    "nothing": _l("nothing but the check-in"),
    "mood": _l("the mood"),
    "mood_tags": _l("the mood and the words chosen"),
    "mood_tags_note": _l("the mood, the words and the note"),
    # concern kinds
    "help_request": _l("Asked for help"),
    "worried_about": _l("A housemate is worried"),
    "missed_checkins": _l("Missed check-ins"),
    "low_mood": _l("Low mood"),
    "arrears": _l("Rent arrears"),
    "overdue_visit": _l("Visit overdue"),
    "mediation": _l("Mediation"),
    "other": _l("Other"),
    # a yes-or-no choice (the daily "all fine" email)
    "yes": _l("now yes"),
    "no": _l("now no"),
    # files
    "csv": _l("as a spreadsheet (CSV)"),
    "json": _l("as a data file (JSON)"),
    # roles (a new staff account)
    **{
        role: words
        for role, words in ROLE_WORDS.items()
        if role in ("admin", "org_admin", "coordinator", "worker")
    },
}

NUMBERED = {
    "chore": _l("chore no. %(num)s"),
    "assignment": _l("turn no. %(num)s"),
    "feed": _l("calendar link no. %(num)s"),
    "expense": _l("expense no. %(num)s"),
    "payment": _l("payment no. %(num)s"),
    "recurring": _l("recurring expense no. %(num)s"),
    "contribution payment": _l("contribution payment no. %(num)s"),
    "visit": _l("visit no. %(num)s"),
}


def value_words(value: str) -> str:
    words = VALUE_WORDS.get(value)
    return str(words) if words is not None else value


def _number(num: str) -> str:
    return _("no. %(num)s", num=num)


def _numbered(match: re.Match) -> str:
    text = str(NUMBERED[match["noun"]]) % {"num": match["num"]}
    return f"{text}, {value_words(match['value'])}" if match["value"] else text


def _sharp(match: re.Match) -> str:
    text = _number(match["num"])
    if match["version"]:
        return _("no. %(num)s, version %(version)s", num=match["num"], version=match["version"])
    return f"{text}, {value_words(match['value'])}" if match["value"] else text


def _kind_then_number(match: re.Match) -> str:
    return f"{value_words(match['value'])}, {_number(match['num'])}"


def _chores(match: re.Match) -> str:
    count = int(match["count"])
    return ngettext("%(num)d chore", "%(num)d chores", count)


def _kitty(match: re.Match) -> str:
    return _("with a kitty") if match["on"] == "1" else _("without a kitty")


def _sharing(match: re.Match) -> str:
    return _(
        "from %(before)s to %(after)s",
        before=value_words(match["before"]),
        after=value_words(match["after"]),
    )


def _every(match: re.Match) -> str:
    if match["days"] == "none":
        return _("no regular visits")
    days = int(match["days"])
    return ngettext("every %(num)d day", "every %(num)d days", days)


def _erased(match: re.Match) -> str:
    rows = ngettext("%(num)d row deleted", "%(num)d rows deleted", int(match["rows"]))
    open_ = ngettext(
        "%(num)d balance still open", "%(num)d balances still open", int(match["open"])
    )
    return f"{rows}; {open_}"


def _retention(match: re.Match) -> str:
    parts = [
        ngettext("%(num)d check-in note emptied", "%(num)d check-in notes emptied", int(match[1])),
        ngettext("%(num)d check-in summarised", "%(num)d check-ins summarised", int(match[2])),
        ngettext("%(num)d concern deleted", "%(num)d concerns deleted", int(match[4])),
        ngettext("%(num)d visit note emptied", "%(num)d visit notes emptied", int(match[5])),
        ngettext("%(num)d register row deleted", "%(num)d register rows deleted", int(match[6])),
    ]
    return "; ".join(parts)


def _refused(match: re.Match) -> str:
    if match["status"]:
        return _("page %(path)s (answer %(status)s)", path=match["path"], status=match["status"])
    return _page(match)


def _page(match: re.Match) -> str:
    return _("page %(path)s", path=match["path"])


REFUSED = re.compile(r"(?:[a-z_]+\.[a-z_]+ (?P<status>\d{3}) )?(?P<path>/\S*)")
# Details only one action writes: (pattern, words), read for that action alone.
ACTION_DETAILS: dict[str, tuple[re.Pattern, Callable[[re.Match], str]]] = {
    "visit.schedule_changed": (re.compile(r"(?P<days>\d+|none)"), _every),
    "person.erased": (
        re.compile(r"(?P<rows>\d+) rows deleted; balances open: (?P<open>\d+)"),
        _erased,
    ),
    "retention.applied": (
        re.compile(
            r"(\d+) check-in note\(s\) emptied, (\d+) check-in\(s\) kept as (\d+) weekly "
            r"score\(s\), (\d+) resolved concern\(s\) deleted, (\d+) visit note\(s\) emptied, "
            r"(\d+) register row\(s\) deleted\."
        ),
        _retention,
    ),
    "access.refused": (REFUSED, _refused),
}
# A tablet's or a sign-in service's name, as typed.
FREE_TEXT = {
    "tablet.enrolment_started",
    "tablet.enrolled",
    "tablet.revoked",
    "staff.identity_linked",
    "staff.signed_in_with_provider",
    "api_token.created",
    "api_token.revoked",
}

# Details many actions write: the first pattern matching the whole detail says it.
DETAILS: list[tuple[re.Pattern, Callable[[re.Match], str]]] = [
    (
        re.compile(r"(?P<noun>contribution payment|[a-z]+) (?P<num>\d+)(?: (?P<value>\w+))?"),
        lambda m: _numbered(m) if m["noun"] in NUMBERED else m[0],
    ),
    (re.compile(r"(?P<noun>visit) #(?P<num>\d+)(?: (?P<value>\w+))?"), lambda m: _numbered(m)),
    (re.compile(r"#(?P<num>\d+)(?: v(?P<version>\d+)| (?P<value>\w+))?"), _sharp),
    (re.compile(r"(?P<value>[a-z_]+) #(?P<num>\d+)"), _kind_then_number),
    (re.compile(r"(?P<count>\d+) chores"), _chores),
    (re.compile(r"kitty=(?P<on>[01])"), _kitty),
    (re.compile(r"(?P<before>[a-z_]+) -> (?P<after>[a-z_]+)"), _sharing),
    (re.compile(r"(?P<path>/\S*)"), _page),  # a page that was looked at
]


def action_words(action: str) -> str:
    words = ACTION_WORDS.get(action)
    return str(words) if words is not None else action


def role_words(role: str) -> str:
    words = ROLE_WORDS.get(role)
    return str(words) if words is not None else role


def detail_words(action: str, detail: str) -> str:
    """A stored detail in the reader's words; free text (a tablet's name) as it is."""
    if not detail or action in FREE_TEXT:
        return detail
    patterns = [ACTION_DETAILS[action]] if action in ACTION_DETAILS else DETAILS
    if detail in VALUE_WORDS:
        return value_words(detail)
    for pattern, words in patterns:
        match = pattern.fullmatch(detail)
        if match is not None:
            return words(match)
    return detail
