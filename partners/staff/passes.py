"""Booth staff of an approved organization: each person gets an exhibitor ticket (QR, mailed) that takes no seat
from the public quotas; their number is limited by the package's staff passes."""

from datetime import datetime
from email.utils import parseaddr

from sqlalchemy import func, select

from core.extensions import db
from core.models import User
from core.services import record_action
from partners.models import BoothStaff, Organization
from partners.rules import PartnerError
from ticketing.complimentary import issue_ticket, withdraw_ticket


def passes_of(organization: Organization) -> int:
    return organization.package.staff_passes if organization.package is not None else 0


def add_staff(organization: Organization, *, name: str, email: str, actor: User | None, now: datetime) -> BoothStaff:
    """Register a person at the booth and mail them their ticket.

    The organization's row is locked before counting, so two requests for the last pass cannot both see it free
    (PostgreSQL: SELECT … FOR UPDATE; SQLite: the write transaction is already exclusive).

    :raises PartnerError: not_approved, no_staff_passes, name_required, email_invalid, staff_email_taken,
        staff_passes_used_up.
    """
    name, email = name.strip(), email.strip()
    db.session.execute(select(Organization.id).where(Organization.id == organization.id).with_for_update())
    db.session.refresh(organization)  # the state and package as they are now that the row is ours
    if not organization.is_approved:
        raise PartnerError("not_approved")
    passes = passes_of(organization)
    if passes == 0:
        raise PartnerError("no_staff_passes")
    if not name:
        raise PartnerError("name_required", "name")
    if "@" not in email or parseaddr(email)[1] != email or any(c.isspace() for c in email):
        raise PartnerError("email_invalid", "email")
    registered = db.session.scalars(select(BoothStaff.email).where(BoothStaff.organization_id == organization.id))
    registered = [address.lower() for address in registered]
    if email.lower() in registered:
        raise PartnerError("staff_email_taken", "email")
    if len(registered) >= passes:
        raise PartnerError("staff_passes_used_up")
    ticket = issue_ticket(
        organization.event, "exhibitor", name=name, email=email, organization=organization.name, now=now
    )
    staff = BoothStaff(organization=organization, name=name, email=email, ticket=ticket, created_at=now)
    db.session.add(staff)
    db.session.flush()
    record_action(actor, "booth_staff.add", f"{organization.event.slug}/{organization.id}: staff {staff.id}")
    return staff


def remove_staff(staff: BoothStaff, *, actor: User | None, now: datetime) -> None:
    """Take a person off the booth; their ticket is cancelled, so the pass is free again."""
    organization = staff.organization
    if staff.ticket is not None:
        withdraw_ticket(staff.ticket, now=now)
    record_action(actor, "booth_staff.remove", f"{organization.event.slug}/{organization.id}: staff {staff.id}")
    db.session.delete(staff)
    db.session.flush()


def staff_count(organization: Organization) -> int:
    return db.session.scalar(select(func.count(BoothStaff.id)).where(BoothStaff.organization_id == organization.id))
