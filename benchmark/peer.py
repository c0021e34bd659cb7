"""The peer in the same run (`--peer ihatemoney`): IHateMoney 7.2.1 in its own virtualenv
(benchmark/out/peer-venv, never in ours), given the bench household's ledger as bills
(same amounts, payers and split, the pot as one more member) and served like ours
(gunicorn, 2 sync workers); its settle page is loaded with the same wrk load as our money
pages and the ratio goes into the results file."""

from __future__ import annotations

import http.client
import json
import os
import secrets
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from sqlalchemy import select

from benchmark.client import BROWSER_HEADERS
from benchmark.load import Request
from benchmark.server import Server
from cohousing.extensions import db
from cohousing.money.models import Expense, ExpensePayer, ExpenseShare, Payment
from cohousing.money.services.settle import Party

PEER = "ihatemoney"
PEER_PACKAGES = ("ihatemoney==7.2.1", "gunicorn==27.0.1")
PROJECT = "cohousing"
POT = "pot"
# The pages of ours the peer's settle page is compared with.
OUR_PAGES = ("balances_tablet", "balances_staff")


def member(party: Party) -> str:
    return POT if party is None else f"p{party}"


def matched(payers: list[tuple[Party, int]], shares: list[tuple[Party, int]]):
    """(payer, ower, cents) pairs that move exactly what the expense moves: each payer's
    cents given to the shares in order, so any split becomes whole-cent bills."""
    paid = [list(p) for p in payers if p[1] > 0]
    owed = [list(s) for s in shares if s[1] > 0]
    i = j = 0
    while i < len(paid) and j < len(owed):
        cents = min(paid[i][1], owed[j][1])
        yield paid[i][0], owed[j][0], cents
        paid[i][1] -= cents
        owed[j][1] -= cents
        i += paid[i][1] == 0
        j += owed[j][1] == 0


def expense_bills(expense_id, day, payers, shares) -> list[dict]:
    """One bill when one person paid and everyone's share is equal (the peer splits
    evenly), else one bill per payer and ower."""
    what = f"Spesa {expense_id}"
    cents = {c for _p, c in shares}
    if len(payers) == 1 and len(cents) == 1:
        payer, total = payers[0]
        owers = [member(p) for p, _c in shares]
        return [_bill(payer, total, owers, day, what, "Expense")]
    return [_bill(p, c, [member(o)], day, what, "Expense") for p, o, c in matched(payers, shares)]


def _bill(payer: Party, cents: int, owers: list[str], day, what: str, kind: str) -> dict:
    return {"payer": member(payer), "cents": cents, "owers": owers, "date": str(day),
            "what": what, "type": kind}  # fmt: skip


def household_bills(household_id: int) -> list[dict]:
    """The household's ledger (what its running balances are made of) as the peer's bills:
    expenses as expenses, payments as reimbursements."""
    payers, shares = defaultdict(list), defaultdict(list)
    live = select(Expense.id).where(
        Expense.household_id == household_id, Expense.deleted_at.is_(None)
    )
    for table, into in ((ExpensePayer, payers), (ExpenseShare, shares)):
        rows = db.session.execute(
            select(table.expense_id, table.person_id, table.cents)
            .where(table.expense_id.in_(live))
            .order_by(table.expense_id, table.person_id)
        )
        for expense_id, person_id, cents in rows:
            into[expense_id].append((person_id, cents))
    days = db.session.execute(
        select(Expense.id, Expense.spent_on).where(Expense.id.in_(live)).order_by(Expense.id)
    )
    bills = [b for eid, day in days for b in expense_bills(eid, day, payers[eid], shares[eid])]
    payments = db.session.execute(
        select(Payment.id, Payment.from_person_id, Payment.to_person_id, Payment.cents,
               Payment.paid_on)
        .where(Payment.household_id == household_id, Payment.deleted_at.is_(None))
        .order_by(Payment.id)
    )  # fmt: skip
    for pid, giver, receiver, cents, day in payments:
        bills.append(
            _bill(giver, cents, [member(receiver)], day, f"Pagamento {pid}", "Reimbursement")
        )
    return bills


def peer_balances(bills: list[dict]) -> dict[str, int]:
    """The peer's formula (paid - spent + transferred - received, evenly among the owers),
    in cents: what its settle page will settle."""
    balance: dict[str, float] = defaultdict(float)
    for bill in bills:
        balance[bill["payer"]] += bill["cents"]
        for ower in bill["owers"]:
            balance[ower] -= bill["cents"] / len(bill["owers"])
    return {name: round(value) for name, value in balance.items()}


def as_members(ours: dict[Party, int]) -> dict[str, int]:
    return {member(party): cents for party, cents in ours.items()}


def ensure_venv(out_dir: Path, say=print) -> Path:
    """The peer's python, installing it the first time (about 40 s from the local index)."""
    venv = out_dir / "peer-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        say(f"  installing {', '.join(PEER_PACKAGES)} into {venv}…")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        # The peer's own pins, not ours: no constraint file from the environment.
        env = os.environ | {"PIP_CONSTRAINT": ""}
        command = [str(python), "-m", "pip", "install", "-q", *PEER_PACKAGES]
        subprocess.run(command, check=True, env=env)
    return python


def settings_file(out_dir: Path, size: int) -> Path:
    """A settings file of its own: SQLite in benchmark/out, a fresh secret, no mail."""
    database = out_dir / f"peer-{size}.db"
    database.unlink(missing_ok=True)
    path = out_dir / f"peer-{size}.cfg"
    path.write_text(
        f"SQLALCHEMY_DATABASE_URI = {f'sqlite:///{database.resolve()}'!r}\n"
        f"SECRET_KEY = {secrets.token_urlsafe(32)!r}\n"
        "ACTIVATE_DEMO_PROJECT = False\nALLOW_PUBLIC_PROJECT_CREATION = False\n"
        "SESSION_COOKIE_SECURE = False\nMAIL_SUPPRESS_SEND = True\nDEBUG = False\n"
    )
    return path


def fill(python: Path, out_dir: Path, size: int, bills: list[dict], members) -> tuple[Path, dict]:
    """The peer's database through its own models; returns the settings file and what the
    filler printed (a sign-in token and the peer's own balances in cents)."""
    settings = settings_file(out_dir, size)
    data = out_dir / f"peer-{size}.json"
    data.write_text(json.dumps({"instance_path": str(out_dir.resolve()), "project": PROJECT,
                                "password": secrets.token_urlsafe(12),
                                "members": sorted(members), "bills": bills}))  # fmt: skip
    script = Path(__file__).with_name("peer_fill.py")
    done = subprocess.run([str(python), str(script), str(data)], capture_output=True, text=True,
                          env=peer_env(settings), check=False)  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"the peer's fill failed: {done.stderr.strip()[-2000:]}")
    return settings, json.loads(done.stdout.strip().splitlines()[-1])


def peer_env(settings: Path) -> dict[str, str]:
    return os.environ | {"IHATEMONEY_SETTINGS_FILE_PATH": str(settings.resolve())}


def session_cookie(base_url: str, token: str) -> str:
    """Signed in as the project: its join link sets the session cookie."""
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    try:
        connection.request("GET", f"/{PROJECT}/join/{token}")
        answer = connection.getresponse()
        answer.read()
        cookie = answer.getheader("Set-Cookie") or ""
    finally:
        connection.close()
    if answer.status != 302 or not cookie.startswith("session="):
        raise RuntimeError(f"the peer's join link answered {answer.status} without a session")
    return cookie.split(";", 1)[0]


def settle_request(base_url: str, cookie: str) -> Request:
    """Asked for as a browser asks (compression offered), like our pages."""
    headers = {"Cookie": cookie} | BROWSER_HEADERS
    return Request(f"{base_url}/{PROJECT}/settle_bills", "GET", headers)


def ratios(pages: dict, peer: dict) -> dict[str, float | None]:
    """How many times faster our pages are than the peer's settle page: by requests per
    second, and by worker CPU per request (`_cpu`, see `peer_cpu`), which still holds when
    the peer's requests outlast wrk's 10 s timeout and its throughput is undercounted."""
    found: dict[str, float | None] = {}
    for name in OUR_PAGES:
        ours = pages.get(name, {})
        found[name] = _times(ours.get("rps"), peer.get("rps"))
        found[f"{name}_cpu"] = _times(peer_cpu(peer), ours.get("cpu_ms"))
    return found


def peer_cpu(peer: dict) -> float | None:
    """The peer's CPU per request, one request at a time: under the load its slow requests
    still in flight when wrk stops (or timed out) are served but not counted, so CPU per
    counted request overstates it (40 s instead of 2.7 s at 10,000 bills)."""
    return peer.get("cpu_ms_alone") or (None if peer.get("errors") else peer.get("cpu_ms"))


def _times(bigger: float | None, smaller: float | None) -> float | None:
    return round(bigger / smaller, 1) if bigger and smaller else None


class PeerServer(Server):
    """The peer under the same gunicorn (2 sync workers), from its own virtualenv."""

    app = "ihatemoney.wsgi:application"
    probe = "/static/favicon.ico"

    def __init__(self, python: Path, settings: Path, log_file: Path) -> None:
        super().__init__("", "", log_file)
        self.python = str(python)
        self.env = peer_env(settings)


def same_balances(ours: dict[Party, int], peer: dict[str, int]) -> bool:
    """Ours (the ledger) and the peer's agree to the cent on everyone not at zero."""
    return {k: v for k, v in as_members(ours).items() if v} == {k: v for k, v in peer.items() if v}
