"""Organizer accounts managed by an admin (the cockpit's user pages and `flask users`), and the signed one-time
links that partner and organizer accounts share.

A link carries the state it was made for (here: a fingerprint of the password hash), so it works once: after the new
password is set the state differs and the link is refused. Nothing is stored for a link.
"""

import hashlib
import secrets
from datetime import datetime

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from core.extensions import db
from core.models import ROLES, User
from core.security.guards import hash_password
from core.services import AccountError, is_email_address, normalise_email, record_action

MIN_PASSWORD_LENGTH = 10
INVITATION_MAX_AGE_S = 7 * 24 * 3600
RESET_MAX_AGE_S = 24 * 3600
LINK_PURPOSES = {"invitation": INVITATION_MAX_AGE_S, "reset": RESET_MAX_AGE_S}


# Signed links (shared with partners/portal/accounts.py) ---------------------------------------------------------


def link_serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def password_fingerprint(user: User) -> str:
    """Changes with every new password; the hash itself never goes into a link."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:20]


def load_link(salt: str, token: str, max_age: int) -> list | None:
    """The `[int, str]` payload of a link signed with `salt`, or None if it is forged, expired or malformed."""
    try:
        payload = link_serializer(salt).loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    if not (isinstance(payload, list) and len(payload) == 2 and isinstance(payload[0], int)):
        return None
    return payload


# Organizer links --------------------------------------------------------------------------------------------------


def organizer_link(user: User, purpose: str) -> str:
    """A one-time link token for setting the password: `invitation` (a new account) or `reset`."""
    if purpose not in LINK_PURPOSES:
        raise ValueError(purpose)
    return link_serializer(f"organizer-{purpose}").dumps([user.id, password_fingerprint(user)])


def user_for_link(purpose: str, token: str) -> User:
    """The active organizer a link is for, while the password is the one it was made for.

    :raises AccountError: link_invalid, link_used.
    """
    payload = load_link(f"organizer-{purpose}", token, LINK_PURPOSES[purpose])
    user = db.session.get(User, payload[0]) if payload else None
    if user is None or not user.is_active or not user.roles:
        raise AccountError("link_invalid")
    if payload[1] != password_fingerprint(user):
        raise AccountError("link_used")
    return user


def set_password_by_link(purpose: str, token: str, password: str, *, now: datetime) -> User:
    """Set the password through an invitation or reset link; the link reached the address, so it is confirmed.

    :raises AccountError: link_invalid, link_used, password_too_short.
    """
    user = user_for_link(purpose, token)
    check_password(password)
    user.password_hash = hash_password(password)
    user.email_confirmed_at = user.email_confirmed_at or now
    record_action(user, f"user.password_{purpose}", user_target(user), subject=("user", user.id))
    return user


# Managing organizers ------------------------------------------------------------------------------------------------


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError("password_too_short", "password")


def user_target(user: User) -> str:
    return f"user {user.id} {user.email}"


def organizer_users() -> list[User]:
    """Every organizer account (partner accounts have no role), active ones first, by name."""
    query = select(User).where(User.roles_text != "").order_by(User.is_active.desc(), User.name, User.email)
    return list(db.session.scalars(query))


def organizer(user_id: int) -> User | None:
    user = db.session.get(User, user_id)
    return user if user is not None and user.roles else None


def organizer_by_email(email: str) -> User | None:
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    return user if user is not None and user.roles else None


def is_invited(user: User) -> bool:
    """Invited but the password not set yet."""
    return user.email_confirmed_at is None


def invite_user(email: str, name: str, roles, *, actor: User | None) -> User:
    """An organizer account without a usable password: the invitee sets one through the invitation link.

    :raises AccountError: email_invalid, email_taken, roles_required.
    """
    roles = checked_roles(roles)
    email = normalise_email(email)
    if not is_email_address(email):
        raise AccountError("email_invalid", "email")
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise AccountError("email_taken", "email")
    user = User(email=email, name=(name.strip() or email)[:120], password_hash=hash_password(secrets.token_urlsafe(32)))
    user.roles = roles
    db.session.add(user)
    db.session.flush()
    record_action(actor, "user.invite", f"{user_target(user)} {user.roles_text}", subject=("user", user.id))
    return user


def checked_roles(roles) -> frozenset[str]:
    roles = frozenset(roles)
    if not roles or not roles <= set(ROLES):
        # Without a role an account is a partner account: taking every role is deactivating.
        raise AccountError("roles_required", "roles")
    return roles


def set_roles(user: User, roles, *, actor: User | None) -> None:
    """Give and take roles. :raises AccountError: roles_required, own_admin_role, last_admin."""
    roles = checked_roles(roles)
    if "admin" in user.roles and "admin" not in roles:
        if actor is not None and actor.id == user.id:
            raise AccountError("own_admin_role", "roles")
        ensure_another_admin(user)
    if roles != user.roles:
        user.roles = roles
        record_action(actor, "user.roles", f"{user_target(user)} {user.roles_text}", subject=("user", user.id))


def deactivate(user: User, *, actor: User | None) -> None:
    """The user can no longer log in; their open sessions end (the session loader refuses inactive users).

    :raises AccountError: own_account, last_admin.
    """
    if actor is not None and actor.id == user.id:
        raise AccountError("own_account")
    if not user.is_active:
        return
    if "admin" in user.roles:
        ensure_another_admin(user)
    user.is_active = False
    record_action(actor, "user.deactivate", user_target(user), subject=("user", user.id))


def reactivate(user: User, *, actor: User | None) -> None:
    if not user.is_active:
        user.is_active = True
        record_action(actor, "user.reactivate", user_target(user), subject=("user", user.id))


def ensure_another_admin(user: User) -> None:
    """Some other active admin remains. The admins' rows are locked first, so two admins taking each other's role
    at the same time cannot both succeed. :raises AccountError: last_admin."""
    admins = select(User.id).where(User.is_active, User.roles_text.contains("admin")).with_for_update()
    if not set(db.session.scalars(admins)) - {user.id}:
        raise AccountError("last_admin")


def record_reset_link(user: User, *, actor: User | None) -> None:
    """Audit that a reset link was mailed (the view sends it). :raises AccountError: inactive."""
    if not user.is_active:
        raise AccountError("inactive")
    record_action(actor, "user.reset_link", user_target(user), subject=("user", user.id))
