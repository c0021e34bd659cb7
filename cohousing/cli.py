"""`flask cohousing …`: create the first admin, fill the demo, back up and restore."""

from pathlib import Path

import click
from flask.cli import with_appcontext

from cohousing.extensions import db


@click.group("cohousing")
def cli() -> None:
    """Cohousing administration."""


@cli.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", prompt="Display name")
@with_appcontext
def create_admin(email: str, name: str) -> None:
    """Create the first admin account. The password is asked for (typed twice, not shown),
    never given as an argument: arguments end up in the shell history."""
    from cohousing.rules import RuleError
    from cohousing.staff.models import Role
    from cohousing.staff.services import create_staff

    password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        create_staff(email=email, display_name=name, role=Role.ADMIN, password=password)
    except RuleError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Admin {email} created.")


BASE_URL_HELP = (
    "Where the app is served, for the printed links "
    "(default: SERVER_NAME if set, else APP_BASE_URL, else http://127.0.0.1:5000)."
)
FLASK = ".venv/bin/flask --app cohousing"  # the command as it works from a checkout


def base_url(given: str | None) -> str:
    """The address in printed links: --base-url, else the one the app is configured with."""
    from flask import current_app

    if given:
        return given.rstrip("/")
    config = current_app.config
    if config.get("SERVER_NAME"):
        return f"{config.get('PREFERRED_URL_SCHEME') or 'http'}://{config['SERVER_NAME']}"
    return (config.get("APP_BASE_URL") or "http://127.0.0.1:5000").rstrip("/")


@cli.command("demo")
@click.option("--base-url", "given_url", help=BASE_URL_HELP)
@with_appcontext
def demo(given_url: str | None) -> None:
    """Fill an empty database with the demo households, staff and residents; print the logins.

    Safe to run again: it adds nothing to a database that has the demo or other data.
    (City-size data for the benchmark: `python -m benchmark.fill --scale N`.)
    """
    from cohousing.demo import create_demo

    lines = create_demo(base_url=base_url(given_url))
    db.session.commit()
    for line in lines:
        click.echo(line)


@cli.command("rebuild-balances")
@click.option("--household", "household_ids", type=int, multiple=True, help="Only these.")
@with_appcontext
def rebuild_balances(household_ids: tuple[int, ...]) -> None:
    """Make the running balances again from the ledger (every expense, share and payment).
    Not needed in normal use: every write keeps them; after rows were added by hand."""
    from cohousing.money.services import rebuild_balances as rebuild

    written = rebuild(household_ids or None)
    db.session.commit()
    click.echo(f"Balances rebuilt: {written} rows.")


@cli.command("plan-chores")
@with_appcontext
def plan_chores() -> None:
    """Extend every active household's chore rota 14 days ahead. Safe to run often (cron daily):
    turns already planned stay as they are."""
    from cohousing.chores.services import plan_all_households

    count = plan_all_households()  # one household at a time: short transactions
    click.echo(f"Chores planned 14 days ahead for {count} households.")


@cli.command("rebuild-chore-balances")
@with_appcontext
def rebuild_chore_balances() -> None:
    """Count every household's chore balances again from the whole history. Run once after
    upgrading to the 0003_chore_balances migration (a household not counted yet is also
    counted at its next chore write); safe to run again at any time."""
    from cohousing.chores.services import rebuild_all_balances

    count = rebuild_all_balances()  # one household at a time: short transactions
    click.echo(f"Chore balances counted again for {count} households.")


@cli.command("rebuild-summaries")
@click.option("--stale", is_flag=True, help="Only the households not summarised today.")
@with_appcontext
def rebuild_summaries(stale: bool) -> None:
    """Recompute the dashboard's kept summaries from the records (cron: hourly --stale)."""
    from cohousing.dashboard.services import rebuild

    count = rebuild(stale_only=stale)
    db.session.commit()
    click.echo(f"Summarised {count} household(s).")


@cli.command("tablet-code")
@click.argument("household_id", type=int)
@click.option("--name", "tablet_name", default="Tablet di casa", help="The tablet's name.")
@click.option("--base-url", "given_url", help=BASE_URL_HELP)
@with_appcontext
def tablet_code(household_id: int, tablet_name: str, given_url: str | None) -> None:
    """Print a fresh one-time code that enrols a tablet for HOUSEHOLD_ID, and where to type it."""
    from flask import current_app, url_for

    from cohousing.households.models import Household
    from cohousing.tablet.services import start_enrolment

    household = db.session.get(Household, household_id)
    if household is None or household.archived_at is not None:
        raise click.ClickException(f"No active household with id {household_id}.")
    code = start_enrolment(household, tablet_name.strip() or "Tablet", staff_id=None)
    db.session.commit()
    minutes = int(current_app.config["TABLET_ENROL_CODE_TTL"].total_seconds() // 60)
    with current_app.test_request_context(base_url=base_url(given_url)):
        enrol_url = url_for("tablet.enrol", _external=True)
    click.echo(f"Tablet code for {household.name}: {code}")
    click.echo(f"Open {enrol_url} on the tablet and type the code within {minutes} minutes.")
    click.echo("The code works once; run this command again for another tablet.")


@cli.command("run-schedules")
@click.option("--at", help="Run as if it were this moment (ISO 8601; UTC if no zone).")
@with_appcontext
def run_schedules_command(at: str | None) -> None:
    """Book recurring expenses due up to today; safe to run often (each one is booked once)."""
    from cohousing.money.services import run_schedules_at

    try:
        click.echo(run_schedules_at(at))
    except ValueError as error:  # a bad --at
        raise click.BadParameter(str(error), param_hint="--at") from error


@cli.command("scan")
@click.option("--at", help="Run as if it were this moment (ISO 8601; UTC if no zone).")
@with_appcontext
def scan_command(at: str | None) -> None:
    """Run the wellbeing rules and escalations, then send due alerts; safe every minute."""
    from cohousing.wellbeing.services import run_scan

    try:
        click.echo(run_scan(at))
    except ValueError as error:  # a bad --at
        raise click.BadParameter(str(error), param_hint="--at") from error


@cli.command("check-visits")
@click.option("--at", help="Run as if it were this moment (ISO 8601; UTC if no zone).")
@with_appcontext
def check_visits_command(at: str | None) -> None:
    """Raise a concern for each household whose expected visit is late; safe every minute."""
    from cohousing.visits.services import run_visit_check

    try:
        click.echo(run_visit_check(at))
    except ValueError as error:  # a bad --at
        raise click.BadParameter(str(error), param_hint="--at") from error


@cli.command("apply-retention")
@click.option("--at", help="Run as if it were this moment (ISO 8601; UTC if no zone).")
@with_appcontext
def apply_retention_command(at: str | None) -> None:
    """Delete or reduce what is past its retention period (RETENTION_* settings); run daily.
    Safe to run twice at once: every piece of work is claimed before it is done."""
    from flask import current_app

    from cohousing.privacy.services import Periods, RetentionRefused, apply_retention, parse_at

    try:
        periods = Periods.from_config(current_app.config)
    except RetentionRefused as error:
        raise click.ClickException(str(error)) from error
    try:
        moment = parse_at(at)
    except ValueError as error:  # a bad --at
        raise click.BadParameter(str(error), param_hint="--at") from error
    click.echo(str(apply_retention(periods, moment)))


@cli.command("send-digests")
@with_appcontext
def send_digests_command() -> None:
    """Send each worker one email about new non-urgent concerns (run daily)."""
    from flask import current_app

    from cohousing.wellbeing.services import send_digests

    count = send_digests()
    if current_app.config.get("MAIL_SERVER"):
        click.echo(f"{count} digest email(s) sent.")
    else:  # the local demo: each email is a file in instance/outbox/, nothing left the machine
        click.echo(f"{count} digest email(s) written to instance/outbox/ (MAIL_SERVER is not set).")


@cli.command("backup")
@click.option(
    "--to",
    "to",
    type=click.Path(path_type=Path),
    help="The backup file, or a folder for a dated one (default: instance/backups/).",
)
@with_appcontext
def backup_command(to: Path | None) -> None:
    """Back up the database while the app runs (SQLite: online copy; PostgreSQL: pg_dump).

    The file holds health data: it is written with mode 0600, never over an existing file.
    """
    from flask import current_app

    from cohousing.database.backup import BackupError, backup, target_path

    folder = Path(current_app.instance_path) / "backups"
    try:
        written = backup(db.engine, target_path(db.engine, to, folder))
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written to {written} ({written.stat().st_size} bytes, mode 0600).")


@cli.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(path: Path) -> None:
    """Restore a backup made by `flask cohousing backup` into an EMPTY database."""
    from flask import current_app

    from cohousing.database.backup import BackupError, restore, schema_state

    try:
        restore(db.engine, path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    db.engine.dispose()  # connections opened before the restore see the new schema
    state = schema_state(db.engine, Path(current_app.extensions["migrate"].directory))
    click.echo(f"Restored {path}: migrations at {state.revision}.")
    if not state.at_head:
        click.echo(f"The newest migration is {state.head}: run `{FLASK} db upgrade`.")
