"""The content version: one counter row that every committed change to what public pages show moves on.

Public pages cache their rendering per worker (core.caching.pages) and check the counter on each request, so an
organizer's change shows on the next request in every worker, with no invalidation to remember per view. Writes to
tables that no cached page shows, or that a page reads afresh on every request (seats, check-ins, mail, jobs),
leave the counter alone, or a ticket opening would throw the cache away with every booking.

The counter moves in `before_commit`, after the transaction's other writes: it is the last lock a transaction
takes, so it cannot take part in a deadlock (a lock held while waiting for content rows would).
"""

from sqlalchemy import BigInteger, event, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.extensions import db

# Tables written on the hot paths whose rows no cached page renders; seats (quota, contribution.seats_taken) are
# part of the cache key where a page shows them. A table missing here only costs extra re-rendering.
UNSHOWN_TABLES = frozenset(
    {
        "admission",
        "agenda_item",
        "audit_log",
        "booking",
        "cafe_choice",
        "cafe_opt_in",
        "check_in",
        "cockpit_message_recipient",
        "content_version",
        "contribution_review",
        "door_count",
        "job",
        "outbox_mail",
        "quota",
        "series_contact",
        "ticket",
        "waitlist_entry",
        "workshop_signup",
    }
)
# Columns of shown tables that change on hot paths and are read afresh where shown.
UNSHOWN_COLUMNS = {"contribution": frozenset({"seats_taken", "updated_at"})}
CHANGED = "content_changed"


class ContentVersion(db.Model):
    __tablename__ = "content_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


_READ = select(ContentVersion.version).where(ContentVersion.id == 1)
_BUMP = update(ContentVersion).where(ContentVersion.id == 1).values(version=ContentVersion.version + 1)


def current_version() -> int | None:
    """The counter as this transaction sees it; None where the row is missing (then nothing is cached)."""
    return execute_rows(_READ).scalar()


def _shows(table_name: str, columns: set[str] | None = None) -> bool:
    if table_name in UNSHOWN_TABLES:
        return False
    unshown = UNSHOWN_COLUMNS.get(table_name)
    return not (unshown and columns is not None and columns <= unshown)


def _changed_columns(obj) -> set[str]:
    state = db.inspect(obj)
    return {attr.key for attr in state.attrs if attr.history.has_changes()}


def _before_flush(session: Session, _context, _instances) -> None:
    if session.info.get(CHANGED):
        return
    created_or_deleted = (obj.__table__.name for obj in [*session.new, *session.deleted])
    if any(_shows(name) for name in created_or_deleted) or any(
        _shows(obj.__table__.name, _changed_columns(obj)) for obj in session.dirty if session.is_modified(obj)
    ):
        session.info[CHANGED] = True


def _changes_shown(statement) -> bool:
    """Whether a Core statement may change what cached pages show."""
    if getattr(statement, "is_select", False):
        return False
    table = getattr(statement, "table", None)
    if table is None:  # a textual statement: nothing tells what it changes
        return True
    values = getattr(statement, "_values", None)  # the SET clause of an UPDATE built with .values()
    columns = {getattr(column, "key", column) for column in values} if values else None
    return _shows(table.name, columns)


def _on_execute(state) -> None:
    """Core INSERT, UPDATE and DELETE statements run through the session (bulk changes, conditional updates)."""
    if not state.is_select and not state.session.info.get(CHANGED) and _changes_shown(state.statement):
        state.session.info[CHANGED] = True


def execute_rows(statement, params=None):
    """Run a Core statement (it gives rows, not ORM objects) in the session's transaction, on its connection.

    The session's own path for a statement (autoflush, options, events) costs about twice what the database does
    for a primary-key read, so hot paths go around it. A statement that may change shown content still goes
    through the session, whose hook above moves the content version; pending ORM changes are flushed first, as
    the session would, so the statement sees them.
    """
    if _changes_shown(statement):
        return db.session.execute(statement, params)
    session = db.session()
    if session.new or session.dirty or session.deleted:
        session.flush()
    return session.connection().execute(statement, params)


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return
    session.flush()  # changes still pending would otherwise be written after this hook
    if session.info.pop(CHANGED, False):
        session.connection().execute(_BUMP)


def _forget(session: Session, transaction) -> None:
    """The transaction ended (committed or rolled back); a savepoint's end keeps the mark (at worst one extra bump)."""
    if transaction.parent is None:
        session.info.pop(CHANGED, None)


def watch_changes(sessions) -> None:
    """Listen on the sessions of Treffpunkt's `db` (its own session class, not every Flask-SQLAlchemy session in the
    process); idempotent, since tests build many apps."""
    for name, listener in (
        ("before_flush", _before_flush),
        ("do_orm_execute", _on_execute),
        ("before_commit", _before_commit),
        ("after_transaction_end", _forget),
    ):
        if not event.contains(sessions, name, listener):
            event.listen(sessions, name, listener)
