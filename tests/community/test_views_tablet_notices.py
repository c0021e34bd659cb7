"""The notice board on the tablet: new notices shown, then marked read by a POST (htmx on
load, or the button), posting with a photo, refusals, other households."""

from __future__ import annotations

import re
from io import BytesIO

from PIL import Image
from sqlalchemy import func, select

from cohousing.community.models import Notice, NoticeRead
from cohousing.community.services import post_notice, remove_notice
from cohousing.extensions import db
from tests.fixtures.households import text

SEEN = "/tablet/house/notices/seen"


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def token(page: str) -> str:
    return re.search(r'name="submission_id" type="hidden" value="([^"]+)"', page).group(1)


def seen_ids(page: str) -> list[str]:
    form = re.search(r'<form id="notices-seen".*?</form>', page, re.S)
    return re.findall(r'name="notice" value="(\d+)"', form.group(0)) if form else []


def test_today_shows_house_life_and_the_agreements_button(anna_house_tablet, household, anna_bruno):
    post_notice(household, "Bins out", person_id=anna_bruno[1].id)
    db.session.commit()
    page = text(anna_house_tablet.get("/tablet/today"))
    assert "Our house" in page
    assert "1 new" in page
    assert 'href="/tablet/house/agreements"' in page and "Our house agreements" in page


def test_board_marks_new_then_read(anna_house_tablet, household, anna_bruno):
    """The board shows what is new and writes nothing; htmx then sends the shown ids back."""
    anna, bruno = anna_bruno
    notice = post_notice(household, "Plumber on Friday", person_id=bruno.id)
    db.session.commit()
    page = text(anna_house_tablet.get("/tablet/house"))
    assert "Plumber on Friday" in page and ">New<" in page
    assert 'hx-trigger="load"' in page and seen_ids(page) == [str(notice.id)]
    assert ">New<" in text(anna_house_tablet.get("/tablet/house"))  # reading wrote nothing
    assert count(NoticeRead, NoticeRead.person_id == anna.id) == 0
    marked = anna_house_tablet.htmx("post", SEEN, data={"notice": seen_ids(page)})
    assert marked.status_code == 200 and text(marked) == ""  # the button leaves the page
    board = text(anna_house_tablet.get("/tablet/house"))
    assert "Plumber on Friday" in board and ">New<" not in board
    assert seen_ids(board) == [] and "Mark as read" not in board


def test_without_javascript_the_button_marks_them_read_once(
    anna_house_tablet, household, anna_bruno
):
    anna, bruno = anna_bruno
    notices = [post_notice(household, f"Notice {i}", person_id=bruno.id) for i in range(2)]
    db.session.commit()
    page = text(anna_house_tablet.get("/tablet/house"))
    assert "Mark as read" in page
    ids = seen_ids(page)
    assert sorted(ids) == sorted(str(n.id) for n in notices)
    first = anna_house_tablet.post(SEEN, data={"notice": ids})
    again = anna_house_tablet.post(SEEN, data={"notice": ids})  # a second tap, or htmx too
    assert first.status_code == again.status_code == 303
    assert first.headers["Location"].endswith("/tablet/house")
    assert count(NoticeRead, NoticeRead.person_id == anna.id) == 2
    assert ">New<" not in text(anna_house_tablet.get("/tablet/house"))


def test_a_notice_posted_after_the_board_was_shown_stays_new(
    anna_house_tablet, household, anna_bruno
):
    bruno = anna_bruno[1]
    post_notice(household, "First", person_id=bruno.id)
    db.session.commit()
    ids = seen_ids(text(anna_house_tablet.get("/tablet/house")))
    post_notice(household, "Second", person_id=bruno.id)
    db.session.commit()
    anna_house_tablet.htmx("post", SEEN, data={"notice": ids})
    board = text(anna_house_tablet.get("/tablet/house"))
    assert board.count(">New<") == 1 and seen_ids(board) != ids


def test_seen_ids_of_another_household_mark_nothing(
    anna_house_tablet, stranger_tablet, household, other_household, anna_bruno
):
    theirs = post_notice(other_household, "Theirs")
    ours = post_notice(household, "Ours")
    removed = post_notice(household, "Removed")
    remove_notice(removed)
    db.session.commit()
    response = anna_house_tablet.post(SEEN, data={"notice": [theirs.id, removed.id]})
    assert response.status_code == 303
    assert count(NoticeRead) == 0
    stranger_tablet.post(SEEN, data={"notice": [ours.id]})
    assert count(NoticeRead) == 0
    assert "Ours" not in text(stranger_tablet.get("/tablet/house"))


def test_the_board_and_the_seen_button_need_a_resident(enrolled_client, household):
    device = enrolled_client(household)
    for response in (device.get("/tablet/house"), device.post(SEEN, data={"notice": ["1"]})):
        assert response.status_code in (302, 303)
        assert response.headers["Location"].endswith("/tablet/")
    assert count(NoticeRead) == 0


def test_post_a_notice_with_a_photo_and_once_only(anna_house_tablet, household):
    page = text(anna_house_tablet.get("/tablet/house/notices/new"))
    photo = BytesIO()
    Image.new("RGB", (30, 30), "blue").save(photo, "PNG")
    data = {"body": "Cake in the kitchen", "submission_id": token(page)}
    first = anna_house_tablet.post(
        "/tablet/house/notices/new",
        data={**data, "photo": (BytesIO(photo.getvalue()), "cake.png")},
        content_type="multipart/form-data",
    )
    again = anna_house_tablet.post("/tablet/house/notices/new", data=data)
    assert first.status_code == again.status_code == 303
    [notice] = db.session.scalars(select(Notice)).all()
    assert notice.body == "Cake in the kitchen" and notice.has_photo
    board = text(anna_house_tablet.get("/tablet/house"))
    assert ">New<" not in board  # your own notice is not new to you
    photo_url = re.search(r'src="(/tablet/house/notices/\d+/photo/1\.jpg)"', board).group(1)
    assert anna_house_tablet.get(photo_url).headers["Content-Type"] == "image/jpeg"


def test_htmx_posting_goes_back_to_the_board(anna_house_tablet):
    response = anna_house_tablet.htmx(
        "post", "/tablet/house/notices/new", data={"body": "Keys found"}
    )
    assert response.status_code == 204 and response.headers["HX-Redirect"] == "/tablet/house"
    assert db.session.scalar(select(Notice.body)) == "Keys found"


def test_bad_notices_keep_what_was_typed_and_save_nothing(anna_house_tablet):
    long = anna_house_tablet.post("/tablet/house/notices/new", data={"body": "y" * 281})
    assert long.status_code == 422
    assert "up to 280 characters" in text(long) and "y" * 281 in text(long)
    bad = anna_house_tablet.post(
        "/tablet/house/notices/new",
        data={"body": "See photo", "photo": (BytesIO(b"not an image"), "x.jpg")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 422
    assert "not a picture we can read" in text(bad) and "See photo" in text(bad)
    empty = anna_house_tablet.post("/tablet/house/notices/new", data={"body": ""})
    assert empty.status_code == 422 and "Write the notice." in text(empty)
    assert count(Notice) == 0


def test_photos_of_removed_or_other_households_notices_are_404(
    anna_house_tablet, stranger_tablet, household
):
    photo = BytesIO()
    Image.new("RGB", (10, 10), "red").save(photo, "PNG")
    photo.seek(0)
    notice = post_notice(household, "With a photo", photo=photo)
    plain = post_notice(household, "Without")
    db.session.commit()
    url = f"/tablet/house/notices/{notice.id}/photo/1.jpg"
    assert stranger_tablet.get(url).status_code == 404
    assert anna_house_tablet.get(f"/tablet/house/notices/{plain.id}/photo/1.jpg").status_code == 404
    assert anna_house_tablet.get(url).status_code == 200
    remove_notice(notice)
    db.session.commit()
    assert anna_house_tablet.get(url).status_code == 404
