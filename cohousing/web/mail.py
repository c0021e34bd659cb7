"""Sending one email, and the email of rows a job claimed (cohousing.database.claims).

Without MAIL_SERVER (the local demo) an email is written to `instance/outbox/` instead,
readable only by the app's user: emails may name people, and logs must hold no personal
data. A claimed email is marked sent in its own short transaction as soon as the SMTP
server took it; a failed send gives the claim back, so the next run tries again.
"""

from __future__ import annotations

import logging
import os
import secrets
import smtplib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from pathlib import Path

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale

from cohousing.database import claims, clock
from cohousing.extensions import db

log = logging.getLogger(__name__)


def send_email(to: str, subject: str, body: str, sender: str | None = None) -> None:
    """Send one plain email from `sender` (an organisation's) or MAIL_FROM (or write it to
    the outbox without MAIL_SERVER)."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = sender or config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    if not config.get("MAIL_SERVER"):
        log.warning("MAIL_SERVER is not set; the email was written to %s", _to_outbox(message))
        return
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(message)


def _to_outbox(message: EmailMessage) -> Path:
    folder = Path(current_app.instance_path) / "outbox"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{clock.now():%Y%m%dT%H%M%S}-{secrets.token_hex(4)}.eml"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(message.as_bytes())
    return path


@contextmanager
def _url_context() -> Iterator[None]:
    """Links in emails need the public address, also from the command line."""
    if has_request_context():
        yield
        return
    with current_app.test_request_context(base_url=current_app.config["APP_BASE_URL"]):
        yield


def external_link(endpoint: str, **values) -> str:
    with _url_context():
        return url_for(endpoint, _external=True, **values)


def language_of(preferred: str | None) -> str:
    """The language to write to someone in: theirs when the app speaks it."""
    if preferred in current_app.config["LANGUAGES"]:
        return preferred
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def send_claimed(
    model,
    token: str,
    to: str,
    language: str,
    text: Callable[[], tuple[str, str]],
    sender: str | None = None,
) -> int:
    """Send the email of the `model` rows claimed with `token`, written by `text()` in
    `language`; mark them sent (committed), or give them back if the send failed. 1 if sent."""
    try:
        with force_locale(language):
            subject, body = text()
        send_email(to, subject, body, sender)
    except (OSError, smtplib.SMTPException):
        log.exception("Could not send a claimed %s email; the next run tries again", model)
        claims.release(model, token)
        db.session.commit()
        return 0
    claims.finish(model, token, sent_at=clock.now())
    db.session.commit()
    return 1
