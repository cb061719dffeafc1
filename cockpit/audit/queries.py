"""Reading the audit log: filters, keyset pages (newest first), and the choices the filter form offers."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, or_, select

from core.extensions import db
from core.models import AuditLog, User

PER_PAGE = 50
SYSTEM = 0  # the "person" of rows written without a user: the CLI, `flask tick`, the demo
# Organizers of these events work in German local time; dates in the filter are days there.
LOCAL_TZ = ZoneInfo("Europe/Berlin")
SUBJECT_TEXT = re.compile(r"^\s*([a-z_]+)\s*[ #:]\s*(\d{1,9})\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class AuditFilter:
    user_id: int | None = None  # SYSTEM for rows without a user
    action: str = ""  # a kind ("ticket") or one action ("ticket.cancel")
    text: str = ""  # words in the object, or "ticket 17" for the rows about that ticket
    since: date | None = None
    until: date | None = None

    def as_args(self) -> dict:
        args = {"user": self.user_id, "action": self.action, "object": self.text, "since": self.since,
                "until": self.until}  # fmt: skip
        return {name: str(value) for name, value in args.items() if value not in (None, "")}


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    action: str
    target: str
    user_name: str | None
    user_email: str | None


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    next_before: int | None  # the key of the next (older) page, None on the last page


def audit_page(filters: AuditFilter, *, before: int | None = None, per_page: int = PER_PAGE) -> AuditPage:
    """One page of rows, newest first, after the row `before` in that order (keyset on time and id: as fast on page
    1,000 as on page 1, and no row is skipped or shown twice while new rows arrive)."""
    query = filtered(
        select(AuditLog.id, AuditLog.at, AuditLog.action, AuditLog.target, User.name, User.email).outerjoin(
            User, User.id == AuditLog.user_id
        ),
        filters,
    )
    last_at = db.session.scalar(select(AuditLog.at).where(AuditLog.id == before)) if before is not None else None
    if last_at is not None:
        query = query.where(or_(AuditLog.at < last_at, and_(AuditLog.at == last_at, AuditLog.id < before)))
    newest_first = (AuditLog.at.desc(), AuditLog.id.desc())
    found = db.session.execute(query.order_by(*newest_first).limit(per_page + 1)).all()
    rows = [AuditRow(*row) for row in found[:per_page]]
    return AuditPage(rows=rows, next_before=rows[-1].id if len(found) > per_page else None)


def filtered(query: Select, filters: AuditFilter) -> Select:
    if filters.user_id == SYSTEM:
        query = query.where(AuditLog.user_id.is_(None))
    elif filters.user_id is not None:
        query = query.where(AuditLog.user_id == filters.user_id)
    if "." in filters.action:
        query = query.where(AuditLog.action == filters.action)
    elif filters.action:
        query = query.where(AuditLog.action.startswith(f"{filters.action}.", autoescape=True))
    if filters.text:
        query = query.where(object_condition(filters.text))
    if filters.since is not None:
        query = query.where(AuditLog.at >= local_midnight(filters.since))
    if filters.until is not None:
        query = query.where(AuditLog.at < local_midnight(filters.until + timedelta(days=1)))
    return query


def object_condition(text: str):
    """Words in the object's text; "ticket 17" finds the rows about ticket 17 whatever their text says (not those
    about ticket 170), and rows that name no subject by their words."""
    words = AuditLog.target.icontains(text.strip(), autoescape=True)
    subject = SUBJECT_TEXT.match(text)
    if subject is None:
        return words
    kind, subject_id = subject.group(1).lower(), int(subject.group(2))
    return or_(
        and_(AuditLog.subject_kind == kind, AuditLog.subject_id == subject_id),
        and_(AuditLog.subject_kind.is_(None), words),
    )


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), LOCAL_TZ)


def people() -> list[tuple[int, str]]:
    """Everyone who appears in the log, by name, as (id, label)."""
    in_log = select(AuditLog.user_id).where(AuditLog.user_id.is_not(None)).distinct()
    query = select(User.id, User.name, User.email).where(User.id.in_(in_log)).order_by(User.name, User.email)
    return [(user_id, f"{name} <{email}>") for user_id, name, email in db.session.execute(query)]


def action_kinds() -> list[str]:
    """The kinds of action in the log ("event", "ticket", …) followed by each action, sorted."""
    actions = sorted(db.session.scalars(select(AuditLog.action).distinct()))
    kinds = sorted({action.split(".", 1)[0] for action in actions if "." in action})
    return kinds + actions
