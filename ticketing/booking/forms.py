"""The public booking and waiting-list forms, built per event: its ticket types and its questions."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from core.forms import Fieldset, Form
from events.models import Event
from ticketing.models import STAKEHOLDER_GROUPS, TicketType

STAKEHOLDER_LABELS = {
    "civil_society": _l("Civil society"),
    "administration": _l("Administration"),
    "politics": _l("Politics"),
    "business": _l("Business"),
    "science": _l("Science"),
    "other": _l("Other"),
}
SERIES_CONSENT_LABEL = _l(
    "I would like to hear about the next edition of this event series (name and email address only; you can "
    "unsubscribe at any time)."
)
YES_NO = [SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))]


def question_field(question):
    """A form field for one of the event's questions."""
    validators = [InputRequired(_l("Please answer this question."))] if question.is_required else [Optional()]
    if question.kind == "choice":
        choices = [SelectChoice("", _l("Please choose"))] + [SelectChoice(c) for c in question.choices]
        if question.is_required:
            validators = [DataRequired(_l("Please answer this question."))]
        return SelectField(question.label, choices=choices, validators=validators)
    if question.kind == "yesno":
        return RadioField(question.label, choices=YES_NO, validators=validators)
    return StringField(question.label, validators=[*validators, Length(max=500)])


def ticket_type_field(ticket_types: list[TicketType]) -> SelectField:
    """The ticket choice: with several ticket types nothing is preselected, so nobody books "Tag 1" by overlooking it.

    Values stay strings (the placeholder is ""); `attendee_data` turns the chosen one into an id.
    """
    choices = [SelectChoice(str(t.id), t.name) for t in ticket_types]
    if len(choices) > 1:
        choices.insert(0, SelectChoice("", _l("Please choose a ticket")))
    return SelectField(_l("Ticket"), choices=choices, validators=[DataRequired(_l("Please choose a ticket."))])


def attendee_form_class(event: Event, ticket_types: list[TicketType]) -> type[Fieldset]:
    """One ticket holder's fieldset: who, which ticket, and the event's questions."""

    class AttendeeForm(Fieldset):
        name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
        email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
        organization = StringField(_l("Organization"), validators=[Optional(), Length(max=200)])
        stakeholder_group = SelectField(
            _l("I am here for"),
            choices=[SelectChoice(k, STAKEHOLDER_LABELS[k]) for k in STAKEHOLDER_GROUPS],
            default="other",
        )
        ticket_type_id = ticket_type_field(ticket_types)

    for question in event.questions:
        setattr(AttendeeForm, f"q_{question.id}", question_field(question))
    return AttendeeForm


def answers_of(entry_data: dict) -> dict:
    """The question answers from one attendee fieldset, keyed by question id."""
    return {key[2:]: value for key, value in entry_data.items() if key.startswith("q_") and value not in (None, "")}


def consent_fields(event: Event) -> dict:
    fields = {
        "consent_privacy": BooleanField(
            _l("I have read the privacy notice and agree."),
            validators=[DataRequired(_l("Please agree to the privacy notice."))],
        )
    }
    if event.media_notice:
        fields["consent_media"] = BooleanField(
            _l("I have read the notice about photos and film."),
            validators=[DataRequired(_l("Please confirm the notice about photos and film."))],
        )
    return fields


def _shape(event: Event, ticket_types: list[TicketType]) -> tuple:
    """Everything the form classes below are built from: equal shapes build equal classes."""
    questions = tuple((q.id, q.label, q.kind, q.choices_text, q.is_required) for q in event.questions)
    return event.id, bool(event.media_notice), tuple((t.id, t.name) for t in ticket_types), questions


_built: dict[tuple, type[Form]] = {}
MAX_BUILT = 256  # per worker: a few shapes per event


def _once(kind: str, event: Event, ticket_types: list[TicketType], build) -> type[Form]:
    """The form class for this shape, built once per worker (building one costs more than the rest of a request),
    and built afresh when the organizers change the event's questions or ticket types."""
    key = (kind, _shape(event, ticket_types))
    form_class = _built.get(key)
    if form_class is None:
        if len(_built) >= MAX_BUILT:
            _built.clear()
        form_class = _built[key] = build()
    return form_class


def booking_form_class(event: Event, ticket_types: list[TicketType]) -> type[Form]:
    def build() -> type[Form]:
        namespace = {
            "attendees": FieldList(FormField(attendee_form_class(event, ticket_types)), min_entries=1),
            "submission_key": HiddenField(),
            "add_attendee": SubmitField(_l("Add a colleague")),
            "remove_attendee": SubmitField(_l("Remove the last colleague")),
            "submit": SubmitField(_l("Book free tickets")),
            **consent_fields(event),
            # Optional and off by default: consent to hear about the next edition is never a condition of booking.
            "series_consent": BooleanField(SERIES_CONSENT_LABEL, default=False),
        }
        return type("BookingForm", (Form,), namespace)

    return _once("booking", event, ticket_types, build)


def waitlist_form_class(event: Event, ticket_type: TicketType) -> type[Form]:
    def build() -> type[Form]:
        namespace = {
            "person": FormField(attendee_form_class(event, [ticket_type])),
            "submit": SubmitField(_l("Join the waiting list")),
            **consent_fields(event),
        }
        return type("WaitlistForm", (Form,), namespace)

    return _once("waitlist", event, [ticket_type], build)
