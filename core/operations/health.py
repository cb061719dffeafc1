"""`GET /health` for load balancers: 200 when the database answers, its migrations are current and the mail outbox
is not stuck; 503 naming what is wrong otherwise. It shows no personal data and needs no login."""

import re
from datetime import timedelta

from flask import Blueprint, current_app, jsonify
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from core.db import utcnow
from core.extensions import db
from core.mail.outbox import OutboxMail

bp = Blueprint("health", __name__)
STUCK_AFTER = timedelta(minutes=15)  # due mail older than this: no worker is sending
REVISION_LINE = re.compile(r"""^(?P<down>down_)?revision = ['"](?P<id>[0-9a-z_]+)['"]""", re.MULTILINE)


@bp.get("/health")
def health():
    checks = {"database": database_ok(), "migrations": "unknown", "outbox": "unknown"}
    if checks["database"] == "ok":
        checks["migrations"] = migrations_current()
    if checks["migrations"] == "ok":
        checks["outbox"] = outbox_moving()
    healthy = all(value == "ok" for value in checks.values())
    response = jsonify(status="ok" if healthy else "failing", checks=checks)
    response.headers["Cache-Control"] = "no-store"
    return response, 200 if healthy else 503


def database_ok() -> str:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return "unreachable"
    return "ok"


def migrations_current() -> str:
    """The database's Alembic revision against the newest one in migrations/ (read without loading Alembic)."""
    try:
        stored = db.session.scalar(text("SELECT version_num FROM alembic_version"))
    except SQLAlchemyError:
        db.session.rollback()
        return "not_migrated"
    return "ok" if stored == newest_revision() else "behind"


def newest_revision() -> str | None:
    """The head of migrations/versions: the revision no other revision names as its parent."""
    revisions, parents = set(), set()
    for path in current_app.config["MIGRATIONS_FOLDER"].glob("*.py"):
        for found in REVISION_LINE.finditer(path.read_text()):
            (parents if found["down"] else revisions).add(found["id"])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def outbox_moving() -> str:
    oldest_due = db.session.scalar(select(func.min(OutboxMail.next_attempt_at)).where(OutboxMail.status == "pending"))
    return "stuck" if oldest_due is not None and oldest_due < utcnow() - STUCK_AFTER else "ok"
