"""The organizer's exports of an event's organizations and booth staff: header and rows in the reader's language,
written by the shared CSV/XLSX writers of core.spreadsheets (German Excel CSV, formula cells defused)."""

from collections.abc import Iterator

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from core.extensions import db
from events.models import Event
from partners.models import BoothStaff, Organization

KIND_LABELS = {
    "partner": _l("Partner"),
    "exhibitor": _l("Exhibitor"),
    "sponsor": _l("Sponsor"),
    "media": _l("Media"),
    "institution": _l("Public institution"),
}
STATE_LABELS = {
    "submitted": _l("submitted"),
    "approved": _l("approved"),
    "rejected": _l("rejected"),
    "waitlisted": _l("waitlisted"),
}


def local(event: Event, moment):
    return moment.astimezone(event.tz).replace(tzinfo=None) if moment else None  # spreadsheets know no timezones


def organization_table(event: Event, organizations: list[Organization]) -> tuple[list[str], Iterator[list]]:
    headers = [
        _("Name"),
        _("Kind"),
        _("Status"),
        _("Requested package"),
        _("Package"),
        _("Booth number"),
        _("Contact person"),
        _("Contact email"),
        _("Contact phone"),
        _("Website"),
        _("Address"),
        _("Booth wishes"),
        _("Power"),
        _("Internet"),
        _("Corner booth"),
        _("Registered at"),
    ]
    yes, no = _("yes"), _("no")
    rows = (
        [
            o.name,
            str(KIND_LABELS.get(o.kind, o.kind)),
            str(STATE_LABELS.get(o.state, o.state)),
            o.requested_package.name if o.requested_package else "",
            o.package.name if o.package else "",
            o.booth_number,
            o.contact_name,
            o.contact_email,
            o.contact_phone,
            o.website,
            o.address,
            o.booth_wishes,
            yes if o.needs_power else no,
            yes if o.needs_internet else no,
            yes if o.wants_corner else no,
            local(event, o.created_at),
        ]
        for o in organizations
    )
    return headers, rows


def staff_of(event: Event) -> list[BoothStaff]:
    query = (
        select(BoothStaff)
        .join(Organization, Organization.id == BoothStaff.organization_id)
        .where(Organization.event_id == event.id)
        .options(selectinload(BoothStaff.organization))
        .order_by(func.lower(Organization.name), BoothStaff.id)
    )
    return list(db.session.scalars(query))


def staff_table(event: Event, staff: list[BoothStaff]) -> tuple[list[str], Iterator[list]]:
    headers = [_("Organization"), _("Booth number"), _("Name"), _("Email"), _("Ticket number"), _("Registered at")]
    rows = (
        [
            s.organization.name,
            s.organization.booth_number,
            s.name,
            s.email,
            s.ticket_id,
            local(event, s.created_at),
        ]
        for s in staff
    )
    return headers, rows
