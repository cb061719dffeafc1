"""World Café forms: they check shape; the services check the café's rules."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateTimeLocalField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from core.forms import Form
from ticketing.booking.manage_forms import MultiCheckboxField

PARTICIPATION_CHOICES = [
    SelectChoice("all", _l("All confirmed ticket holders")),
    SelectChoice("ticket_types", _l("Holders of the chosen ticket types")),
    SelectChoice("opt_in", _l("Those who sign up on their ticket page")),
]
KIND_CHOICES = [
    SelectChoice("apart", _l("Keep apart (never at the same table)")),
    SelectChoice("together", _l("Keep together (always at the same table)")),
    SelectChoice("fixed", _l("Fixed seat (one person, one round, one table)")),
]


def optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class SetupForm(Form):
    rounds = IntegerField(_l("Rounds"), validators=[InputRequired(), NumberRange(1, 12)])
    round_minutes = IntegerField(_l("Minutes per round"), validators=[InputRequired(), NumberRange(5, 180)])
    pause_minutes = IntegerField(_l("Minutes to change tables"), validators=[InputRequired(), NumberRange(0, 60)])
    choice_deadline = DateTimeLocalField(
        _l("Deadline for topic choices"),
        format="%Y-%m-%dT%H:%M",
        validators=[Optional()],
        description=_l("In the event's timezone. Empty: choices stay open."),
    )
    participation = RadioField(_l("Who takes part"), choices=PARTICIPATION_CHOICES, default="all")
    ticket_type_ids = MultiCheckboxField(_l("Ticket types"), coerce=int, choices=[])
    submit = SubmitField(_l("Save"))


class TableForm(Form):
    title = StringField(_l("Topic"), validators=[DataRequired(), Length(max=200)])
    topic_key = StringField(
        _l("Topic key"),
        validators=[Optional(), Length(max=40)],
        description=_l("A short id such as “mobility”. Empty: a plain mixing table without a topic."),
    )
    description = TextAreaField(_l("Short text"), validators=[Length(max=2000)])
    host_name = StringField(_l("Host"), validators=[Length(max=200)])
    seats = IntegerField(_l("Seats"), validators=[InputRequired(), NumberRange(1, 100)], default=10)
    notes = StringField(_l("Notes"), validators=[Length(max=200)], description=_l("For example: step-free."))
    submit = SubmitField(_l("Save table"))


class ConstraintForm(Form):
    kind = SelectField(_l("Rule"), choices=KIND_CHOICES)
    ticket_ids = SelectMultipleField(_l("People"), coerce=int, choices=[], validate_choice=False)
    round = SelectField(_l("Round (fixed seat only)"), coerce=optional_int, choices=[], validate_choice=False)
    table_id = SelectField(_l("Table (fixed seat only)"), coerce=optional_int, choices=[], validate_choice=False)
    note = StringField(_l("Note"), validators=[Length(max=200)])
    submit = SubmitField(_l("Add rule"))


class MoveForm(Form):
    round = IntegerField(_l("Round"), validators=[InputRequired()])
    ticket_id = SelectField(_l("Person"), coerce=optional_int, choices=[], validate_choice=False)
    table_id = SelectField(_l("Table"), coerce=optional_int, choices=[], validate_choice=False)
    submit = SubmitField(_l("Move"))


class LockForm(Form):
    count = IntegerField(_l("Rounds already held"), validators=[InputRequired(), NumberRange(0, 12)])
    submit = SubmitField(_l("Lock rounds"))


class ImportForm(Form):
    file = FileField(_l("Plan file (JSON)"), validators=[FileRequired(_l("Please choose a file."))])
    submit = SubmitField(_l("Import plan"))
