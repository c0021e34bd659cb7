"""The IHateMoney peer: our ledger becomes its bills with the same totals and the same
balances (computed both ways), and its measurement lands in the results file as a ratio.
Installing and serving the peer is the opt-in bench test at the end."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import func, select

from benchmark import __main__ as cli
from benchmark import peer, report
from benchmark.run import Settings, measure_peer
from cohousing import ROOT
from cohousing.extensions import db
from cohousing.money.models import Expense, SplitKind
from cohousing.money.services import SYSTEM, Split, add_expense, ledger_balances, record_payment
from tests.fixtures.money import TODAY, expense_data


def test_an_even_split_by_one_payer_is_one_bill():
    bills = peer.expense_bills(7, TODAY, [(1, 900)], [(1, 300), (2, 300), (3, 300)])

    assert bills == [
        {"payer": "p1", "cents": 900, "owers": ["p1", "p2", "p3"], "date": str(TODAY),
         "what": "Spesa 7", "type": "Expense"}
    ]  # fmt: skip


def test_any_other_split_becomes_whole_cent_bills_per_payer_and_ower():
    payers = [(1, 700), (2, 301)]
    shares = [(1, 500), (2, 250), (3, 251)]

    bills = peer.expense_bills(8, TODAY, payers, shares)

    assert [(b["payer"], b["owers"], b["cents"]) for b in bills] == [
        ("p1", ["p1"], 500), ("p1", ["p2"], 200), ("p2", ["p2"], 50), ("p2", ["p3"], 251)
    ]  # fmt: skip
    assert sum(b["cents"] for b in bills) == 1001
    assert peer.peer_balances(bills) == {"p1": 200, "p2": 51, "p3": -251}


def test_the_pot_is_one_more_member():
    assert peer.member(None) == peer.POT
    assert peer.member(12) == "p12"


def test_our_ledger_as_bills_has_our_totals_and_our_balances(trio_house, carla_left):
    anna, bruno, carla = carla_left
    add_expense(trio_house, expense_data({anna: 1000}, Split.equal([anna, bruno])), by=SYSTEM)
    weights = Split(SplitKind.SHARES, {anna: 1, bruno: 2})
    add_expense(trio_house, expense_data({bruno: 700, anna: 301}, weights), by=SYSTEM)
    record_payment(trio_house, payer=bruno, payee=None, cents=450, paid_on=TODAY, by=SYSTEM)
    record_payment(trio_house, payer=None, payee=carla, cents=120, paid_on=TODAY, by=SYSTEM)
    record_payment(trio_house, payer=carla, payee=anna, cents=80, paid_on=TODAY, by=SYSTEM)
    db.session.flush()

    bills = peer.household_bills(trio_house.id)
    ours = ledger_balances(trio_house.id)

    expenses = [b for b in bills if b["type"] == "Expense"]
    payments = [b for b in bills if b["type"] == "Reimbursement"]
    assert {b["what"] for b in payments} and {b["owers"][0] for b in payments} >= {peer.POT}
    assert sum(b["cents"] for b in payments) == 450 + 120 + 80
    spent = select(func.sum(Expense.amount_cents)).where(Expense.household_id == trio_house.id)
    assert sum(b["cents"] for b in expenses) == db.session.scalar(spent) > 2001
    assert peer.same_balances(ours, peer.peer_balances(bills))
    assert not peer.same_balances(ours | {anna: ours[anna] + 1}, peer.peer_balances(bills))


def test_the_ratio_is_ours_over_the_peers_by_throughput_and_by_cpu():
    pages = {"balances_tablet": {"rps": 300.0, "cpu_ms": 4.0}, "balances_staff": {"rps": 90.0}}

    found = peer.ratios(pages, {"rps": 3.0, "cpu_ms": 600.0})

    assert found == {
        "balances_tablet": 100.0, "balances_tablet_cpu": 150.0,
        "balances_staff": 30.0, "balances_staff_cpu": None,
    }  # fmt: skip
    assert peer.ratios(pages, {"skipped": "no venv"})["balances_tablet"] is None


def test_the_peer_is_judged_by_its_cpu_one_request_at_a_time():
    """Requests in flight when wrk stops are served but not counted: their CPU inflates it."""
    timed_out = {"rps": 0.5, "cpu_ms": 9000.0, "cpu_ms_alone": 4000.0, "errors": 12}

    found = peer.ratios({"balances_tablet": {"rps": 50.0, "cpu_ms": 8.0}}, timed_out)

    assert found["balances_tablet_cpu"] == 500.0
    assert peer.peer_cpu(timed_out | {"errors": 0}) == 4000.0
    assert peer.peer_cpu({"cpu_ms": 9000.0, "errors": 0}) == 9000.0
    assert peer.peer_cpu({"cpu_ms": 9000.0, "errors": 3}) is None


def test_a_peer_that_cannot_be_set_up_says_why_and_loses_nothing(tmp_path, monkeypatch):
    def no_venv(*_args, **_kwargs):
        raise RuntimeError("no index")

    monkeypatch.setattr(peer, "ensure_venv", no_venv)

    entry = measure_peer(Settings(out_dir=tmp_path), 1000, 1, say=lambda _line: None)

    assert entry == {"skipped": "RuntimeError: no index"}


def test_the_results_file_gets_the_peer_and_its_ratio(tmp_path, monkeypatch):
    asked = {}

    def history(settings, kind, say, done):
        asked["peer"] = settings.peer
        pages = {"balances_tablet": {"rps": 200.0, "cpu_ms": 5.0}}
        found = {"rps": 4.0, "cpu_ms": 500.0, "same_balances": True}
        run = {"pages": pages, "peer": found, "peer_ratio": peer.ratios(pages, found)}
        done("1000", kind, run)
        return {"1000": run}

    monkeypatch.setattr(cli, "run_history", history)
    results = tmp_path / "results.json"
    argv = ["--scale", "0", "--history", "1000", "--db", "sqlite", "--peer", "ihatemoney"]

    assert cli.main([*argv, "--results", str(results), "--doc", str(tmp_path / "b.md")]) == 0

    saved = report.load_results(results)
    run = saved["history"]["1000"]["sqlite"]
    assert "IHateMoney's settle page 4.0 rps" in report.text_table(saved)
    assert "balances_tablet 200.0 rps: 50.0x (100.0x by CPU)" in report.markdown(saved)
    assert asked["peer"] == "ihatemoney"
    assert run["peer_ratio"]["balances_tablet"] == 50.0
    assert run["peer_ratio"]["balances_tablet_cpu"] == 100.0
    assert run["settings"]["peer"] == "ihatemoney"


@pytest.mark.bench
@pytest.mark.skipif(not os.environ.get("COHOUSING_RUN_BENCH"), reason="set COHOUSING_RUN_BENCH=1")
def test_the_real_peer_is_installed_filled_and_served(trio_house, carla_left):
    """About a minute the first time (installing IHateMoney into benchmark/out/peer-venv)."""
    settings = Settings(out_dir=ROOT / "benchmark" / "out", duration=1, warmup=0, repeat=1,
                        connections=2)  # fmt: skip

    entry = measure_peer(settings, 3, trio_house.id, say=lambda _line: None)

    assert entry.get("same_balances") is True, entry
    assert entry["bills"] >= 1 and entry["rps"] > 0 and entry["errors"] == 0
