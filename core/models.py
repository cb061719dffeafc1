"""Organizer accounts, editable legal pages and the audit log."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UTCDateTime, utcnow
from core.extensions import db

ROLES = ("admin", "program", "checkin")


class User(UserMixin, db.Model):
    """An account: an organizer (roles decide which organizer pages it may use) or a partner user (no roles;
    memberships in organizations decide what it may see and change)."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    roles_text: Mapped[str] = mapped_column("roles", String(60), default="")
    is_active: Mapped[bool] = mapped_column(default=True)
    # Partner users (no organizer roles) sign themselves up and must confirm their address before they can log in.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(r for r in self.roles_text.split(",") if r)

    @roles.setter
    def roles(self, value) -> None:
        unknown = set(value) - set(ROLES)
        if unknown:
            raise ValueError(f"unknown roles: {sorted(unknown)}")
        self.roles_text = ",".join(r for r in ROLES if r in value)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))

    def __repr__(self) -> str:
        return f"<User {self.email} {self.roles_text}>"


class LegalPage(db.Model):
    """Impressum and Datenschutzerklärung: linked from every page, edited by an admin."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    title_de: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    body_de: Mapped[str] = mapped_column(Text, default="")
    body_en: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def title(self, locale: str) -> str:
        return self.title_en if locale == "en" and self.title_en else self.title_de

    def body(self, locale: str) -> str:
        return self.body_en if locale == "en" and self.body_en else self.body_de


class AuditLog(db.Model):
    """Who changed what, when: one row per organizer action."""

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(60))
    target: Mapped[str] = mapped_column(String(200), default="")
    # What the row is about, when that is a row of its own ("ticket", 17): filters find it, and retention blanks the
    # text of rows about people it anonymises.
    subject_kind: Mapped[str | None] = mapped_column(String(30))
    subject_id: Mapped[int | None] = mapped_column()

    __table_args__ = (
        Index("ix_audit_log_subject", "subject_kind", "subject_id"),
        Index("ix_audit_log_user_id", "user_id"),
        Index("ix_audit_log_at", "at"),
    )
