"""The pages measured, as data, and how each role gets its session.

A later area adds its pages with one line each in `PAGES`, e.g.

    Page("chore_week", "tablet", "resident", lambda c: "/chores/week"),
    Page("balances", "staff", "worker", lambda c: f"/households/{c.household_id}/money"),
    Page("checkin_submit", "tablet", "resident", lambda c: "/checkin/", method="POST",
         form=lambda c, client: {"mood": "3", "submission_id": "{uniq}"}, expect=303),

`form` returns the fields of a POST; `{uniq}` in a value is replaced by a value unique per
request, and the CSRF token is sent in the `X-CSRFToken` header. `kind` picks the target
(tablet pages >= 40% of the one-select ceiling, staff pages >= 20%).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from benchmark.client import Client, Form, SetupError, parse_html
from benchmark.scale import BENCH_COORDINATOR_EMAIL, BENCH_PASSWORD, BENCH_PIN, BENCH_WORKER_EMAIL


@dataclass
class Context:
    """What page paths and sessions need: the server and the bench household."""

    base_url: str
    household_id: int  # followed by the bench worker; the bench tablet is enrolled here
    person_id: int  # a current resident of that household
    new_enrolment_code: Callable[[], str]  # makes a one-time code in the database
    resident_ids: list[int] = field(default_factory=list)  # the household's current residents
    sessions: dict[str, Client] = field(default_factory=dict)


@dataclass(frozen=True)
class Page:
    name: str
    kind: str  # "ceiling" | "tablet" | "staff"
    role: str  # a key of ROLES
    path: Callable[[Context], str]
    method: str = "GET"
    form: Callable[[Context, Client], dict[str, str]] | None = None
    expect: int = 200


PAGES: list[Page] = [
    Page("bare", "ceiling", "anonymous", lambda c: "/_bench/bare"),
    Page("one_select", "ceiling", "anonymous", lambda c: f"/_bench/select?id={c.household_id}"),
    Page("tablet_picker", "tablet", "device", lambda c: "/tablet/"),
    Page("resident_today", "tablet", "resident", lambda c: "/tablet/today"),
    Page("balances_tablet", "tablet", "resident", lambda c: "/tablet/money"),
    Page("chore_week", "tablet", "resident", lambda c: "/tablet/chores/week"),
    Page("households_list", "staff", "coordinator", lambda c: "/households/"),
    Page("households_list_worker", "staff", "worker", lambda c: "/households/"),
    Page("household_page", "staff", "worker", lambda c: f"/households/{c.household_id}"),
    Page("balances_staff", "staff", "worker", lambda c: f"/households/{c.household_id}/money"),
    Page("worker_dashboard", "staff", "worker", lambda c: "/dashboard/"),
    Page("household_summary", "staff", "worker",
         lambda c: f"/dashboard/households/{c.household_id}"),
    Page("concerns_list", "staff", "worker", lambda c: "/concerns/"),
    Page("concerns_list_coordinator", "staff", "coordinator", lambda c: "/concerns/"),
    # The writes come last, so every page above reads the same history as the others.
    # The check-in replaces the day's row, so every repetition leaves one row as the first.
    Page("checkin_submit", "tablet", "resident", lambda c: "/tablet/wellbeing/checkin",
         method="POST", form=lambda c, client: {"mood": "4"}, expect=303),
    # A fresh submission_id per request ({uniq}, by the wrk Lua script): a new expense each.
    Page("add_expense", "tablet", "resident", lambda c: "/tablet/money/add", method="POST",
         form=lambda c, client: expense_form(c), expect=303),
]  # fmt: skip


def expense_form(context: Context) -> dict[str, str]:
    """The last step of the tablet's "add an expense": 12 euro paid by the resident, split
    equally among everyone in the house."""
    fields = {
        "submission_id": "{uniq}",
        "amount": "12",
        "payer": str(context.person_id),
        "split_seen": "1",
        "description": "Bench",
        "category": "groceries",
        "go": "save",
    }
    for person_id in context.resident_ids or [context.person_id]:
        fields[f"in-{person_id}"] = "1"
        fields[f"part-{person_id}"] = "1"
    return fields


CEILINGS = {"bare": "bare_rps", "one_select": "select_rps"}


def sign_in_staff(context: Context, email: str) -> Client:
    client = Client(context.base_url)
    page = client.get("/auth/login")
    answer = client.submit(
        page, {"email": email, "password": BENCH_PASSWORD}, choose=_has_input("password")
    )
    if answer.status not in (302, 303):
        raise SetupError(f"sign-in as {email} answered {answer.status}")
    return client


def enrol_tablet(context: Context) -> Client:
    """A browser that typed a fresh enrolment code on /tablet/enrol."""
    client = Client(context.base_url)
    page = client.get("/tablet/enrol")
    if page.status != 200:
        raise SetupError(f"/tablet/enrol answered {page.status}")
    code = context.new_enrolment_code()
    forms = [f for f in parse_html(page.text).forms if f.method == "POST" and _typed(f)]
    if not forms:
        raise SetupError("no form with a field for the code on /tablet/enrol")
    name = _typed(forms[0])[0]
    answer = client.submit(page, {name: code}, choose=lambda f: f.method == "POST" and _typed(f))
    if "cohousing_tablet" not in client.cookies:
        raise SetupError(f"enrolment answered {answer.status} without a device cookie")
    return client


def sign_in_resident(context: Context) -> Client:
    """The bench tablet, with a resident who just typed their PIN (sessions idle out fast)."""
    device = device_session(context)
    client = Client(context.base_url)
    client.cookies = dict(device.cookies)
    client.cookies.pop("session", None)
    keypad = client.get(f"/tablet/pin/{context.person_id}")
    if keypad.status != 200:
        raise SetupError(f"the PIN keypad answered {keypad.status}")
    answer = client.submit(keypad, {"pin": BENCH_PIN}, choose=_has_input("pin"))
    if answer.status not in (200, 302, 303):
        raise SetupError(f"the PIN answered {answer.status}")
    if client.get("/tablet/today").status != 200:
        raise SetupError("the today screen is not open after the PIN")
    return client


def _typed(form: Form) -> list[str]:
    """Names of the fields a person types into (text-like inputs)."""
    return [name for name, kind in form.inputs if kind in ("text", "search", "tel")]


def _has_input(name: str) -> Callable[[Form], bool]:
    return lambda form: any(field == name for field, _ in form.inputs)


def device_session(context: Context) -> Client:
    if "device" not in context.sessions:
        context.sessions["device"] = enrol_tablet(context)
    return context.sessions["device"]


def _cached(role: str, make: Callable[[Context], Client]) -> Callable[[Context], Client]:
    def get(context: Context) -> Client:
        if role not in context.sessions:
            context.sessions[role] = make(context)
        return context.sessions[role]

    return get


# Each role's session; the resident's is made again before each page it is used for.
ROLES: dict[str, Callable[[Context], Client]] = {
    "anonymous": lambda c: Client(c.base_url),
    "coordinator": _cached("coordinator", lambda c: sign_in_staff(c, BENCH_COORDINATOR_EMAIL)),
    "worker": _cached("worker", lambda c: sign_in_staff(c, BENCH_WORKER_EMAIL)),
    "device": device_session,
    "resident": sign_in_resident,
}
