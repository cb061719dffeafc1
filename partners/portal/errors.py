"""The partner portal's domain error and what each of its codes says to a person, in their language."""

from flask_babel import lazy_gettext as _l

from core.errors import DomainError
from events import messages as events_messages


class PortalError(DomainError):
    """A rule of the partner portal (accounts, registration, members, profile, uploads) was broken."""


PORTAL_ERROR_MESSAGES = {
    "email_taken": _l("An account with this email address exists already. Please log in first."),
    "password_too_short": _l("The password needs at least 10 characters."),
    "link_invalid": _l("This link is invalid or has expired. Please ask for a new one."),
    "link_used": _l("This link has been used already."),
    "already_confirmed": _l("Your email address is confirmed already. Please log in."),
    "event_closed": _l("This event does not take registrations of partners."),
    "already_registered": _l("You have registered an organization for this event already."),
    "package_unknown": _l("Please choose one of the offered packages."),
    "website_invalid": _l("Please give a web address starting with http:// or https://."),
    "topic_unknown": _l("Please choose only topics of this event."),
    "kind_unknown": _l("Please choose one of the offered kinds."),
    "not_approved": _l("The public profile can be edited once the organization is approved."),
    "already_member": _l("This person is a member of the organization already."),
    "already_invited": _l("This address has an open invitation already."),
    "invitation_expired": _l("This invitation has expired. Please ask for a new one."),
    "invitation_revoked": _l("This invitation was withdrawn."),
    "invitation_used": _l("This invitation has been used already."),
    "organizer_account": _l("Organizer accounts cannot act for partner organizations."),
    "last_owner": _l("The last owner cannot be removed. Make someone else an owner first."),
    "not_a_member": _l("This person is not a member of the organization."),
    "state_unknown": _l("This state is unknown."),
    "upload_not_image": _l("Please upload a PNG or JPEG image. Other files (SVG, PDF, …) are not accepted."),
    "upload_too_large": _l("The file is too large: at most 2 MB."),
    "upload_too_many_pixels": _l("The image has too many pixels: at most 40 megapixels."),
}


def message_for(code: str) -> str:
    text = PORTAL_ERROR_MESSAGES.get(code)
    return str(text) if text is not None else code


def attach_error(form, error: DomainError) -> None:
    """Show a portal error at its form field, or at the top of the form."""
    events_messages.attach_error(form, error, message_for)
