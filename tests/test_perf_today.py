"""The resident's today screen costs a fixed, small number of queries, whatever the history."""

from __future__ import annotations

from cohousing.extensions import db
from cohousing.households.services import current_residents


def test_probe(household, resident_client, count_queries):
    anna = current_residents(household)[0]
    client = resident_client(household, anna, "1234")
    client.get("/tablet/today")
    db.session.expunge_all()
    with count_queries() as statements:
        response = client.get("/tablet/today")
    assert response.status_code == 200
    for s in statements:
        print(">>>", " ".join(s.split())[:300])
    print(len(statements), len(response.data))
    open("/tmp/today.html","wb").write(response.data)
    assert 0
