from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from core.extensions import db
from tests.factories import make_event


def test_migrations_match_the_models(app_ctx):
    with db.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), db.metadata)

    assert differences == []


def test_times_are_stored_in_utc_and_come_back_aware(app_ctx):
    event = make_event()
    event.starts_at = datetime(2027, 5, 26, 9, 0, tzinfo=timezone(timedelta(hours=2)))
    db.session.commit()
    db.session.expire_all()

    assert event.starts_at == datetime(2027, 5, 26, 7, 0, tzinfo=UTC)
    assert event.starts_at.tzinfo == UTC


def test_naive_datetimes_are_refused(app_ctx):
    event = make_event()
    event.starts_at = datetime(2027, 5, 26, 9, 0)

    with pytest.raises(Exception, match="naive datetime"):
        db.session.flush()
    db.session.rollback()


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(app_ctx):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite settings")
    with db.engine.connect() as conn:
        mode = conn.execute(text("PRAGMA journal_mode")).scalar()
        timeout = conn.execute(text("PRAGMA busy_timeout")).scalar()
        foreign_keys = conn.execute(text("PRAGMA foreign_keys")).scalar()

    assert (mode, timeout, foreign_keys) == ("wal", 15000, 1)
