"""What each domain error code says to a person, in their language."""

from flask_babel import lazy_gettext as _l

ERROR_MESSAGES = {
    "slug_invalid": _l("Use only lower-case letters, digits and hyphens."),
    "slug_taken": _l("This short name is already used by another event."),
    "timezone_unknown": _l("This timezone is unknown."),
    "ends_before_start": _l("The end must be after the start."),
    "registration_closes_before_opening": _l("Registration must close after it opens."),
    "registration_closes_after_event": _l("Registration must close before the event ends."),
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
}


def message_for(code: str) -> str:
    return str(ERROR_MESSAGES.get(code, code))


def attach_error(form, error) -> None:
    """Show a domain error at its form field (or at the top of the form) so screen readers find it there."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, message_for(error.code)]
    else:
        form.form_errors.append(message_for(error.code))
