"""A PostgreSQL database for benchmarks that must run on it: DATABASE_URL when that is PostgreSQL, else one of their
own on 127.0.0.1, created when missing. Reaching neither is a one-line error, not a traceback."""

import os

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

LOCAL_SERVER = "postgresql://postgres@127.0.0.1:5432"
CONNECT_TIMEOUT_S = 5


def is_postgres(url: str | None) -> bool:
    return bool(url) and url.split("://", 1)[0].split("+", 1)[0] in ("postgres", "postgresql")


def libpq_url(url: str) -> str:
    """The URL psycopg itself takes: without SQLAlchemy's `+psycopg` driver part."""
    scheme, rest = url.split("://", 1)
    return f"{scheme.split('+', 1)[0]}://{rest}"


def sqlalchemy_url(url: str) -> str:
    """The URL SQLAlchemy takes, through psycopg 3 (the app's driver)."""
    return "postgresql+psycopg://" + libpq_url(url).split("://", 1)[1]


def bench_database(own_name: str) -> tuple[str, dict[str, str]]:
    """The database URL to use and the server environment that selects it.

    DATABASE_URL wins when it is PostgreSQL (the harness then empties it only if it is `test` or
    BENCH_RESET_POSTGRES=1); otherwise the bench's own database `own_name` on 127.0.0.1, which it may always empty.
    :raises SystemExit: with one line when PostgreSQL cannot be reached.
    """
    given = os.environ.get("DATABASE_URL")
    if is_postgres(given):
        check_reachable(libpq_url(given))
        return libpq_url(given), {"DATABASE_URL": libpq_url(given)}
    url = f"{LOCAL_SERVER}/{own_name}"
    create_database(url)
    return url, {"DATABASE_URL": url, "BENCH_RESET_POSTGRES": "1"}


def check_reachable(url: str) -> None:
    try:
        psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S).close()
    except psycopg.OperationalError as error:
        raise SystemExit(f"bench: PostgreSQL is unreachable at {safe(url)}: {first_line(error)}") from None


def create_database(url: str) -> None:
    """Create the database of `url` on its server unless it exists (CREATE DATABASE cannot run in a transaction)."""
    name = conninfo_to_dict(url)["dbname"]
    server_url = url.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(server_url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S) as conn:
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as error:
        raise SystemExit(f"bench: PostgreSQL is unreachable at {safe(server_url)}: {first_line(error)}") from None


def safe(url: str) -> str:
    """The URL without a password, for messages."""
    info = conninfo_to_dict(url)
    return f"{info.get('host', 'localhost')}:{info.get('port', 5432)}/{info.get('dbname', '')}"


def first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
