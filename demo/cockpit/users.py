"""The demo's organizer team besides the admin: a program planner and a door helper (both log in with the demo
password), one invitation not yet accepted and one helper of last year, deactivated; their audit rows lie on the
demo's timeline."""

from datetime import datetime, timedelta

from sqlalchemy import select

from core.extensions import db
from core.models import AuditLog, User
from core.security import accounts
from core.security.guards import hash_password
from core.services import record_action

DEMO_PROGRAM = "programm@treffpunkt.example"
DEMO_CHECKIN = "einlass@treffpunkt.example"
# (email, name, roles, days before today the invitation went out, accepted, still active)
TEAM = (
    (DEMO_PROGRAM, "Jana Kowalski", ("program",), 120, True, True),
    (DEMO_CHECKIN, "Timo Behrens", ("checkin",), 40, True, True),
    ("aushilfe@treffpunkt.example", "Lukas Brandt", ("checkin",), 300, True, False),
    ("volontariat@treffpunkt.example", "Mira Yilmaz", ("program", "checkin"), 2, False, True),
)


def seed_team(admin: User, password: str, now: datetime) -> None:
    """Invite through the same rules the user pages use, then place each step on the timeline."""
    password_hash = hash_password(password)
    for email, name, roles, days_ago, accepted, active in TEAM:
        user = accounts.invite_user(email, name, roles, actor=admin)
        invited_at = now - timedelta(days=days_ago)
        user.created_at = invited_at
        steps = [invited_at]
        if accepted:
            user.password_hash, user.email_confirmed_at = password_hash, invited_at + timedelta(hours=3)
            record_action(user, "user.password_invitation", accounts.user_target(user), subject=("user", user.id))
            steps.append(invited_at + timedelta(hours=3))
        if not active:
            accounts.deactivate(user, actor=admin)
            steps.append(invited_at + timedelta(days=100))
        db.session.flush()
        about_user = (AuditLog.subject_kind == "user", AuditLog.subject_id == user.id)
        rows = db.session.scalars(select(AuditLog).where(*about_user).order_by(AuditLog.id))
        for row, at in zip(rows, steps, strict=True):
            row.at = at
