"""Dumping and loading the database for backups: SQLite through its online backup API, PostgreSQL through
pg_dump, pg_restore and psql (the client tools, found on PATH). May import core only."""

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import URL


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is one line for the operator."""


def sqlite_path(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BackupError("an in-memory SQLite database cannot be backed up or restored; use a file")
    return Path(database)


def dump_sqlite(engine: Engine, dump: Path) -> str:
    """Copy the database through SQLite's online backup API; returns the copy's Alembic revision.

    The copy is made in one step (pages=-1): one read transaction, so it is one consistent snapshot, and in WAL
    mode the server's writers go on meanwhile. Copying in steps would restart on every write of a busy server.
    """
    source_path = sqlite_path(engine)
    if not source_path.is_file():
        raise BackupError(f"the database file {source_path} does not exist")
    try:
        with closing(sqlite3.connect(source_path, timeout=15)) as source, closing(sqlite3.connect(dump)) as copy:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError(f"the database {source_path} is damaged (PRAGMA quick_check); no backup written")
            return stored_revision(copy)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"cannot read the database {source_path}: {error}") from None


def stored_revision(connection: sqlite3.Connection) -> str:
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:
        row = None
    if row is None:
        raise BackupError("the database is not migrated (no Alembic revision); run `flask db upgrade` first")
    return row[0]


def restore_sqlite(engine: Engine, dump: Path) -> None:
    """Copy the backup over the database file through the backup API (a valid database at every moment)."""
    engine.dispose()  # no pooled connection may keep the old content in a transaction
    target_path = sqlite_path(engine)
    target_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with closing(sqlite3.connect(dump)) as source, closing(sqlite3.connect(target_path, timeout=15)) as target:
            source.backup(target)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"cannot write the database {target_path}: {error}") from None


def client_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} not found on PATH; install the PostgreSQL client tools (e.g. postgresql-client)")
    return found


def libpq_target(url: URL) -> tuple[str, dict[str, str]]:
    """The URL for pg_dump and psql, with the password in the environment rather than in the process list."""
    environment = dict(os.environ)
    if url.password is not None:
        environment["PGPASSWORD"] = str(url.password)
    plain = url._replace(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), environment


def run_tool(command: list[str], environment: dict[str, str], what: str) -> None:
    try:
        result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    except OSError as error:
        raise BackupError(f"{what}: {error}") from None
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        raise BackupError(f"{what}: {lines[-1] if lines else f'exit status {result.returncode}'}")


def dump_postgres(engine: Engine, dump: Path) -> str:
    """pg_dump in its custom format (one snapshot while the server writes); returns the Alembic revision."""
    pg_dump = client_tool("pg_dump")
    with engine.connect() as connection:
        has_revision = inspect(connection).has_table("alembic_version")
        revision = connection.scalar(text("SELECT version_num FROM alembic_version")) if has_revision else None
    if revision is None:
        raise BackupError("the database is not migrated (no Alembic revision); run `flask db upgrade` first")
    target, environment = libpq_target(engine.url)
    command = [pg_dump, "--format=custom", "--no-owner", "--no-privileges", "--file", str(dump), target]
    run_tool(command, environment, "pg_dump failed")
    return revision


# Empties the schema without owning it: every table, view, sequence and type in public, then the restored ones.
CLEAR_PUBLIC_SCHEMA = """
SELECT format('DROP %s IF EXISTS %I.%I CASCADE;',
              CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'
                             ELSE 'TABLE' END, n.nspname, c.relname)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
UNION ALL
SELECT format('DROP TYPE IF EXISTS %I.%I CASCADE;', n.nspname, t.typname)
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd')
"""


def restore_postgres(engine: Engine, dump: Path) -> None:
    """Empty the database and load the dump in ONE transaction (psql): a failing restore leaves it as it was."""
    pg_restore, psql = client_tool("pg_restore"), client_tool("psql")
    script = dump.with_suffix(".sql")
    as_sql = [pg_restore, "--no-owner", "--no-privileges", "--file", str(script), str(dump)]
    run_tool(as_sql, dict(os.environ), "pg_restore failed")
    with engine.connect() as connection:
        drops = list(connection.scalars(text(CLEAR_PUBLIC_SCHEMA)))
    clear = dump.with_suffix(".clear.sql")
    clear.write_text("\n".join(drops) + "\n")
    engine.dispose()
    target, environment = libpq_target(engine.url)
    command = [psql, "--no-psqlrc", "--quiet", "--set", "ON_ERROR_STOP=1", "--single-transaction"]
    run_tool([*command, "--file", str(clear), "--file", str(script), target], environment, "restore failed")
