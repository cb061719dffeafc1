"""Database trouble on the command line as one clear line and a non-zero exit, never a traceback.

Every command of the `flask` CLI (ours and Flask-Migrate's `db`) has its callback wrapped once at start: an error
that says the database is missing, unreachable or not migrated becomes a `click.ClickException`.
"""

import functools

import click
from sqlalchemy.exc import DBAPIError, NoSuchModuleError, OperationalError, ProgrammingError

NOT_MIGRATED = ("no such table", "does not exist", "undefinedtable", "no such column", "undefinedcolumn")
UNREACHABLE = ("connection", "could not connect", "unable to open database file", "password authentication")


def database_error_line(error: DBAPIError) -> str:
    """What went wrong and what to do, in one line."""
    detail = str(error.orig).strip().splitlines()[0] if error.orig is not None else str(error)
    lowered = f"{type(error.orig).__name__} {detail}".lower()
    if isinstance(error, OperationalError) and any(word in lowered for word in UNREACHABLE):
        return f"Cannot reach the database ({detail}). Check DATABASE_URL and that the database server runs."
    if any(word in lowered for word in NOT_MIGRATED):
        return f"The database is not set up or not up to date ({detail}). Run `flask db upgrade` first."
    return f"Database error: {detail}"


def with_clear_database_errors(callback):
    @functools.wraps(callback)
    def run(*args, **kwargs):
        try:
            return callback(*args, **kwargs)
        except (OperationalError, ProgrammingError) as error:
            raise click.ClickException(database_error_line(error)) from None
        except NoSuchModuleError as error:
            raise click.ClickException(f"Unsupported database: {error}") from None

    return run


def guard_commands(command: click.Command) -> None:
    """Wrap the callback of `command` and, for a group, of every command below it."""
    if command.callback is not None and not getattr(command.callback, "clear_database_errors", False):
        command.callback = with_clear_database_errors(command.callback)
        command.callback.clear_database_errors = True
    for sub in getattr(command, "commands", {}).values():
        guard_commands(sub)
