"""Organizer verbs for what partners can book (packages) and the event's call for contributions.

Services never commit; the view commits once. Rule violations raise `PartnerError` with the form field.
"""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select

from core.extensions import db
from core.models import User
from core.services import record_action
from events.models import Event
from events.program.models import FORMATS
from partners.models import BoothStaff, ContributionCall, Organization, Package
from partners.rules import PartnerError

MAX_STAFF_PASSES, MAX_QUANTITY = 500, 10000


def packages_of(event: Event) -> list[Package]:
    return list(
        db.session.scalars(select(Package).where(Package.event_id == event.id).order_by(Package.position, Package.id))
    )


def approved_counts(event: Event) -> dict[int, int]:
    """How many approved organizations hold each package of `event`: what its quantity is measured against."""
    rows = db.session.execute(
        select(Organization.package_id, func.count(Organization.id))
        .where(
            Organization.event_id == event.id, Organization.state == "approved", Organization.package_id.is_not(None)
        )
        .group_by(Organization.package_id)
    )
    return dict(rows.all())


def approved_with(package: Package, *, besides: Organization | None = None) -> int:
    query = select(func.count(Organization.id)).where(
        Organization.package_id == package.id, Organization.state == "approved"
    )
    if besides is not None:
        query = query.where(Organization.id != besides.id)
    return db.session.scalar(query)


def most_staff_with(package: Package) -> int:
    """The largest number of booth staff an organization with this package has registered."""
    per_organization = (
        select(func.count(BoothStaff.id).label("people"))
        .join(Organization, Organization.id == BoothStaff.organization_id)
        .where(Organization.package_id == package.id)
        .group_by(BoothStaff.organization_id)
        .subquery()
    )
    return db.session.scalar(select(func.coalesce(func.max(per_organization.c.people), 0)))


def save_package(
    event: Event,
    *,
    name: str,
    booth_size: str = "",
    staff_passes: int,
    includes: str = "",
    quantity: int,
    package: Package | None = None,
    actor: User | None,
) -> Package:
    """Create or change a package.

    :raises PartnerError: name_required, staff_passes_out_of_range, quantity_out_of_range, quantity_below_used,
        staff_passes_below_registered.
    """
    name = name.strip()
    if not name:
        raise PartnerError("name_required", "name")
    if not 0 <= staff_passes <= MAX_STAFF_PASSES:
        raise PartnerError("staff_passes_out_of_range", "staff_passes")
    if not 0 <= quantity <= MAX_QUANTITY:
        raise PartnerError("quantity_out_of_range", "quantity")
    if package is None:
        position = db.session.scalar(select(func.count(Package.id)).where(Package.event_id == event.id))
        package = Package(event=event, position=position)
        db.session.add(package)
    else:
        if quantity < approved_with(package):
            raise PartnerError("quantity_below_used", "quantity")
        if staff_passes < most_staff_with(package):
            raise PartnerError("staff_passes_below_registered", "staff_passes")
    package.name, package.booth_size, package.includes = name, booth_size.strip(), includes.strip()
    package.staff_passes, package.quantity = staff_passes, quantity
    db.session.flush()
    record_action(actor, "package.save", f"{event.slug}/{package.id} {name}")
    return package


def delete_package(package: Package, *, actor: User | None) -> None:
    """Delete a package nobody approved holds (requests for it are cleared by the foreign key).

    :raises PartnerError: package_in_use.
    """
    if approved_with(package):
        raise PartnerError("package_in_use")
    record_action(actor, "package.delete", f"{package.event.slug}/{package.id} {package.name}")
    db.session.delete(package)
    db.session.flush()


def call_of(event: Event) -> ContributionCall | None:
    return db.session.scalar(select(ContributionCall).where(ContributionCall.event_id == event.id))


def save_call(
    event: Event,
    *,
    opens_at: datetime,
    deadline_at: datetime,
    formats: Sequence[str],
    description: str = "",
    actor: User | None,
) -> ContributionCall:
    """Open (or change) the event's call for contributions; its topics are the event's tracks.

    :raises PartnerError: deadline_before_opening, formats_required, format_unknown.
    """
    if deadline_at <= opens_at:
        raise PartnerError("deadline_before_opening", "deadline_at")
    if not formats:
        raise PartnerError("formats_required", "formats")
    if any(f not in FORMATS for f in formats):
        raise PartnerError("format_unknown", "formats")
    call = call_of(event)
    if call is None:
        call = ContributionCall(event=event)
        db.session.add(call)
    call.opens_at, call.deadline_at, call.description = opens_at, deadline_at, description.strip()
    call.formats = [f for f in FORMATS if f in formats]
    db.session.flush()
    record_action(actor, "call.save", f"{event.slug}: {opens_at:%Y-%m-%d} – {deadline_at:%Y-%m-%d}")
    return call
