"""The fuzz test's judge: a change through the engine is seen and put back, and what it cannot parse counts as a
change of every table, so a refused request that wrote something cannot slip through."""

from sqlalchemy import text

from core.extensions import db
from events.models import Event
from tests.factories import make_event, make_quota
from tests.fuzz.fingerprint import Saved, WriteWatch, tables


def test_a_committed_change_is_seen_and_put_back(app_ctx):
    event = make_event()
    make_quota(event)
    saved, watch = Saved(), WriteWatch(db.engine)
    watch.take()

    event.name = "Umbenannt"
    db.session.commit()
    changed = saved.changed(watch.take())

    assert "event" in changed
    saved.restore(changed)
    assert db.session.get(Event, event.id).name == "NØRD Test"
    assert saved.changed({table.name for table in tables()}) == []


def test_a_deleted_parent_counts_its_dependents_as_written(app_ctx):
    event = make_event()
    make_quota(event)
    saved, watch = Saved(), WriteWatch(db.engine)
    watch.take()

    db.session.execute(text("DELETE FROM event"))
    db.session.commit()
    written = watch.take()

    assert {"event", "quota"} <= written
    saved.restore(saved.changed(written))
    assert saved.changed({table.name for table in tables()}) == []


def test_a_write_it_cannot_read_counts_as_writing_every_table(app_ctx):
    watch = WriteWatch(db.engine)
    watch.take()

    db.session.execute(text("WITH gone AS (SELECT 1) DELETE FROM quota"))
    db.session.rollback()

    assert watch.take() == {table.name for table in tables()}


def test_a_write_that_was_rolled_back_changed_nothing(app_ctx):
    event = make_event()
    saved, watch = Saved(), WriteWatch(db.engine)
    watch.take()

    event.name = "Nicht gespeichert"
    db.session.flush()
    db.session.rollback()

    assert saved.changed(watch.take()) == []
