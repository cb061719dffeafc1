"""The review's own error texts (one per code), falling back to the partner rules' texts."""

from flask_babel import lazy_gettext as _l

from events import messages as events_messages
from partners.rules import PartnerError
from partners.rules import message_for as partner_message_for

MESSAGES = {
    "not_a_reviewer_role": _l("Only organizers with the role program or admin can review contributions."),
    "not_assigned": _l("You are not a reviewer of this contribution."),
    "score_out_of_range": _l("The score must be a whole number from 1 to 5."),
    "review_closed": _l("This contribution has been decided; its reviews can no longer be changed."),
    "already_decided": _l("This contribution has already been decided."),
    "not_found": _l("This contribution does not belong to this event's submissions."),
    "nothing_selected": _l("Please choose at least one contribution."),
    "reviewers_required": _l("Please choose at least one reviewer."),
}


class ReviewError(PartnerError):
    """A rule of the review by several reviewers was broken; `code` names it, `field` the form field."""


def message_for(code: str) -> str:
    text = MESSAGES.get(code)
    return str(text) if text is not None else partner_message_for(code)


def save_form(form, action, *, done: str, message=events_messages.SAVED):
    """The organizer form pattern (`events.messages.save_form`) with these texts."""
    return events_messages.save_form(form, action, done=done, message=message, texts=message_for)


def attach_error(form, error) -> None:
    """Show a domain error at its form field, or at the top of the form."""
    events_messages.attach_error(form, error, message_for)
