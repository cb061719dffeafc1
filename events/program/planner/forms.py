"""The planner's organizer forms: program settings, expected audiences and pins, starting a solve. Shape only; the
services check the rules."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, FloatField, IntegerField, SelectField, SelectMultipleField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from core.forms import Form
from events.program.planner.settings import GRID_CHOICES


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes (a fieldset for screen readers) instead of a multi-select box."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SettingsForm(Form):
    blocks_text = TextAreaField(
        _l("Blocks between breaks"),
        description=_l(
            "For example 09:00-10:30, 11:00-12:30, 13:30-17:00 for every day; a line such as "
            "2027-05-26: 10:00-12:30, 13:30-16:00 for one day. Empty: the event's opening hours as one block."
        ),
        validators=[Optional(), Length(max=5000)],
    )
    time_grid_minutes = SelectField(
        _l("Time grid"),
        coerce=int,
        choices=[SelectChoice(m, _l("%(minutes)s minutes", minutes=m)) for m in GRID_CHOICES],
        default=15,
    )
    workshop_room_ids = MultiCheckboxField(
        _l("Workshop rooms"),
        description=_l("Workshops only take place here, and nothing else does."),
        coerce=int,
        validate_choice=False,
    )
    attendee_conflict_weight = FloatField(
        _l("Weight of a clash in an attendee's agenda"),
        default=1.0,
        validators=[InputRequired(), NumberRange(min=0, max=10000)],
    )
    track_break_weight = FloatField(
        _l("Weight of a track break"),
        description=_l("A further track in a room's block between two breaks."),
        default=20.0,
        validators=[InputRequired(), NumberRange(min=0, max=10000)],
    )
    may_move_published = BooleanField(_l("The planner may move contributions of the published timetable"))
    submit = SubmitField(_l("Save settings"))


class PlanForm(Form):
    day = SelectField(_l("What to plan"), validate_choice=False)
    seconds = IntegerField(
        _l("Time budget (seconds)"), default=30, validators=[InputRequired(), NumberRange(min=1, max=600)]
    )
    submit = SubmitField(_l("Compute proposal"))


def audience_form(contributions, planning: dict) -> Form:
    """One row per contribution: its expected audience (empty: from agendas or estimated) and a pin."""

    class AudienceForm(Form):
        submit = SubmitField(_l("Save audiences and pins"))

    for c in contributions:
        setattr(
            AudienceForm,
            f"audience_{c.id}",
            IntegerField(c.title, validators=[Optional(), NumberRange(min=0, max=100000)]),
        )
        setattr(AudienceForm, f"pinned_{c.id}", BooleanField(_l("Pinned")))
    data = {}
    for c in contributions:
        row = planning.get(c.id)
        data[f"audience_{c.id}"] = row.expected_audience if row else None
        data[f"pinned_{c.id}"] = bool(row and row.is_pinned)
    return AudienceForm(data=data)
