"""Organizations taking part in an event, the people who act for them, what they booked and what they submitted."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import UTCDateTime, utcnow
from core.extensions import db
from core.models import User
from events.models import Event
from events.program.models import Contribution
from ticketing.models import Ticket
from ticketing.models.booking import new_token

ORGANIZATION_KINDS = ("partner", "exhibitor", "sponsor", "media", "institution")
ORGANIZATION_STATES = ("submitted", "approved", "rejected", "waitlisted")
MEMBER_ROLES = ("owner", "member")


class Package(db.Model):
    """What an organization can book: booth size, staff passes, what it includes, and how many there are."""

    __table_args__ = (
        CheckConstraint("staff_passes >= 0", name="staff_passes_not_negative"),
        CheckConstraint("quantity >= 0", name="quantity_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    booth_size: Mapped[str] = mapped_column(String(60), default="")  # "3 × 3 m"; empty: no booth
    staff_passes: Mapped[int] = mapped_column(default=0)
    includes: Mapped[str] = mapped_column(Text, default="")
    quantity: Mapped[int] = mapped_column(default=0)
    position: Mapped[int] = mapped_column(default=0)

    event: Mapped[Event] = relationship()


class ContributionCall(db.Model):
    """The event's call for contributions: when partners may submit, and which formats it asks for. Its topics are
    the event's tracks."""

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), unique=True)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    deadline_at: Mapped[datetime] = mapped_column(UTCDateTime)
    formats_text: Mapped[str] = mapped_column("formats", String(200), default="talk,panel,workshop")
    description: Mapped[str] = mapped_column(Text, default="")

    event: Mapped[Event] = relationship()

    @property
    def formats(self) -> list[str]:
        return [f for f in self.formats_text.split(",") if f]

    @formats.setter
    def formats(self, value) -> None:
        self.formats_text = ",".join(value)

    def is_open(self, now: datetime) -> bool:
        return self.opens_at <= now < self.deadline_at


class Organization(db.Model):
    """A company, association or public institution registered for one event; reviewed by the organizers."""

    __table_args__ = (Index("ix_organization_event_state", "event_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="exhibitor")
    address: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    description_de: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    # Topics for the directory's filter: ids of the event's tracks, comma separated.
    topics_text: Mapped[str] = mapped_column("topics", String(200), default="")
    logo: Mapped[str] = mapped_column(String(80), default="")  # random file name under instance/uploads
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(60), default="")
    requested_package_id: Mapped[int | None] = mapped_column(ForeignKey("package.id", ondelete="SET NULL"))
    package_id: Mapped[int | None] = mapped_column(ForeignKey("package.id", ondelete="SET NULL"))
    booth_number: Mapped[str] = mapped_column(String(20), default="")
    booth_wishes: Mapped[str] = mapped_column(Text, default="")
    needs_power: Mapped[bool] = mapped_column(default=False)
    needs_internet: Mapped[bool] = mapped_column(default=False)
    wants_corner: Mapped[bool] = mapped_column(default=False)
    state: Mapped[str] = mapped_column(String(12), default="submitted")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()
    requested_package: Mapped[Package | None] = relationship(foreign_keys=[requested_package_id])
    package: Mapped[Package | None] = relationship(foreign_keys=[package_id])
    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="organization", cascade="all, delete-orphan", order_by="Membership.created_at"
    )
    messages: Mapped[list["OrganizationMessage"]] = relationship(
        back_populates="organization", cascade="all, delete-orphan", order_by="OrganizationMessage.created_at"
    )
    staff: Mapped[list["BoothStaff"]] = relationship(
        back_populates="organization", cascade="all, delete-orphan", order_by="BoothStaff.id"
    )
    # The foreign key lives in the lower table (contribution.organization_id); the relationship is declared here.
    contributions: Mapped[list[Contribution]] = relationship(
        primaryjoin="Organization.id == foreign(Contribution.organization_id)",
        order_by="Contribution.created_at",
        viewonly=True,
    )

    @property
    def topic_ids(self) -> list[int]:
        return [int(t) for t in self.topics_text.split(",") if t.isdigit()]

    @topic_ids.setter
    def topic_ids(self, value) -> None:
        self.topics_text = ",".join(str(t) for t in sorted(set(value)))

    @property
    def is_approved(self) -> bool:
        return self.state == "approved"

    def description(self, locale: str) -> str:
        return self.description_en if locale == "en" and self.description_en else self.description_de

    def __repr__(self) -> str:
        return f"<Organization {self.name} {self.state}>"


class Membership(db.Model):
    """A partner user acting for an organization; owners may invite and remove members."""

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(10), default="member")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()
    organization: Mapped[Organization] = relationship(back_populates="memberships")


class Invitation(db.Model):
    """An emailed invitation to join an organization; its token is the link's key, used once."""

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organization: Mapped[Organization] = relationship()
    invited_by: Mapped[User | None] = relationship()

    def usable(self, now: datetime) -> bool:
        return self.accepted_at is None and self.revoked_at is None and now < self.expires_at


class OrganizationMessage(db.Model):
    """What the organizers told an organization (with a review decision, or a comment); the members see it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    # The state the review set with this message, or "" for a comment.
    state: Mapped[str] = mapped_column(String(12), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organization: Mapped[Organization] = relationship(back_populates="messages")
    author: Mapped[User | None] = relationship()


class BoothStaff(db.Model):
    """A person working at the booth, with an exhibitor ticket (QR) that takes no seat from the public quotas."""

    __table_args__ = (UniqueConstraint("organization_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organization: Mapped[Organization] = relationship(back_populates="staff")
    ticket: Mapped[Ticket | None] = relationship()
