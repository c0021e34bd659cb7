"""Staff account rules, without HTTP."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from cohousing.audit.models import AuditEvent
from cohousing.database import idempotency
from cohousing.extensions import db
from cohousing.staff.models import Role, StaffAccount
from cohousing.staff.services import (
    RuleError,
    account_for_token,
    active_workers,
    all_staff,
    create_staff,
    new_password_link_token,
    set_active,
    set_password,
)


def _count_accounts() -> int:
    return db.session.scalar(select(func.count(StaffAccount.id)))


def _actions(account: StaffAccount) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.subject_staff_id == account.id)
            .order_by(AuditEvent.id)
        )
    )


def test_create_staff_stores_a_clean_email_and_waits_for_a_password(app, organisation):
    account = create_staff(
        email="  Mario.Rossi@Example.ORG ",
        display_name="  Mario Rossi ",
        role=Role.WORKER,
        organisation_id=organisation.id,
        preferred_language="en",
    )
    assert account.email == "mario.rossi@example.org"
    assert account.display_name == "Mario Rossi"
    assert account.password_hash is None
    assert account.active is True
    assert account.preferred_language == "en"
    assert _actions(account) == ["staff.created"]
    assert account.organisation_id == organisation.id


@pytest.mark.parametrize(
    ("role", "with_organisation"),
    [(Role.WORKER, False), (Role.ORG_ADMIN, False), (Role.ADMIN, True)],
)
def test_only_the_installation_admin_belongs_to_no_organisation(
    app, organisation, role, with_organisation
):
    with pytest.raises(RuleError) as caught:
        create_staff(
            email="x@example.org",
            display_name="X",
            role=role,
            organisation_id=organisation.id if with_organisation else None,
        )
    assert caught.value.field == "organisation"


def test_duplicate_email_is_refused_whatever_the_case(app, worker):
    before = _count_accounts()
    with pytest.raises(RuleError) as caught:
        create_staff(
            email=worker.email.upper(),
            display_name="Copy",
            role=Role.WORKER,
            organisation_id=worker.organisation_id,
        )
    assert caught.value.field == "email"
    assert "already exists" in str(caught.value)
    assert _count_accounts() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"email": "not-an-address"}, "email"),
        ({"display_name": "   "}, "display_name"),
        ({"password": "short"}, "password"),
        ({"preferred_language": "fr"}, "preferred_language"),
    ],
)
def test_bad_input_is_refused_with_the_field_to_blame(app, organisation, changes, field):
    data = {"email": "new@example.org", "display_name": "New", "role": Role.WORKER}
    data["organisation_id"] = organisation.id
    before = _count_accounts()
    with pytest.raises(RuleError) as caught:
        create_staff(**{**data, **changes})
    assert caught.value.field == field
    assert _count_accounts() == before


def test_the_same_submission_creates_one_account(app, organisation):
    token = idempotency.new_token()
    first = create_staff(
        email="once@example.org",
        display_name="Once",
        role=Role.WORKER,
        organisation_id=organisation.id,
        submission_id=token,
    )
    db.session.commit()
    with pytest.raises(idempotency.AlreadySubmitted) as caught:
        create_staff(
            email="once@example.org",
            display_name="Once",
            role=Role.WORKER,
            organisation_id=organisation.id,
            submission_id=token,
        )
    assert caught.value.result == str(first.id)


def test_an_admin_cannot_deactivate_themselves(app, admin):
    with pytest.raises(RuleError):
        set_active(admin, False, acting_id=admin.id)
    assert admin.active is True


def test_deactivate_and_reactivate_are_audited_once(app, admin, worker):
    set_active(worker, False, acting_id=admin.id)
    set_active(worker, False, acting_id=admin.id)  # already inactive: nothing more recorded
    assert worker.active is False
    assert worker not in active_workers()
    set_active(worker, True, acting_id=admin.id)
    assert worker.active is True
    assert _actions(worker) == ["staff.created", "staff.deactivated", "staff.activated"]


def test_password_link_works_until_a_password_is_set(app, make_staff):
    account = make_staff(Role.COORDINATOR, password=None)
    token = new_password_link_token(account)
    assert account_for_token(token) is account
    set_password(account, "a brand new password")
    assert account_for_token(token) is None  # used: the hash fingerprint changed
    assert _actions(account)[-2:] == ["staff.password_link_created", "staff.password_set"]


def test_a_new_link_for_an_account_with_a_password_resets_it(app, worker):
    token = new_password_link_token(worker)
    assert account_for_token(token) is worker


def test_link_expires(app, clock, worker):
    from datetime import timedelta

    token = new_password_link_token(worker)
    clock.advance(app.config["PASSWORD_LINK_MAX_AGE"] + timedelta(seconds=1))
    assert account_for_token(token) is None


def test_no_link_for_an_inactive_account_and_old_links_stop(app, admin, worker):
    token = new_password_link_token(worker)
    set_active(worker, False, acting_id=admin.id)
    assert account_for_token(token) is None
    with pytest.raises(RuleError):
        new_password_link_token(worker)


def test_all_staff_lists_active_accounts_first(app, admin, worker, make_staff):
    gone = make_staff(Role.WORKER, name="Aldo Gone")
    set_active(gone, False, acting_id=admin.id)
    listed = all_staff(select(StaffAccount))
    assert listed.index(gone) > listed.index(worker)
    assert listed.index(gone) > listed.index(admin)
