"""Organizer forms for the attendee list: search and filter (GET), one-button ticket actions."""

from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SearchField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from core.forms import Form
from ticketing.attendees.queries import STATES, AttendeeFilter
from ticketing.models import TicketType

STATE_LABELS = {"valid": _l("valid"), "held": _l("held, not confirmed"), "cancelled": _l("cancelled")}


class AttendeeFilterForm(Form):
    """Search and filters; sent by GET, so a filtered list can be bookmarked and needs no CSRF token."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("Search"),
        description=_l("Name, email or organization"),
        validators=[Optional(), Length(max=200)],
    )
    ticket_type = SelectField(_l("Ticket type"), default="", validators=[Optional()])
    state = SelectField(
        _l("Status"),
        choices=[SelectChoice("", _l("All")), *(SelectChoice(s, STATE_LABELS[s]) for s in STATES)],
        default="",
        validators=[Optional()],
    )
    sort = SelectField(
        _l("Sort by"),
        choices=[SelectChoice("name", _l("Name")), SelectChoice("created", _l("Booked at"))],
        default="name",
        validators=[Optional()],
    )


class TicketActionForm(Form):
    """A one-button POST (cancel, resend) that returns to the list page it came from."""

    next = HiddenField(render_kw={"id": False})  # one form per table row: no repeated ids


class CancelTicketForm(Form):
    """The confirmation page of a cancellation: an optional reason for the holder's mail and the audit log."""

    # Short enough that the audit log (200 characters) keeps the whole reason next to the ticket's ids.
    reason = TextAreaField(
        _l("Reason (optional)"),
        description=_l("Goes into the email to the ticket holder and into the audit log. At most 150 characters."),
        validators=[Optional(), Length(max=150)],
    )
    next = HiddenField()


def type_choices(ticket_types: list[TicketType], first: str, counts: dict[int, int] | None = None) -> list:
    """`first` (meaning all), then each ticket type, with its number of recipients when `counts` is given."""
    choices = [SelectChoice("", first)]
    for ticket_type in ticket_types:
        label = ticket_type.name if counts is None else f"{ticket_type.name} ({counts.get(ticket_type.id, 0)})"
        choices.append(SelectChoice(str(ticket_type.id), label))
    return choices


def attendee_filter(ticket_types: list[TicketType]) -> tuple[AttendeeFilterForm, AttendeeFilter]:
    """The filter form read from the query string, and the filter it asks for.

    An invalid value (a stale bookmark, a ticket type of another event) is shown at its field and otherwise ignored,
    so the list still opens.
    """
    form = AttendeeFilterForm(formdata=request.args)
    form.ticket_type.choices = type_choices(ticket_types, _("All ticket types"))
    form.validate()

    def valid(field):
        return None if field.errors else field.data

    return form, AttendeeFilter(
        q=(valid(form.q) or "").strip(),
        ticket_type_id=int(valid(form.ticket_type)) if valid(form.ticket_type) else None,
        state=valid(form.state) or None,
        sort=valid(form.sort) or "name",
    )
