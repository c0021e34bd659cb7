"""Receipt photos on expenses: cleaned (resized, no EXIF or location), kept outside
static/, opened only by the household's tablet and its staff, every staff look registered."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from cohousing.audit.models import AuditEvent
from cohousing.extensions import db
from cohousing.money.models import Expense, ExpenseReceipt
from cohousing.money.services import Split, add_expense, attach_receipt, clean_receipt
from cohousing.money.services.common import SYSTEM
from cohousing.rules import RuleError
from tests.fixtures.households import image_bytes, post_multipart, text
from tests.fixtures.money import expense_data, hidden, url


def camera_photo() -> bytes:
    """A big JPEG as a tablet's camera writes it: EXIF with a GPS position, turned."""
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: turned 90 degrees
    exif[0x010F] = "TabletMaker"
    exif[0x8825] = {1: "N", 2: (43.0, 50.0, 30.0)}  # GPS: Lucca
    return image_bytes("JPEG", (3000, 2000), exif=exif.tobytes())


@pytest.fixture
def expense(money_house, pair):
    anna, bruno = pair
    data = expense_data({anna.id: 1000}, Split.equal([anna.id, bruno.id]))
    found = add_expense(money_house, data, by=SYSTEM)
    db.session.commit()
    return found


def receipt_url(household, expense, version=1) -> str:
    return url(household, f"/expenses/{expense.id}/receipt/{version}.jpg")


def registered(action: str) -> int:
    return len(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all())


# --- the rules, without HTTP ------------------------------------------------------------


def test_a_camera_photo_is_turned_resized_and_loses_its_metadata(app):
    cleaned = clean_receipt(io.BytesIO(camera_photo()))
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.format == "JPEG" and image.size == (1067, 1600)  # upright, 1600 at most
        assert not image.getexif() and "exif" not in image.info


def test_what_is_not_a_picture_is_a_message_on_the_receipt_field(app):
    with pytest.raises(RuleError) as error:
        clean_receipt(io.BytesIO(b"%PDF-1.4 a scan"))
    assert error.value.field == "receipt"


def test_a_new_photo_replaces_the_old_one_with_a_new_version(app, expense):
    attach_receipt(expense, b"first", SYSTEM)
    receipt = attach_receipt(expense, b"second", SYSTEM)
    rows = db.session.scalars(select(ExpenseReceipt)).all()
    assert len(rows) == 1 and receipt.version == 2 and receipt.photo == b"second"


# --- staff ------------------------------------------------------------------------------


def test_coordinator_attaches_a_receipt_and_every_staff_look_is_registered(
    client, login, coordinator, money_house, expense
):
    login(coordinator)
    detail = url(money_house, f"/expenses/{expense.id}")
    form = text(client.get(detail))
    assert 'accept="image/*"' in form and 'capture="environment"' in form
    response = post_multipart(
        client,
        url(money_house, f"/expenses/{expense.id}/receipt"),
        {
            "csrf_token": hidden(form, "csrf_token"),
            "receipt": FileStorage(io.BytesIO(camera_photo()), "r.jpg"),
        },
    )
    assert response.status_code == 303, re.findall(
        r'class="(?:error|form-errors)"[^>]*>([^<]*)', text(response)
    )
    assert receipt_url(money_house, expense) in text(client.get(detail))
    before = registered("receipt.viewed")
    picture = client.get(receipt_url(money_house, expense))
    assert picture.status_code == 200 and picture.mimetype == "image/jpeg"
    assert "no-store" in picture.headers["Cache-Control"]
    assert registered("receipt.viewed") == before + 1


def test_a_bad_upload_is_a_message_next_to_the_field(
    client, login, coordinator, money_house, expense
):
    login(coordinator)
    form = text(client.get(url(money_house, f"/expenses/{expense.id}")))
    response = post_multipart(
        client,
        url(money_house, f"/expenses/{expense.id}/receipt"),
        {
            "csrf_token": hidden(form, "csrf_token"),
            "receipt": FileStorage(io.BytesIO(b"not a picture"), "r.jpg"),
        },
    )
    assert response.status_code == 422
    assert "not a picture we can read" in text(response) and 'id="receipt-error"' in text(response)
    assert db.session.scalar(select(ExpenseReceipt)) is None


def test_linked_worker_sees_it_but_cannot_attach(client, login, worker, money_house, expense):
    attach_receipt(expense, image_bytes(), SYSTEM)
    db.session.commit()
    login(worker)
    assert client.get(receipt_url(money_house, expense)).status_code == 200
    response = client.post(url(money_house, f"/expenses/{expense.id}/receipt"))
    assert response.status_code == 403


def test_other_staff_and_other_households_get_404(
    app, client, login, other_worker, coordinator, money_house, other_household, expense
):
    attach_receipt(expense, image_bytes(), SYSTEM)
    db.session.commit()
    login(other_worker)
    assert client.get(receipt_url(money_house, expense)).status_code == 404
    manager = login(coordinator, c=app.test_client())
    wrong_house = f"/households/{other_household.id}/money/expenses/{expense.id}/receipt/1.jpg"
    assert manager.get(wrong_house).status_code == 404


# --- the tablet ----------------------------------------------------------------------


def saving_with(tablet, payer, photo: bytes) -> dict:
    """The last step of "add an expense" on the tablet, €8.40 paid by `payer`, with `photo`."""
    step1 = text(tablet.get("/tablet/money/add"))
    return {
        "submission_id": hidden(step1, "submission_id"),
        "amount": "8,40",
        "payer": str(payer.id),
        "go": "save",
        "receipt": FileStorage(io.BytesIO(photo), "IMG_0001.jpg"),
    }


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_the_tablet_takes_a_receipt_while_adding_an_expense(anna_tablet, money_house, pair, htmx):
    anna, _bruno = pair
    data = saving_with(anna_tablet, anna, camera_photo())
    headers = {"HX-Request": "true"} if htmx else {}
    response = post_multipart(anna_tablet, "/tablet/money/add", data, headers=headers)
    assert response.status_code == (204 if htmx else 303)
    expense = db.session.scalar(select(Expense))
    receipt = db.session.scalar(select(ExpenseReceipt))
    assert receipt.expense_id == expense.id and receipt.by_person_id == anna.id
    page = text(anna_tablet.get("/tablet/money"))
    assert f"/tablet/money/expenses/{expense.id}/receipt/1.jpg" in page
    picture = anna_tablet.get(f"/tablet/money/expenses/{expense.id}/receipt/1.jpg")
    assert picture.status_code == 200 and picture.mimetype == "image/jpeg"


def test_a_bad_receipt_on_the_tablet_saves_nothing(anna_tablet, pair):
    data = saving_with(anna_tablet, pair[0], b"nope")
    response = post_multipart(anna_tablet, "/tablet/money/add", data)
    assert response.status_code == 422 and "not a picture we can read" in text(response)
    assert db.session.scalar(select(Expense)) is None


def test_another_households_tablet_gets_404(
    enrolled_client, resident_client, other_household, expense
):
    from cohousing.households.services import current_residents

    zeno = current_residents(other_household)[0]
    attach_receipt(expense, image_bytes(), SYSTEM)
    db.session.commit()
    tablet = resident_client(other_household, zeno, "4321")
    assert tablet.get(f"/tablet/money/expenses/{expense.id}/receipt/1.jpg").status_code == 404
