"""What each domain error code says to a person, in their language."""

from flask import flash, redirect
from flask_babel import lazy_gettext as _l

from core.errors import DomainError
from core.extensions import db

ERROR_MESSAGES = {
    "slug_invalid": _l("Use only lower-case letters, digits and hyphens."),
    "slug_taken": _l("This short name is already used by another event."),
    "timezone_unknown": _l("This timezone is unknown."),
    "ends_before_start": _l("The end must be after the start."),
    "registration_closes_before_opening": _l("Registration must close after it opens."),
    "registration_closes_after_event": _l("Registration must close before the event ends."),
    "max_tickets_out_of_range": _l("Allow between 1 and 50 tickets per booking."),
    "reminder_days_out_of_range": _l("The reminder can be sent between 0 and 60 days before."),
    "status_unknown": _l("This status is unknown."),
    "question_kind_unknown": _l("This kind of answer is unknown."),
    "choice_needs_two_options": _l("A choice needs at least two options, one per line."),
    "capacity_negative": _l("The capacity cannot be negative."),
    "overbooking_out_of_range": _l("Planned overbooking must be between 0 and 100 percent."),
    "capacity_below_taken": _l("More seats are already taken than this capacity allows."),
    "quota_required": _l("Choose at least one quota of this event."),
    "days_outside_event": _l("Choose at least one day, and only days of the event."),
    "sale_ends_before_start": _l("The sale must end after it starts."),
    "sold_out": _l("Sold out."),
    "event_unavailable": _l("This event does not take bookings."),
    "registration_not_open": _l("Registration has not opened yet."),
    "registration_closed": _l("Registration is closed."),
    "too_many_tickets": _l("Too many tickets for one booking."),
    "consent_required": _l("Please agree to the privacy notice."),
    "stakeholder_group_invalid": _l("Please choose a group."),
    "answer_required": _l("Please answer all required questions."),
    "answer_invalid": _l("Please choose one of the offered answers."),
    "ticket_type_unavailable": _l("This ticket is not on sale."),
    "already_confirmed": _l("This booking is already confirmed."),
    "booking_cancelled": _l("This booking was cancelled."),
    "hold_expired_sold_out": _l("Your reservation expired and the seats have been given away. Sorry!"),
    "already_cancelled": _l("This ticket is already cancelled."),
    "already_waiting": _l("You are already on the waiting list for this ticket."),
    "offer_lapsed": _l("This offer has expired; the seat went to the next person on the waiting list."),
    "offer_inactive": _l("This link is no longer active."),
    "walk_in_checked_in": _l("Registered and checked in. The badge opens for printing."),
}


def _program_messages() -> dict:
    from events.program.services import PROGRAM_ERROR_MESSAGES  # the program's own codes, kept beside its rules

    return PROGRAM_ERROR_MESSAGES


def message_for(code: str) -> str:
    text = ERROR_MESSAGES.get(code) or _program_messages().get(code)
    return str(text) if text is not None else code


SAVED = _l("Saved.")


def save_form(form, action, *, done: str, message=SAVED, texts=None):
    """The organizer form pattern in one place: run the service, commit and redirect to `done`; on a rule
    violation roll back and show the message at its field (the caller then renders the form again: returns None).
    `texts` maps a code to its message for packages with codes of their own (default: `message_for`)."""
    try:
        action()
    except DomainError as error:
        db.session.rollback()
        attach_error(form, error, texts)
        return None
    db.session.commit()
    flash(str(message), "success")
    return redirect(done)


def attach_error(form, error, texts=None) -> None:
    """Show a domain error at its form field (or at the top of the form) so screen readers find it there."""
    text = (texts or message_for)(error.code)
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, text]
    else:
        form.form_errors.append(text)
