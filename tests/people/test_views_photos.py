"""A resident's photo follows the stay: after a move, the old household's tablet and its
workers no longer open it; the new household's do, and so do the managers."""

from __future__ import annotations

import pytest

from cohousing.extensions import db
from cohousing.households.services import move_to, set_photo


@pytest.fixture
def moved_anna(household, other_household, anna_bianchi):
    """Anna, with a photo, moves from `household` to `other_household` today."""
    set_photo(anna_bianchi, b"\xff\xd8jpeg-bytes")
    db.session.flush()
    move_to(household, anna_bianchi.id, other_household, household.today())
    db.session.commit()
    return anna_bianchi


def staff_url(person) -> str:
    return f"/people/{person.id}/photo/{person.photo_version}.jpg"


def tablet_url(person) -> str:
    return f"/tablet/people/{person.id}/photo/{person.photo_version}.jpg"


def test_the_old_households_worker_no_longer_opens_the_photo(client, login, worker, moved_anna):
    login(worker)
    assert client.get(staff_url(moved_anna)).status_code == 404


def test_the_new_households_worker_opens_it(client, login, other_worker, moved_anna):
    login(other_worker)
    response = client.get(staff_url(moved_anna))
    assert response.status_code == 200 and response.data == b"\xff\xd8jpeg-bytes"


def test_a_coordinator_still_opens_it(client, login, coordinator, moved_anna):
    login(coordinator)
    assert client.get(staff_url(moved_anna)).status_code == 200


def test_the_old_households_tablet_no_longer_opens_it(
    enrolled_client, household, other_household, moved_anna
):
    assert enrolled_client(household).get(tablet_url(moved_anna)).status_code == 404
    assert enrolled_client(other_household).get(tablet_url(moved_anna)).status_code == 200


def test_before_the_move_the_worker_opens_it(client, login, worker, household, anna_bianchi):
    set_photo(anna_bianchi, b"\xff\xd8jpeg-bytes")
    db.session.commit()
    login(worker)
    assert client.get(staff_url(anna_bianchi)).status_code == 200
