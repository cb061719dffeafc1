"""Organizer accounts, legal pages and the audit log as plain functions on the session."""

import secrets

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import String, bindparam, cast, inspect, literal, select, update
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.util import identity_key

from core.caching.versions import execute_rows
from core.db import utcnow
from core.errors import DomainError
from core.extensions import db
from core.models import AuditLog, LegalPage, User
from core.security.guards import hash_password, verify_password

LEGAL_PAGES = {
    "impressum": ("Impressum", "Legal notice"),
    "datenschutz": ("Datenschutzerklärung", "Privacy policy"),
}


class AccountError(DomainError):
    """A rule about organizer accounts was broken; `code` says which."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_user(email: str, name: str, password: str, roles) -> User:
    """Create an organizer account. :raises AccountError: email_invalid, email_taken, password_too_short."""
    email = normalise_email(email)
    if not is_email_address(email):
        raise AccountError("email_invalid")
    if len(password) < 10:
        raise AccountError("password_too_short")
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise AccountError("email_taken")
    # An admin creates organizer accounts and hands them over: the address needs no confirmation link.
    user = User(email=email, name=name.strip(), password_hash=hash_password(password), email_confirmed_at=utcnow())
    user.roles = roles
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    ok = verify_password(user.password_hash if user else None, password)
    return user if ok and user.is_active else None


def is_email_address(text: str) -> bool:
    """An address as the login form accepts it (email-validator's syntax check, no DNS lookup)."""
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def record_action(
    user: User | None, action: str, target: object = "", *, subject: tuple[str, int] | None = None
) -> None:
    """Append an audit log row for an organizer action; `subject` names the row it is about, e.g. ("ticket", 17)."""
    kind, subject_id = subject or (None, None)
    db.session.add(
        AuditLog(
            user_id=user.id if user else None,
            action=action,
            target=str(target)[:200],
            subject_kind=kind,
            subject_id=subject_id,
        )
    )


def blank_audit_subjects(kind: str, ids) -> int:
    """Retention: rows about these people keep only what they are about ("ticket 17"), no text that may name them.
    `ids` is a list or a select of ids."""
    bare = literal(f"{kind} ") + cast(AuditLog.subject_id, String)
    query = (
        update(AuditLog)
        .where(AuditLog.subject_kind == kind, AuditLog.subject_id.in_(ids), AuditLog.target != bare)
        .values(target=bare)
        .execution_options(synchronize_session=False)
    )
    return db.session.execute(query).rowcount


def legal_page(slug: str, *, create: bool = False) -> LegalPage:
    """The legal page for `slug`; an empty one if none was written yet (added to the session if `create`)."""
    page = db.session.scalar(select(LegalPage).where(LegalPage.slug == slug))
    if page is None:
        title_de, title_en = LEGAL_PAGES[slug]
        page = LegalPage(slug=slug, title_de=title_de, title_en=title_en, body_de="", body_en="")
        if create:
            db.session.add(page)
    return page


RETENTION_PLACEHOLDER = "{retention_days}"


def legal_body(page: LegalPage, lang: str, *, retention_days: int, default: str = "") -> str:
    """The page's text in `lang` (else `default`), its `{retention_days}` filled from the setting, so the
    privacy policy states the period retention really keeps (one source of truth: RETENTION_DAYS)."""
    body = page.body(lang) or default
    return body.replace(RETENTION_PLACEHOLDER, str(retention_days))


def legal_blocks(body: str) -> list[tuple[str, str]]:
    """The text cut into ("heading" | "to_complete" | "paragraph", text) blocks: a paragraph starting with "## "
    is a heading, one in [square brackets] a part the organizers still have to fill in."""
    blocks = []
    for paragraph in (p.strip() for p in body.replace("\r\n", "\n").split("\n\n")):
        if paragraph.startswith("## "):
            blocks.append(("heading", paragraph[3:].strip()))
        elif paragraph.startswith("[") and paragraph.endswith("]"):
            blocks.append(("to_complete", paragraph[1:-1].strip()))
        elif paragraph:
            blocks.append(("paragraph", paragraph))
    return blocks


def update_legal_page(page: LegalPage, *, body_de: str, body_en: str, actor: User) -> None:
    page.body_de = body_de
    page.body_en = body_en
    record_action(actor, "legal_page.update", page.slug)


# Built once: Flask-Login loads the user on every request of a logged-in organizer or partner (each scan at the door).
_USER_COLUMNS = [attribute.key for attribute in inspect(User).column_attrs]
ACTIVE_USER = select(*(getattr(User, key).label(key) for key in _USER_COLUMNS)).where(
    User.id == bindparam("id"), User.is_active.is_(True)
)


def active_user(user_id: int) -> User | None:
    """The account with `user_id` if it is active (a deactivated account is logged out on its next request).

    Read as one row and attached to the session as the persistent object it is (SQLAlchemy's
    `make_transient_to_detached`): the same User, lazy loads and all, without the ORM's query path, which cost a
    tenth of a scan.
    """
    session = db.session()
    known = session.identity_map.get(identity_key(User, user_id))
    if known is not None:
        return known if known.is_active else None
    row = execute_rows(ACTIVE_USER, {"id": user_id}).first()
    if row is None:
        return None
    user = User(**row._mapping)
    make_transient_to_detached(user)
    session.add(user)
    return user
