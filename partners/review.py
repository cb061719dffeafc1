"""The organizers' decision on an organization (minimal version from the portal branch, for its tests and demo;
the review branch's organizer review replaces it)."""

from datetime import datetime

from flask_babel import lazy_gettext as _l

from core.models import User
from core.services import record_action
from core.urls import external_url
from partners.accounts import send_mail
from partners.models import ORGANIZATION_STATES, Organization, OrganizationMessage
from partners.portal_errors import PortalError


def set_state(
    organization: Organization, state: str, *, message: str = "", actor: User | None, now: datetime
) -> OrganizationMessage:
    """Approve, reject or waitlist an organization with a message its members see and get by email.

    :raises PortalError: state_unknown.
    """
    if state not in ORGANIZATION_STATES:
        raise PortalError("state_unknown", "state")
    organization.state = state
    organization.reviewed_at = now
    note = OrganizationMessage(author=actor, state=state, body=message.strip(), created_at=now)
    organization.messages.append(note)
    record_action(actor, f"organization.{state}", f"organization:{organization.id}")
    for membership in organization.memberships:
        send_mail(
            membership.user.email,
            "de",
            _l("Your registration for %(event)s"),
            "partner_decision",
            f"partner-decision:{organization.id}",
            event=organization.event.name,
            organization=organization,
            message=note.body,
            portal_url=external_url("partners.organization", organization_id=organization.id),
        )
    return note
