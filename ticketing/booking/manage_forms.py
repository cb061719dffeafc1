"""Organizer forms for quotas and ticket types."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from core.forms import Form


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes (a fieldset for screen readers) instead of a multi-select box."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class QuotaForm(Form):
    name = StringField(
        _l("Name"),
        description=_l("e.g. Halle Tag 1, Workzone A"),
        validators=[DataRequired(), Length(max=120)],
    )
    capacity = IntegerField(_l("Seats"), validators=[InputRequired(), NumberRange(min=0, max=1_000_000)])
    overbooking_percent = IntegerField(
        _l("Planned overbooking (percent)"),
        description=_l("Free events lose seats to no-shows: 10 means 110 tickets for 100 seats."),
        default=0,
        validators=[InputRequired(), NumberRange(min=0, max=100)],
    )
    submit = SubmitField(_l("Save quota"))


class TicketTypeForm(Form):
    name = StringField(
        _l("Name"), description=_l("e.g. Tag 1, Beide Tage"), validators=[DataRequired(), Length(max=120)]
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])
    quota_ids = MultiCheckboxField(
        _l("Takes a seat in"), coerce=int, validators=[DataRequired(_l("Choose at least one quota."))]
    )
    valid_days = MultiCheckboxField(_l("Valid on"), validators=[DataRequired(_l("Choose at least one day."))])
    sale_starts_at = DateTimeLocalField(
        _l("Sale starts"),
        description=_l("Leave empty to follow the event's registration window."),
        format="%Y-%m-%dT%H:%M",
        validators=[Optional()],
    )
    sale_ends_at = DateTimeLocalField(_l("Sale ends"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    is_public = BooleanField(_l("Offered on the public page"), default=True)
    submit = SubmitField(_l("Save ticket type"))
