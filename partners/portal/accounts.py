"""Partner accounts: sign-up, email confirmation and password reset by signed, time-limited links.

A link carries the state it was made for (the address and that it is unconfirmed; a fingerprint of the password
hash), so it works once: after the confirmation, or after the new password is set, the state differs and the link is
refused. Nothing is stored for a link.
"""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core.extensions import db
from core.mail.composing import render_mail
from core.mail.outbox import enqueue_mail
from core.models import User
from core.security.accounts import link_serializer, load_link, password_fingerprint
from core.security.guards import hash_password
from core.services import normalise_email
from core.urls import external_url
from partners.portal.errors import PortalError

MIN_PASSWORD_LENGTH = 10
CONFIRM_MAX_AGE_S = 3 * 24 * 3600
RESET_MAX_AGE_S = 2 * 3600


def is_partner_user(user) -> bool:
    """A partner account: logged in, with no organizer role."""
    return user.is_authenticated and not user.roles


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_partner_user(email: str, name: str, password: str, *, confirmed_at: datetime | None = None) -> User:
    """A partner account, unconfirmed unless `confirmed_at` (an invitation reached the address already).

    :raises PortalError: email_taken, password_too_short.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PortalError("password_too_short", "password")
    if user_by_email(email) is not None:
        raise PortalError("email_taken", "email")
    user = User(
        email=normalise_email(email),
        name=name.strip()[:120],
        password_hash=hash_password(password),
        email_confirmed_at=confirmed_at,
    )
    user.roles = ()
    db.session.add(user)
    db.session.flush()
    return user


def _serializer(purpose: str):
    return link_serializer(f"partner-{purpose}")


def confirmation_token(user: User) -> str:
    return _serializer("confirm").dumps([user.id, user.email])


def reset_token(user: User) -> str:
    return _serializer("reset").dumps([user.id, password_fingerprint(user)])


def _load(purpose: str, token: str, max_age: int) -> list:
    payload = load_link(f"partner-{purpose}", token, max_age)
    if payload is None:
        raise PortalError("link_invalid")
    return payload


def user_to_confirm(token: str) -> User:
    """The account a confirmation link is for. :raises PortalError: link_invalid, already_confirmed."""
    user_id, email = _load("confirm", token, CONFIRM_MAX_AGE_S)
    user = db.session.get(User, user_id)
    if user is None or user.email != email:
        raise PortalError("link_invalid")
    if user.email_confirmed_at is not None:
        raise PortalError("already_confirmed")
    return user


def confirm_email(token: str, *, now: datetime) -> User:
    """Mark the address confirmed. :raises PortalError: link_invalid, already_confirmed."""
    user = user_to_confirm(token)
    user.email_confirmed_at = now
    return user


def user_to_reset(token: str) -> User:
    """The account a reset link is for, while its password is the one the link was made for.

    :raises PortalError: link_invalid, link_used.
    """
    user_id, fingerprint = _load("reset", token, RESET_MAX_AGE_S)
    user = db.session.get(User, user_id)
    if user is None or not user.is_active or user.roles:
        raise PortalError("link_invalid")
    if fingerprint != password_fingerprint(user):
        raise PortalError("link_used")
    return user


def reset_password(token: str, password: str, *, now: datetime) -> User:
    """Set a new password through a reset link; the link reached the address, so that confirms it too.

    :raises PortalError: link_invalid, link_used, password_too_short.
    """
    user = user_to_reset(token)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PortalError("password_too_short", "password")
    user.password_hash = hash_password(password)
    user.email_confirmed_at = user.email_confirmed_at or now
    return user


def send_mail(to: str, language: str, subject, template: str, reference: str, **context) -> None:
    """Render a partner mail in the recipient's language into the outbox (sent after the caller commits)."""
    subject_text, body = render_mail(language, subject, template, context, **context)
    enqueue_mail(to=to, subject=subject_text, body_text=body, reference=reference)


def send_confirmation_mail(user: User, *, language: str) -> None:
    send_mail(
        user.email,
        language,
        _l("Please confirm your email address"),
        "partner_confirm",
        f"partner-confirm:{user.id}",
        user=user,
        confirm_url=external_url("partners.confirm", token=confirmation_token(user)),
    )


def request_confirmation_mail(email: str, *, language: str) -> None:
    """Send the link again, if there is an unconfirmed partner account for `email` (the page says the same either
    way, so it does not tell who has an account)."""
    user = user_by_email(email)
    if user is not None and user.email_confirmed_at is None and user.is_active:
        send_confirmation_mail(user, language=language)


def request_password_reset(email: str, *, language: str) -> None:
    """Mail a reset link if an active partner account has this address; silent otherwise (same answer)."""
    user = user_by_email(email)
    if user is None or not user.is_active or user.roles:  # organizer accounts are handed over by an admin
        return
    send_mail(
        user.email,
        language,
        _l("Reset your password"),
        "partner_password_reset",
        f"partner-reset:{user.id}",
        user=user,
        reset_url=external_url("partners.reset_password", token=reset_token(user)),
    )
