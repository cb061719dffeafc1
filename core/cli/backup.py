"""`flask backup create PATH` and `flask backup restore PATH [--force]` (docs/backup.md)."""

from collections.abc import Callable
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError

from core.db import utcnow
from core.extensions import db
from core.operations.backup import BackupError, Manifest, create_backup, restore_backup

backup_cli = AppGroup("backup", help="Back up and restore the database and the uploaded files.")
ARCHIVE = click.Path(dir_okay=False, path_type=Path)


@backup_cli.command("create")
@click.argument("path", type=ARCHIVE)
def create_command(path: Path) -> None:
    """Write the database and the uploads into a new archive PATH (.tar.gz), while the server keeps running."""
    manifest = reported(lambda: create_backup(path, now=utcnow()))
    size = path.stat().st_size
    click.echo(f"Backup written to {path} ({size:,} bytes): {summary(manifest)}.")


@backup_cli.command("restore")
@click.argument("path", type=ARCHIVE)
@click.option("--force", is_flag=True, help="Replace the data of an instance that is not empty.")
def restore_command(path: Path, force: bool) -> None:
    """Restore the archive PATH into this (empty) instance and migrate it to the current version."""
    manifest = reported(lambda: restore_backup(path, force=force))
    click.echo(f"Restored {path} (made {manifest.created_at}): {summary(manifest)}.")


def summary(manifest: Manifest) -> str:
    return f"{manifest.database} database at revision {manifest.alembic_revision}, {manifest.uploads} uploaded files"


def reported(action: Callable[[], Manifest]) -> Manifest:
    """Run `action`; every failure becomes one line on stderr and exit status 1, never a traceback."""
    try:
        return action()
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    except SQLAlchemyError as error:
        db.session.rollback()
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise click.ClickException(f"database error: {reason}") from None
    except OSError as error:
        raise click.ClickException(str(error)) from None
