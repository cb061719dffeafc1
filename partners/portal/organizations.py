"""Organizations from the partner's side: registering one for an event, its members and invitations, its public
profile and logo. Plain functions on the session; the views commit."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from core.db import insert_unless_exists
from core.extensions import db
from core.models import User
from core.services import normalise_email, record_action
from core.urls import external_url
from events.models import Event
from events.program.models import Track
from partners.models import ORGANIZATION_KINDS, Invitation, Membership, Organization, Package
from partners.portal.accounts import send_mail
from partners.portal.errors import PortalError

INVITATION_DAYS = 14


@dataclass
class Profile:
    """What the public directory shows of an organization, and who to contact."""

    description_de: str
    website: str = ""
    description_en: str = ""
    topic_ids: list[int] = field(default_factory=list)
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""


@dataclass
class Registration(Profile):
    """An organization's application for an event, as the registration form gives it."""

    name: str = ""
    kind: str = "exhibitor"
    address: str = ""
    package_id: int | None = None
    booth_wishes: str = ""
    needs_power: bool = False
    needs_internet: bool = False
    wants_corner: bool = False


def event_packages(event: Event) -> list[Package]:
    return list(db.session.scalars(select(Package).where(Package.event_id == event.id).order_by(Package.position)))


def event_topics(event: Event) -> list[Track]:
    return list(db.session.scalars(select(Track).where(Track.event_id == event.id).order_by(Track.name)))


def _checked_website(website: str) -> str:
    """Only http(s) addresses: a `javascript:` link in the directory would run in visitors' browsers."""
    website = website.strip()
    if not website:
        return ""
    parts = urlsplit(website)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise PortalError("website_invalid", "website")
    return website


def _checked_topics(event: Event, topic_ids) -> list[int]:
    known = {track.id for track in event_topics(event)}
    if not set(topic_ids) <= known:
        raise PortalError("topic_unknown", "topic_ids")
    return sorted(set(topic_ids))


def _apply_profile(organization: Organization, profile: Profile) -> None:
    organization.description_de = profile.description_de.strip()
    organization.description_en = profile.description_en.strip()
    organization.website = _checked_website(profile.website)
    organization.topic_ids = _checked_topics(organization.event, profile.topic_ids)
    organization.contact_name = profile.contact_name.strip()
    organization.contact_email = profile.contact_email.strip()
    organization.contact_phone = profile.contact_phone.strip()


def accepts_registrations(event: Event, now: datetime) -> bool:
    """Partners register for a published event until it ends."""
    return event.status == "published" and now < event.ends_at


def register_organization(event: Event, owner: User, details: Registration, *, now: datetime) -> Organization:
    """Apply for `event` with `owner` as the organization's first owner; the organizers review it.

    :raises PortalError: event_closed, organizer_account, already_registered, kind_unknown, package_unknown,
        website_invalid, topic_unknown.
    """
    if not accepts_registrations(event, now):
        raise PortalError("event_closed")
    if owner.roles:
        raise PortalError("organizer_account")
    if registered_for(owner, event):
        raise PortalError("already_registered")
    if details.kind not in ORGANIZATION_KINDS:
        raise PortalError("kind_unknown", "kind")
    if details.package_id is not None and details.package_id not in {p.id for p in event_packages(event)}:
        raise PortalError("package_unknown", "package_id")
    organization = Organization(
        event=event,
        name=details.name.strip(),
        kind=details.kind,
        address=details.address.strip(),
        requested_package_id=details.package_id,
        booth_wishes=details.booth_wishes.strip(),
        needs_power=details.needs_power,
        needs_internet=details.needs_internet,
        wants_corner=details.wants_corner,
        state="submitted",
        created_at=now,
    )
    _apply_profile(organization, details)
    organization.memberships.append(Membership(user=owner, role="owner", created_at=now))
    db.session.add(organization)
    db.session.flush()
    # The consent to the event's privacy text, with its version and time (the audit log keeps who and when).
    record_action(owner, "partner.consent", f"organization:{organization.id} privacy:{event.privacy_version}")
    return organization


def registered_for(user: User, event: Event) -> bool:
    query = (
        select(Membership.organization_id)
        .join(Organization)
        .where(Membership.user_id == user.id, Organization.event_id == event.id)
    )
    return db.session.scalar(query) is not None


def memberships_of(user: User) -> list[Membership]:
    """The user's organizations with their events and the organizers' messages (newest event first)."""
    query = (
        select(Membership)
        .join(Organization)
        .join(Event)
        .where(Membership.user_id == user.id)
        .options(
            selectinload(Membership.organization).selectinload(Organization.messages),
            selectinload(Membership.organization).selectinload(Organization.event),
        )
        .order_by(Event.starts_at.desc(), Organization.name)
    )
    return list(db.session.scalars(query))


def update_profile(organization: Organization, profile: Profile, *, actor: User) -> None:
    """Edit the public profile, once the organizers approved the organization.

    :raises PortalError: not_approved, website_invalid, topic_unknown.
    """
    if not organization.is_approved:
        raise PortalError("not_approved")
    _apply_profile(organization, profile)
    record_action(actor, "partner.profile", f"organization:{organization.id}")


def set_logo(organization: Organization, name: str, *, actor: User) -> str:
    """Point the organization to a newly stored logo (part of the registration, so also before the approval; the
    directory shows it once approved); returns the old one's name for removal after the commit."""
    old, organization.logo = organization.logo, name
    record_action(actor, "partner.logo", f"organization:{organization.id}")
    return old


def open_invitations(organization: Organization, now: datetime) -> list[Invitation]:
    query = select(Invitation).where(
        Invitation.organization_id == organization.id,
        Invitation.accepted_at.is_(None),
        Invitation.revoked_at.is_(None),
        Invitation.expires_at > now,
    )
    return list(db.session.scalars(query.order_by(Invitation.created_at)))


def invite(organization: Organization, email: str, *, by: User, now: datetime, language: str) -> Invitation:
    """Invite a colleague by email; the link lets them join for INVITATION_DAYS.

    :raises PortalError: already_member, already_invited.
    """
    email = normalise_email(email)
    if any(m.user.email == email for m in organization.memberships):
        raise PortalError("already_member", "email")
    if any(i.email == email for i in open_invitations(organization, now)):
        raise PortalError("already_invited", "email")
    invitation = Invitation(
        organization=organization,
        email=email,
        invited_by_id=by.id,
        created_at=now,
        expires_at=now + timedelta(days=INVITATION_DAYS),
    )
    db.session.add(invitation)
    db.session.flush()
    send_mail(
        email,
        language,
        _l("Join %(organization)s on Treffpunkt"),
        "partner_invitation",
        f"partner-invitation:{invitation.id}",
        organization=organization.name,
        event=organization.event.name,
        inviter=by.name,
        expires_at=invitation.expires_at,
        tz=organization.event.tz,
        invitation_url=external_url("partners.invitation", token=invitation.token),
    )
    return invitation


def invitation_by_token(token: str) -> Invitation:
    """:raises PortalError: link_invalid."""
    invitation = db.session.scalar(select(Invitation).where(Invitation.token == token)) if len(token) <= 64 else None
    if invitation is None:
        raise PortalError("link_invalid")
    return invitation


def check_invitation(invitation: Invitation, now: datetime) -> None:
    """:raises PortalError: invitation_revoked, invitation_used, invitation_expired."""
    if invitation.revoked_at is not None:
        raise PortalError("invitation_revoked")
    if invitation.accepted_at is not None:
        raise PortalError("invitation_used")
    if now >= invitation.expires_at:
        raise PortalError("invitation_expired")


def accept_invitation(invitation: Invitation, user: User, *, now: datetime) -> Membership:
    """Join the invitation's organization as a member; the invitation is used up.

    :raises PortalError: invitation_revoked, invitation_used, invitation_expired, organizer_account, already_member.
    """
    check_invitation(invitation, now)
    if user.roles:
        raise PortalError("organizer_account")
    # Compare-and-set: of two requests with the same link, only one uses it.
    used = db.session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > now,
        )
        .values(accepted_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(invitation, ["accepted_at"])
    if used.rowcount != 1:
        raise PortalError("invitation_used")
    joined = insert_unless_exists(
        Membership,
        Membership.user_id,
        user_id=user.id,
        organization_id=invitation.organization_id,
        role="member",
        created_at=now,
    )
    if joined is None:
        raise PortalError("already_member")
    return db.session.get(Membership, (user.id, invitation.organization_id))


def revoke_invitation(invitation: Invitation, *, now: datetime) -> None:
    """Withdraw an open invitation (its link then says so). :raises PortalError: invitation_used."""
    if invitation.accepted_at is not None:
        raise PortalError("invitation_used")
    invitation.revoked_at = invitation.revoked_at or now


def _lock(organization: Organization) -> None:
    """Serialise changes to an organization's owners (SQLite's BEGIN IMMEDIATE does the same for writes)."""
    db.session.execute(select(Organization.id).where(Organization.id == organization.id).with_for_update())


def _owner_count(organization: Organization) -> int:
    query = select(func.count()).where(Membership.organization_id == organization.id, Membership.role == "owner")
    return db.session.scalar(query)


def membership(organization: Organization, user_id: int) -> Membership:
    """:raises PortalError: not_a_member."""
    found = db.session.get(Membership, (user_id, organization.id))
    if found is None:
        raise PortalError("not_a_member")
    return found


def remove_member(organization: Organization, user_id: int, *, actor: User) -> None:
    """Take someone off the organization; an organization always keeps an owner.

    :raises PortalError: not_a_member, last_owner.
    """
    _lock(organization)
    member = membership(organization, user_id)
    if member.role == "owner" and _owner_count(organization) <= 1:
        raise PortalError("last_owner")
    db.session.delete(member)
    record_action(actor, "partner.member_removed", f"organization:{organization.id} user:{user_id}")


def set_role(organization: Organization, user_id: int, role: str, *, actor: User) -> None:
    """Make a member an owner, or an owner a member (not the last owner).

    :raises PortalError: not_a_member, last_owner.
    """
    _lock(organization)
    member = membership(organization, user_id)
    if member.role == "owner" and role != "owner" and _owner_count(organization) <= 1:
        raise PortalError("last_owner")
    member.role = "owner" if role == "owner" else "member"
    record_action(actor, "partner.member_role", f"organization:{organization.id} user:{user_id} {member.role}")
