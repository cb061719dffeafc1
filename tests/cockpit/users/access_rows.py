"""Rows of the access table for the user pages: admins only; the one-button POSTs answer 302 (they act, or refuse
with a message, and return to the user's page). The world's organizer to act on is the check-in account."""

from sqlalchemy import select

from core.extensions import db
from core.models import User
from tests.partners.access_matrix import organizer_row

ADMIN = ("admin",)
USER = "/manage/users/<int:user_id>"
USER_PATH = "/manage/users/{organizer_user}"


def world() -> dict:
    """What the rows need beyond the shared world: an organizer account (the world's `user` is a partner)."""
    return {"organizer_user": db.session.scalar(select(User.id).where(User.email == "tuer@example.org"))}


ROWS = [
    organizer_row("/manage/users/", ADMIN),
    organizer_row("/manage/users/invite", ADMIN),
    organizer_row(USER, ADMIN, path=USER_PATH),
    organizer_row(f"{USER}/deactivate", ADMIN, 302, method="POST", path=f"{USER_PATH}/deactivate"),
    organizer_row(f"{USER}/reactivate", ADMIN, 302, method="POST", path=f"{USER_PATH}/reactivate"),
    organizer_row(f"{USER}/reset", ADMIN, 302, method="POST", path=f"{USER_PATH}/reset"),
]
