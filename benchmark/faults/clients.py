"""The clients of a fault run: each a resident on their household's tablet, writing in a
loop (check in, add an expense, mark a chore turn done) and noting what it was told.

A write that failed for a transient reason (a broken connection, a server error) is sent
again with the same submission id, up to `RETRIES` times, as a tablet would after "try
again"; the log keeps every attempt.
"""

from __future__ import annotations

import http.client
import itertools
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from benchmark.client import Client, Response
from benchmark.faults.house import Plan
from benchmark.pages import Context, expense_form, sign_in_resident
from benchmark.run import csrf_token

RETRIES = 5
RETRY_PAUSE = 0.2  # seconds between attempts of the same write
KINDS = ("checkin", "expense", "chore")
EXPENSE_CENTS = 1200  # `pages.expense_form`: 12 euro


@dataclass
class Attempt:
    """One HTTP request of a write, and what became of it."""

    kind: str  # checkin | expense | chore
    key: str  # the submission id (expense, chore) or the check-in's note
    started: float  # seconds since the start of the load
    ended: float
    outcome: str  # ok | refused | server_error | broken | signed_out | timeout
    status: int | None = None
    turn_id: int | None = None
    mood: int | None = None
    days: tuple[date, ...] = ()  # the household's local date at start and end (check-in)

    @property
    def acknowledged(self) -> bool:
        return self.outcome == "ok"


@dataclass
class ClientLog:
    plan: Plan
    attempts: list[Attempt] = field(default_factory=list)
    sign_ins: int = 0
    error: str = ""


class Resident:
    """One client thread's state: its session, its CSRF token, its next turn."""

    def __init__(self, base_url: str, plan: Plan, epoch: float) -> None:
        self.plan = plan
        self.epoch = epoch
        self.context = Context(
            base_url=base_url,
            household_id=plan.household_id,
            person_id=plan.person_id,
            new_enrolment_code=plan.new_enrolment_code,
            resident_ids=list(plan.resident_ids),
        )
        self.log = ClientLog(plan)
        self.client: Client | None = None
        self.token = ""
        self.turns = iter(plan.turn_ids)

    def sign_in(self) -> None:
        self.client = sign_in_resident(self.context)  # enrols the tablet the first time
        self.token = csrf_token(self.client)
        self.log.sign_ins += 1

    def run(self, stop: threading.Event) -> None:
        try:
            for kind in itertools.cycle(KINDS):
                if stop.is_set():
                    return
                self.write(kind, stop)
        except Exception as error:  # a client that breaks must say so, not vanish
            self.log.error = f"{type(error).__name__}: {error}"

    def write(self, kind: str, stop: threading.Event) -> None:
        request = self._request(kind)
        if request is None:
            return
        for _ in range(RETRIES):
            attempt = self._send(kind, *request)
            self.log.attempts.append(attempt)
            if attempt.outcome == "signed_out":
                self.sign_in()
            elif attempt.outcome not in ("server_error", "broken", "timeout"):
                return
            if stop.is_set():
                return
            time.sleep(RETRY_PAUSE)

    def _request(self, kind: str) -> tuple[str, dict[str, str], dict] | None:
        if kind == "checkin":
            mood = secrets.choice(range(1, 6))
            note = f"faults {secrets.token_hex(8)}"
            fields = {"mood": str(mood), "note": note, "extras": "1"}
            return "/tablet/wellbeing/checkin", fields, {"key": note, "mood": mood}
        if kind == "expense":
            token = secrets.token_urlsafe(24)
            fields = expense_form(self.context) | {"submission_id": token, "description": "Faults"}
            return "/tablet/money/add", fields, {"key": token}
        turn_id = next(self.turns, None)
        if turn_id is None:
            return None
        token = secrets.token_urlsafe(24)
        return (
            f"/tablet/chores/{turn_id}/done",
            {"submission_id": token},
            {
                "key": token,
                "turn_id": turn_id,
            },
        )

    def _send(self, kind: str, path: str, fields: dict[str, str], facts: dict) -> Attempt:
        headers = {"X-CSRFToken": self.token}
        if kind == "chore":
            headers["HX-Request"] = "true"  # the card answers 200 done, 422 refused
        day_before = self._today()
        started = time.monotonic() - self.epoch
        try:
            answer = self.client.request("POST", path, data=fields, headers=headers)
            outcome, status = _outcome(kind, answer), answer.status
        except TimeoutError:
            outcome, status = "timeout", None
        except (OSError, http.client.HTTPException):
            outcome, status = "broken", None
        ended = time.monotonic() - self.epoch
        days = (day_before, self._today()) if kind == "checkin" else ()
        return Attempt(kind, started=started, ended=ended, outcome=outcome, status=status,
                       days=days, **facts)  # fmt: skip

    def _today(self) -> date:
        return datetime.now(ZoneInfo(self.plan.timezone)).date()


SUCCESS = {
    "checkin": (303, "/tablet/wellbeing/checkin/done"),
    "expense": (303, "/tablet/money"),
    "chore": (200, None),
}


def _outcome(kind: str, answer: Response) -> str:
    status, where = SUCCESS[kind]
    location = urlsplit(answer.headers.get("location", "")).path
    if answer.status == status and (where is None or location == where):
        return "ok"
    if answer.status >= 500:
        return "server_error"
    if answer.status in (302, 303, 401) or answer.headers.get("hx-redirect"):
        return "signed_out"  # sent back to the picker or the PIN
    return "refused"


def sign_in_all(residents: list[Resident]) -> None:
    """All at once, as a morning in 32 houses: each PIN is an argon2 check."""
    errors: list[str] = []

    def one(resident: Resident) -> None:
        try:
            resident.sign_in()
        except Exception as error:  # collected and raised below
            errors.append(f"client {resident.plan.index}: {type(error).__name__}: {error}")

    threads = [threading.Thread(target=one, args=(r,), daemon=True) for r in residents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    if errors or any(r.client is None for r in residents):
        raise RuntimeError("sign-in failed: " + "; ".join(errors or ["timed out"]))
