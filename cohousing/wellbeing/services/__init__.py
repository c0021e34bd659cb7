"""The wellbeing rules, without HTTP: what the rest of the app may use.

checkins   a resident's check-in of the day, the moods and tags
sharing    what workers see of the check-ins: only the resident changes it; proposals
settings   a household's check-in rules and help numbers
concerns   raise, acknowledge, resolve; who sees which (other areas raise them too)
help       "I need help" without a PIN, from the faces and locked-out screens, limited
offline    what the tablet queued without a network: a check-in or help, without PIN
reminders  the gentle check-in reminder on the tablet's faces, and the quiet hours
ladder     the steps when nobody checked in: housemate, workers, coordinators
buddies    the housemate a resident's ladder asks first
rules      the scheduled scan (missed check-ins, low mood, escalation): `run_scan`
alerts     the emails about concerns, sent after the commit, and the daily digest
seen       "who looked at my wellbeing", written on every staff view
pages      what each wellbeing page shows, in one call

Other areas import from here only, never from a module of this package.
"""

from cohousing.wellbeing.services.alerts import deliver_pending, pending_for, send_digests
from cohousing.wellbeing.services.all_fine import (
    agrees,
    fine_today,
    queue_all_fine,
    send_all_fine,
    set_all_fine,
)
from cohousing.wellbeing.services.buddies import buddies_of, set_buddy
from cohousing.wellbeing.services.checkins import (
    MAX_NOTE,
    MOODS,
    TAGS,
    Day,
    checkins_since,
    last_days,
    record_checkin,
    todays_checkin,
    todays_checkin_for,
)
from cohousing.wellbeing.services.concerns import (
    EVENT_LABELS,
    KIND_LABELS,
    STATUS_LABELS,
    acknowledge,
    concern_page,
    count_open_visible,
    escalate_due,
    housemates,
    linked_workers,
    raise_concern,
    raised_by,
    report_worry,
    request_help,
    resolve,
    visible_concerns,
    visible_household,
)
from cohousing.wellbeing.services.help import (
    HELP_PER_WINDOW,
    HELP_WINDOW,
    recent_help_without_pin,
    request_help_without_pin,
)
from cohousing.wellbeing.services.ladder import climb, due_steps, look_in_requests, pause
from cohousing.wellbeing.services.offline import (
    MAX_AGE,
    made_at,
    record_queued_checkin,
    request_queued_help,
)
from cohousing.wellbeing.services.pages import my_wellbeing, residents_wellbeing
from cohousing.wellbeing.services.reminders import CheckinReminder, checkin_reminder, is_quiet
from cohousing.wellbeing.services.rules import ScanResult, parse_at, run_scan, scan
from cohousing.wellbeing.services.seen import note_viewed, views_of
from cohousing.wellbeing.services.settings import (
    HelpNumber,
    emergency_number_of,
    get_settings,
    help_numbers_of,
    parse_help_numbers,
    settings_to_change,
    update_ladder,
    update_reminders,
    update_settings,
)
from cohousing.wellbeing.services.sharing import (
    CONSENT_WORDS,
    SHARE_LABELS,
    ConsentEntry,
    answer_proposal,
    consent_history,
    current_share,
    is_wider,
    pending_proposal,
    propose_share,
    set_share,
    share_history,
    shares_nothing,
    shares_of,
    shows_mood,
    visible_fields,
)

__all__ = [
    "CONSENT_WORDS",
    "EVENT_LABELS",
    "HELP_PER_WINDOW",
    "HELP_WINDOW",
    "KIND_LABELS",
    "MAX_AGE",
    "MAX_NOTE",
    "MOODS",
    "SHARE_LABELS",
    "STATUS_LABELS",
    "TAGS",
    "CheckinReminder",
    "ConsentEntry",
    "Day",
    "HelpNumber",
    "ScanResult",
    "acknowledge",
    "agrees",
    "answer_proposal",
    "buddies_of",
    "checkin_reminder",
    "checkins_since",
    "climb",
    "concern_page",
    "consent_history",
    "count_open_visible",
    "current_share",
    "deliver_pending",
    "due_steps",
    "emergency_number_of",
    "escalate_due",
    "fine_today",
    "get_settings",
    "help_numbers_of",
    "housemates",
    "is_quiet",
    "is_wider",
    "last_days",
    "linked_workers",
    "look_in_requests",
    "made_at",
    "my_wellbeing",
    "note_viewed",
    "parse_at",
    "parse_help_numbers",
    "pause",
    "pending_for",
    "pending_proposal",
    "propose_share",
    "queue_all_fine",
    "raise_concern",
    "raised_by",
    "recent_help_without_pin",
    "record_checkin",
    "record_queued_checkin",
    "report_worry",
    "request_help",
    "request_help_without_pin",
    "request_queued_help",
    "residents_wellbeing",
    "resolve",
    "run_scan",
    "scan",
    "send_all_fine",
    "send_digests",
    "set_all_fine",
    "set_buddy",
    "set_share",
    "settings_to_change",
    "share_history",
    "shares_nothing",
    "shares_of",
    "shows_mood",
    "todays_checkin",
    "todays_checkin_for",
    "update_ladder",
    "update_reminders",
    "update_settings",
    "views_of",
    "visible_concerns",
    "visible_fields",
    "visible_household",
]
