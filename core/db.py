"""Database conventions shared by every model: UTC timestamps, SQLite settings that survive concurrency, and one
page of a longer query result."""

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from math import ceil

from flask import has_request_context, request
from sqlalchemy import DateTime, event
from sqlalchemy.engine import Engine
from sqlalchemy.types import TypeDecorator

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Stores aware datetimes as UTC and returns them aware, so SQLite and PostgreSQL behave the same."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; attach a timezone first")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _unicode_lower(value):
    return value.lower() if isinstance(value, str) else value


def configure_sqlite(engine: Engine) -> None:
    """WAL, a busy timeout and BEGIN IMMEDIATE for writes: concurrent requests wait instead of failing.

    pysqlite's own transaction handling would delay BEGIN until the first write, which lets two writers read,
    then collide with "database is locked". We switch it off and emit BEGIN ourselves.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        # SQLite's own lower() folds only A-Z; searching "özdemir" must find "Özdemir" as on PostgreSQL.
        dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # Page views only read: a deferred transaction lets them run beside a writer (WAL readers never block).
        reading = has_request_context() and request.method in READ_ONLY_METHODS
        # Straight to the driver: SQLAlchemy's statement path (events, execution context, result) cost every request
        # more than SQLite's work for the BEGIN itself.
        connection.connection.dbapi_connection.execute("BEGIN" if reading else "BEGIN IMMEDIATE")


def change_state(obj, expected: tuple[str, ...], **values) -> bool:
    """Compare-and-set: update `obj`'s row only if its `state` is still one of `expected`.

    The row count decides who wins when two requests (or a request and `flask tick`) act on the same row, so side
    effects such as returning a seat happen exactly once.
    """
    from sqlalchemy import update

    from core.caching.versions import execute_rows
    from core.extensions import db

    model = type(obj)
    result = execute_rows(
        update(model)
        .where(model.id == obj.id, model.state.in_(expected))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(obj, list(values))
    return result.rowcount == 1


def insert_unless_exists(model, returning, **values):
    """INSERT … ON CONFLICT DO NOTHING RETURNING `returning`, on SQLite and PostgreSQL alike: the new row's value, or
    None when a unique key already held the row.

    A unique key then decides races in one statement: no savepoint, no exception as control flow.
    """
    from core.caching.versions import execute_rows
    from core.extensions import db

    columns = model.__mapper__.columns  # by attribute name; the statement takes column names
    statement = _insert_unless_exists(model.__table__, columns[returning.key].key, db.engine.dialect.name)
    return execute_rows(statement, {columns[name].key: value for name, value in values.items()}).scalar()


@cache
def _insert_unless_exists(table, returning: str, dialect_name: str):
    """The statement, built once per table: a Core INSERT whose values come as parameters (hot paths run it per
    scan; building it, and the ORM's bulk path, cost more than the database's work)."""
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = postgresql if dialect_name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing().returning(table.c[returning])


@dataclass(frozen=True)
class Page:
    """One page of a longer list, with what pagination links need."""

    items: list
    number: int
    total: int
    per_page: int = 50

    @property
    def pages(self) -> int:
        return max(ceil(self.total / self.per_page), 1)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    def numbers(self, around: int = 2) -> list[int | None]:
        """Page numbers to link: the first, the last and a few around this one; None marks a gap."""
        near = range(max(self.number - around, 1), min(self.number + around, self.pages) + 1)
        shown = sorted({1, self.pages, *near})
        numbers: list[int | None] = []
        for n in shown:
            if numbers and n - numbers[-1] == 2:  # a gap of one page: link it rather than hide it behind "…"
                numbers.append(n - 1)
            elif numbers and n - numbers[-1] > 2:
                numbers.append(None)
            numbers.append(n)
        return numbers


def page_of(query, number: int, per_page: int = 50) -> Page:
    """Page `number` of a select's rows (counted first); a number out of range shows the nearest page that exists."""
    from sqlalchemy import func, select

    from core.extensions import db

    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    number = min(max(number, 1), max(ceil(total / per_page), 1))
    items = db.session.scalars(query.limit(per_page).offset((number - 1) * per_page)).all()
    return Page(items=list(items), number=number, total=total, per_page=per_page)
