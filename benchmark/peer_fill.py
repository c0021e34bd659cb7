"""Run by the PEER's python (benchmark/out/peer-venv), never imported by ours: fills an
IHateMoney database with the bills `benchmark.peer` wrote, through IHateMoney's own models
and tables, and prints one JSON line: a sign-in token and the balances IHateMoney itself
computes (so the run can check they equal ours).

    IHATEMONEY_SETTINGS_FILE_PATH=settings.cfg python peer_fill.py bills.json
"""

import json
import sys
from datetime import date

from ihatemoney.models import Bill, BillType, Person, Project, billowers, db
from ihatemoney.run import create_app
from sqlalchemy import insert
from werkzeug.security import generate_password_hash


def main(path: str) -> None:
    with open(path, encoding="utf-8") as source:
        data = json.load(source)
    app = create_app(instance_path=data["instance_path"])
    with app.app_context():
        project = Project(
            id=data["project"],
            name=data["project"],
            password=generate_password_hash(data["password"]),
            contact_email="bench@example.invalid",
            default_currency="XXX",
        )
        db.session.add(project)
        people = {name: Person(name=name, project=project) for name in data["members"]}
        db.session.add_all(people.values())
        db.session.flush()
        bills, owers = [], []
        for number, bill in enumerate(data["bills"], start=1):
            amount = bill["cents"] / 100
            bills.append(
                {
                    "id": number,
                    "payer_id": people[bill["payer"]].id,
                    "amount": amount,
                    "converted_amount": amount,
                    "original_currency": "XXX",
                    "date": date.fromisoformat(bill["date"]),
                    "creation_date": date.fromisoformat(bill["date"]),
                    "what": bill["what"],
                    "external_link": "",
                    "bill_type": BillType(bill["type"]),
                }
            )
            owers += [{"bill_id": number, "person_id": people[o].id} for o in bill["owers"]]
        for start in range(0, len(bills), 5000):
            db.session.execute(insert(Bill.__table__), bills[start : start + 5000])
        for start in range(0, len(owers), 20000):
            db.session.execute(insert(billowers), owers[start : start + 20000])
        db.session.commit()
        names = {person.id: name for name, person in people.items()}
        balances = {names[pid]: round(value * 100) for pid, value in project.balance.items()}
        token = project.generate_token("auth")
    print(json.dumps({"token": token, "balances": balances}))


if __name__ == "__main__":
    main(sys.argv[1])
