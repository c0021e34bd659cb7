"""`flask cohousing …`: create the first admin, fill the demo."""

import click
from flask.cli import with_appcontext

from cohousing.extensions import db


@click.group("cohousing")
def cli() -> None:
    """Cohousing administration."""


@cli.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", prompt="Display name")
@click.password_option(confirmation_prompt=True)
@with_appcontext
def create_admin(email: str, name: str, password: str) -> None:
    """Create the first admin account (the password is prompted, never an argument)."""
    from cohousing.staff.services import StaffRuleError, create_staff
    from cohousing.people.models import Role

    try:
        create_staff(email=email, display_name=name, role=Role.ADMIN, password=password)
    except StaffRuleError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Admin {email} created.")


@cli.command("demo")
@with_appcontext
def demo() -> None:
    """Fill an empty database with three households, staff and residents; print the logins."""
    from cohousing.demo import create_demo

    for line in create_demo():
        click.echo(line)
