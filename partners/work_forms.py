"""Partner forms for booth staff and contribution submissions. They check shape; partners.staff.passes and
partners.submissions.services check the rules."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, FieldList, FormField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from core.forms import Fieldset, Form
from events.program.forms import FORMAT_LABELS, LANGUAGE_CHOICES, STATE_LABELS, optional_int
from events.program.models import CONTRIBUTION_STATES, FORMATS

SPEAKER_SLOTS = 4
FORMAT_NAMES = dict(zip(FORMATS, FORMAT_LABELS, strict=True))
STATE_NAMES = dict(zip(CONTRIBUTION_STATES, STATE_LABELS, strict=True))


class StaffForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(
        _l("Email"),
        description=_l("The ticket with its QR code is sent to this address."),
        validators=[DataRequired(), Email(), Length(max=254)],
    )
    submit = SubmitField(_l("Register and send ticket"))


class SpeakerFieldset(Fieldset):
    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    organization = StringField(_l("Organization"), validators=[Optional(), Length(max=200)])
    email = EmailField(_l("Email"), validators=[Optional(), Email(), Length(max=254)])


class SubmissionForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    abstract = TextAreaField(_l("Abstract"), validators=[DataRequired(), Length(max=20000)])
    format = SelectField(_l("Format"))  # the call's formats, set by the view
    duration_minutes = IntegerField(
        _l("Duration (minutes)"), default=30, validators=[InputRequired(), NumberRange(min=5, max=480)]
    )
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)
    # The event's tracks; whether a chosen one belongs to the event is a rule the service checks.
    track_id = SelectField(_l("Topic"), coerce=optional_int, validate_choice=False)
    speakers = FieldList(FormField(SpeakerFieldset), min_entries=SPEAKER_SLOTS, max_entries=SPEAKER_SLOTS)
    submit = SubmitField(_l("Submit contribution"))
