"""The house-life rules, without HTTP: what the rest of the app may use.

notices    the board: post, pin, expire, remove softly, and what each resident has read
meetings   house meetings: agenda points, minutes, who was present, agreements
polls      one vote per resident, changeable until the poll closes
helping    mutual help between housemates, and asking a worker for mediation
today      the numbers and the summary other screens show (the tablet's today, staff)

Every function that writes only flushes: the request commits once (`web.transaction`).
A broken rule raises `cohousing.rules.RuleError` naming the form field to blame.
"""

from cohousing.community.services.helping import (
    ask_for_mediation,
    board,
    mark_done,
    mediators,
    open_posts,
    post_help,
    take,
)
from cohousing.community.services.meetings import (
    add_point,
    all_meetings,
    chosen_agreement,
    create_meeting,
    current_agreements,
    decide,
    decisions_at,
    has_started,
    is_over,
    local_day,
    local_moment,
    next_meeting,
    past_meetings,
    set_present,
    write_minutes,
)
from cohousing.community.services.notices import (
    all_notices,
    current_notices,
    mark_read,
    mark_seen,
    post_notice,
    remove_notice,
    set_pinned,
    unread_count,
    unread_ids,
)
from cohousing.community.services.polls import (
    MAX_OPTIONS,
    Result,
    all_polls,
    close_early,
    closed_polls,
    create_poll,
    my_vote,
    open_polls,
    results,
    vote,
    vote_count,
)
from cohousing.community.services.today import (
    HouseEvening,
    NextMeeting,
    house_evening,
    house_life_counts,
    house_life_summary,
    recent_meeting_times,
    today_counts,
)

__all__ = [
    "MAX_OPTIONS",
    "HouseEvening",
    "NextMeeting",
    "Result",
    "add_point",
    "all_meetings",
    "all_notices",
    "all_polls",
    "ask_for_mediation",
    "board",
    "chosen_agreement",
    "close_early",
    "closed_polls",
    "create_meeting",
    "create_poll",
    "current_agreements",
    "current_notices",
    "decide",
    "decisions_at",
    "has_started",
    "house_evening",
    "house_life_counts",
    "house_life_summary",
    "is_over",
    "local_day",
    "local_moment",
    "mark_done",
    "mark_read",
    "mark_seen",
    "mediators",
    "my_vote",
    "next_meeting",
    "open_polls",
    "open_posts",
    "past_meetings",
    "post_help",
    "post_notice",
    "recent_meeting_times",
    "remove_notice",
    "results",
    "set_pinned",
    "set_present",
    "take",
    "today_counts",
    "unread_count",
    "unread_ids",
    "vote",
    "vote_count",
    "write_minutes",
]
