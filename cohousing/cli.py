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
@click.option("--scale", type=int, default=0, help="Also add 100 x N households of city data.")
@click.option("--seed", type=int, default=1, help="Random seed for --scale (same seed, same data).")
@with_appcontext
def demo(scale: int, seed: int) -> None:
    """Fill an empty database with the demo households, staff and residents; print the logins.

    With --scale N, fill it instead with city-size data for the benchmark.
    """
    if scale:
        from cohousing.scale import fill_city

        for line in fill_city(scale=scale, seed=seed):
            click.echo(line)
        return
    from cohousing.demo import create_demo

    for line in create_demo():
        click.echo(line)
