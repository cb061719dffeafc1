"""The rules of the organizers' and partners' work on an event (packages, the call, reviews, booth staff,
submissions): one domain error, one text per code, and the organizer form pattern bound to these texts."""

from flask_babel import lazy_gettext as _l

from core.errors import DomainError
from events import messages as events_messages


class PartnerError(DomainError):
    """A rule of the partner work was broken; `code` names it, `field` the form field."""


class ReviewError(PartnerError):
    """A rule of the review by several reviewers was broken (partners/review/scoring)."""


MESSAGES = {
    "name_required": _l("Please enter a name."),
    "staff_passes_out_of_range": _l("Staff passes must be between 0 and 500."),
    "quantity_out_of_range": _l("The number of packages must be between 0 and 10000."),
    "quantity_below_used": _l("More organizations already have this package than this number allows."),
    "staff_passes_below_registered": _l("An organization with this package has registered more booth staff."),
    "package_in_use": _l("Approved organizations have this package; assign them another one first."),
    "deadline_before_opening": _l("The deadline must be after the call opens."),
    "formats_required": _l("Choose at least one format."),
    "format_unknown": _l("This format is unknown."),
    "state_unknown": _l("This state is unknown."),
    "message_required": _l("Please write a message."),
    "package_of_other_event": _l("Choose a package of this event."),
    "package_used_up": _l("All packages of this kind are taken by approved organizations."),
    "package_too_few_passes": _l("More booth staff are registered than this package has passes."),
    "booth_taken": _l("Another organization of this event already has this booth number."),
    "not_approved": _l("Your organization has not been approved yet, so this is not possible."),
    "no_staff_passes": _l("Your package includes no booth staff passes."),
    "staff_passes_used_up": _l("All booth staff passes of your package are registered."),
    "staff_email_taken": _l("Someone with this email address is already registered as booth staff."),
    "email_invalid": _l("Please enter a valid email address."),
    "no_call": _l("This event has no call for contributions."),
    "call_not_open": _l("The call for contributions is not open."),
    "deadline_passed": _l("The deadline has passed; submissions can no longer be changed."),
    "already_reviewed": _l("This contribution has already been reviewed and can no longer be changed."),
    "format_not_in_call": _l("The call does not ask for this format."),
    "speaker_required": _l("Please name at least one speaker."),
    "not_submitted_by_organization": _l("This contribution was not submitted by an organization."),
    # reviews by several reviewers (partners/review/scoring)
    "not_a_reviewer_role": _l("Only organizers with the role program or admin can review contributions."),
    "not_assigned": _l("You are not a reviewer of this contribution."),
    "score_out_of_range": _l("The score must be a whole number from 1 to 5."),
    "review_closed": _l("This contribution has been decided; its reviews can no longer be changed."),
    "already_decided": _l("This contribution has already been decided."),
    "not_found": _l("This contribution does not belong to this event's submissions."),
    "nothing_selected": _l("Please choose at least one contribution."),
    "reviewers_required": _l("Please choose at least one reviewer."),
}


def message_for(code: str) -> str:
    text = MESSAGES.get(code)
    return str(text) if text is not None else events_messages.message_for(code)


def attach_error(form, error: DomainError) -> None:
    events_messages.attach_error(form, error, message_for)


def save_form(form, action, *, done: str, message=events_messages.SAVED):
    """The organizer form pattern (`events.messages.save_form`) with these texts."""
    return events_messages.save_form(form, action, done=done, message=message, texts=message_for)
