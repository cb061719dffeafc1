"""The database's content as a cheap fingerprint (rows per table and a hash of them), which tables a request may
have changed, and putting a saved content back, so that every fuzzed request meets the same world.

Hashing every table after every request would cost more than the request. So the engine's statements are watched:
a request that sent no INSERT, UPDATE or DELETE changed nothing; one that did has the tables it wrote (and every
table that refers to them, since a delete may cascade) fingerprinted and compared. A write statement whose table
cannot be read from it counts as writing every table.
"""

import hashlib
import re

from sqlalchemy import event, insert

from core.extensions import db
from core.operations.backup import BOOKKEEPING_TABLES

READS = re.compile(r"\s*(SELECT|PRAGMA|BEGIN|SAVEPOINT|RELEASE|ROLLBACK|COMMIT|SET|SHOW)\b", re.IGNORECASE)
WRITE = re.compile(r"\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)\"?", re.IGNORECASE)
EVERY_TABLE = "*"


def tables():
    """Data tables: not the bookkeeping (Alembic's revision; the page cache's counter, which restoring moves)."""
    return [table for table in db.metadata.sorted_tables if table.name not in BOOKKEEPING_TABLES]


def with_dependents(names: set[str]) -> set[str]:
    """The tables and every table that refers to them, directly or not."""
    affected = set(names)
    for table in tables():  # parents come first, so one pass collects the dependents
        if any(fk.column.table.name in affected for fk in table.foreign_keys):
            affected.add(table.name)
    return affected


class WriteWatch:
    """The tables written through the engine since the last `take()`."""

    def __init__(self, engine):
        self.engine, self.written = engine, set()
        event.listen(engine, "before_cursor_execute", self.seen)

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self.seen)

    def seen(self, conn, cursor, statement, parameters, context, executemany):
        if READS.match(statement):
            return
        match = WRITE.match(statement)
        self.written.add(match.group(1) if match else EVERY_TABLE)

    def take(self) -> set[str]:
        written, self.written = self.written, set()
        if EVERY_TABLE in written:
            return {table.name for table in tables()}
        return with_dependents(written)


def fingerprint(names: set[str] | None = None) -> dict[str, tuple[int, str]]:
    """Per table (all, or `names`): its row count and a hash of its rows (sorted: row order does not matter)."""
    db.session.expire_all()
    result = {}
    for table in tables():
        if names is None or table.name in names:
            rows = sorted(map(repr, db.session.execute(table.select()).all()))
            result[table.name] = (len(rows), hashlib.sha1("\n".join(rows).encode()).hexdigest())
    db.session.rollback()
    return result


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(name for name in before if before[name] != after[name])


class Saved:
    """Every row of every table at one moment."""

    def __init__(self):
        db.session.expire_all()
        self.rows = {
            table.name: [dict(row._mapping) for row in db.session.execute(table.select())] for table in tables()
        }
        db.session.rollback()
        self.fingerprint = fingerprint()

    def changed(self, names: set[str]) -> list[str]:
        """Which of the tables `names` differ from the saved content."""
        return changed_tables(fingerprint(names), self.fingerprint)

    def restore(self, changed: list[str]) -> None:
        """Put back the changed tables and every table that refers to them (deleting a row may have cascaded)."""
        affected = with_dependents(set(changed))
        ordered = [table for table in tables() if table.name in affected]
        for table in reversed(ordered):
            db.session.execute(table.delete())
        for table in ordered:
            if self.rows[table.name]:
                db.session.execute(insert(table), self.rows[table.name])
        db.session.commit()
        assert self.changed(affected) == [], "the world could not be restored"
