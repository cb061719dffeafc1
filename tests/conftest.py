"""Fixtures: one database per run (SQLite file, or DATABASE_URL for PostgreSQL), migrated with Alembic once,
emptied after each test; a fresh app per test so rate limits and config never leak between tests."""

import contextvars
import os
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from app import create_app, database_url
from core.extensions import db
from core.operations.backup import BOOKKEEPING_TABLES

ROOT = Path(__file__).resolve().parent.parent


def compile_translations() -> None:
    """Compile the .po catalogs, so `pytest` alone works on a fresh clone (the Makefile does the same)."""
    for po in (ROOT / "translations").glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as source, mo.open("wb") as target:
                write_mo(target, read_po(source))


def reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


class IsolatedClient(FlaskClient):
    """Runs each request in its own app context (own `g`, own DB session), as a real server does.

    Flask reuses an app context that the test has pushed, which would share `g` and the session between the test
    and its requests and hide real bugs. The test's own session is committed before and expired after each request,
    so the test sees exactly what the request stored.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            db.session.commit()
        kwargs.setdefault("buffered", True)  # read streamed bodies while the request's context is alive
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context():
            db.session.expire_all()
        return response


@pytest.fixture(scope="session")
def database_uri(tmp_path_factory):
    compile_translations()
    if os.environ.get("DATABASE_URL"):
        uri = database_url(None)
        reset_postgres(uri)
    else:
        uri = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": "test", "MIGRATIONS_ENABLED": True}
    )
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        db.engine.dispose()
    return uri


def make_test_app(database_uri: str, instance_path, **config):
    """The app as every test sees it: the run's database, a fixed key, its own instance folder."""
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_uri,
            "SECRET_KEY": "test-secret",
            "SERVER_NAME": "localhost",
            **config,
        }
    )
    app.instance_path = str(instance_path)
    app.test_client_class = IsolatedClient
    return app


def empty_tables(app) -> None:
    """Delete every row (the schema and its migration stamp stay), so the next test starts from nothing."""
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                if table.name not in BOOKKEEPING_TABLES:  # the migrations' rows stay
                    conn.execute(table.delete())
        db.engine.dispose()


@pytest.fixture
def app(database_uri, tmp_path):
    app = make_test_app(database_uri, tmp_path)
    yield app
    empty_tables(app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield app


@pytest.fixture(autouse=True)
def forget_vobject_timezones():
    """vobject keeps the first VTIMEZONE it reads per TZID for the whole process, so a calendar read in one test would
    decide the offsets of every later test's calendar; each test reads its own (UTC, vobject's own, stays)."""
    import vobject.icalendar

    registry = vars(vobject.icalendar)["__tzidMap"]
    for tzid in [tzid for tzid in registry if tzid != "UTC"]:
        del registry[tzid]
