"""Organizer forms for events and their questions. They check shape; services check the rules."""

from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateTimeLocalField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from core.forms import Form
from events.models import QUESTION_KINDS

SLUG_HELP = _l("Lower-case letters, digits and hyphens; used in the address, e.g. noerd-2026.")
KIND_LABELS = (_l("Text"), _l("Choice"), _l("Yes/No"))
TIMEZONES = sorted(tz for tz in available_timezones() if tz.startswith("Europe/"))


class EventForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    slug = StringField(
        _l("Short name for the address"),
        description=SLUG_HELP,
        validators=[
            DataRequired(),
            Length(max=80),
            Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", message=_l("Use only lower-case letters, digits and hyphens.")),
        ],
    )
    venue = StringField(_l("Venue"), validators=[DataRequired(), Length(max=200)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    timezone = SelectField(_l("Timezone"), choices=[SelectChoice(tz) for tz in TIMEZONES], default="Europe/Berlin")
    starts_at = DateTimeLocalField(_l("Starts"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()])
    ends_at = DateTimeLocalField(_l("Ends"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()])
    registration_opens_at = DateTimeLocalField(
        _l("Registration opens"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()]
    )
    registration_closes_at = DateTimeLocalField(
        _l("Registration closes"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()]
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=20000)])
    privacy_text = TextAreaField(
        _l("Privacy notice for attendees"),
        description=_l("Shown when booking; attendees consent to this exact text."),
        validators=[Optional(), Length(max=20000)],
    )
    media_notice = TextAreaField(
        _l("Notice about photos and film"),
        description=_l("Attendees confirm it when booking. Leave empty if nobody photographs or films."),
        validators=[Optional(), Length(max=5000)],
    )
    max_tickets_per_booking = IntegerField(
        _l("Tickets per booking"),
        description=_l("For oneself and colleagues."),
        default=5,
        validators=[InputRequired(), NumberRange(min=1, max=50)],
    )
    reminder_days_before = IntegerField(
        _l("Reminder (days before)"),
        description=_l("Ticket holders get a reminder with a link to give their seat back; 0 sends none."),
        default=3,
        validators=[InputRequired(), NumberRange(min=0, max=60)],
    )
    submit = SubmitField(_l("Save"))


class QuestionForm(Form):
    label = StringField(_l("Question"), validators=[DataRequired(), Length(max=300)])
    kind = SelectField(
        _l("Kind of answer"),
        choices=[SelectChoice(k, label) for k, label in zip(QUESTION_KINDS, KIND_LABELS, strict=True)],
    )
    choices_text = TextAreaField(
        _l("Options"), description=_l("For a choice: one option per line."), validators=[Length(max=5000)]
    )
    is_required = BooleanField(_l("Answer required"))
    submit = SubmitField(_l("Save question"))


class ConfirmForm(Form):
    """A form with only a button: for POST actions such as publish or delete (CSRF-protected)."""

    submit = SubmitField(_l("Confirm"))
