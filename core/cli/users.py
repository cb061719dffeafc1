"""`flask users create` and `flask users list`."""

import click
from flask.cli import AppGroup

from core import services
from core.extensions import db
from core.models import ROLES

users_cli = AppGroup("users", help="Organizer accounts.")


@users_cli.command("create")
@click.argument("email")
@click.option("--name", default="", help="Display name (defaults to the email).")
@click.option("--role", "roles", multiple=True, type=click.Choice(ROLES), required=True, help="Repeat for several.")
@click.option("--password", default=None, help="Leave out to be asked (or to generate one with --generate).")
@click.option("--generate", is_flag=True, help="Generate a password and print it.")
def create_user_command(email, name, roles, password, generate):
    """Create an organizer account."""
    if generate:
        password = services.generate_password()
    elif password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = services.create_user(email, name or email, password, roles)
    except services.AccountError as error:
        if error.code == "email_invalid":
            raise click.ClickException(f'"{email}" is not an email address.') from error
        raise click.ClickException(error.code.replace("_", " ")) from error
    db.session.commit()
    click.echo(f"Created {user.email} with roles {', '.join(sorted(user.roles))}.")
    if generate:
        click.echo(f"Password: {password}")


@users_cli.command("list")
def list_users_command():
    """List organizer accounts and their roles."""
    from sqlalchemy import select

    from core.models import User

    for user in db.session.scalars(select(User).order_by(User.email)):
        click.echo(f"{user.email}\t{user.roles_text}\t{'active' if user.is_active else 'inactive'}")


def organizer_named(email: str):
    from core.security import accounts

    user = accounts.organizer_by_email(email)
    if user is None:
        raise click.ClickException(f"No organizer account has the address {email}.")
    return user


def run_account_rule(action, *args, **kwargs) -> None:
    """Apply a rule of core.security.accounts (the same the admins' user pages use) and commit, or say why not."""
    try:
        action(*args, actor=None, **kwargs)
    except services.AccountError as error:
        raise click.ClickException(error.code.replace("_", " ")) from error
    db.session.commit()


@users_cli.command("roles")
@click.argument("email")
@click.option("--role", "roles", multiple=True, type=click.Choice(ROLES), required=True, help="Repeat for several.")
def set_roles_command(email, roles):
    """Set an organizer's roles (the last active admin keeps the admin role)."""
    from core.security import accounts

    user = organizer_named(email)
    run_account_rule(accounts.set_roles, user, roles)
    click.echo(f"{user.email} now has roles {', '.join(sorted(user.roles))}.")


@users_cli.command("deactivate")
@click.argument("email")
def deactivate_command(email):
    """Stop an organizer from logging in; their open sessions end."""
    from core.security import accounts

    run_account_rule(accounts.deactivate, organizer_named(email))
    click.echo(f"{email} is deactivated.")


@users_cli.command("activate")
@click.argument("email")
def activate_command(email):
    """Let a deactivated organizer log in again."""
    from core.security import accounts

    run_account_rule(accounts.reactivate, organizer_named(email))
    click.echo(f"{email} is active again.")
