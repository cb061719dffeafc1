"""Forms of the registration desk."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, Optional

from core.forms import Form


class WalkInForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    organization = StringField(_l("Organization"), validators=[Optional(), Length(max=200)])
    email = EmailField(_l("Email (optional)"), validators=[Optional(), Email(), Length(max=254)])
    ticket_type_id = SelectField(_l("Ticket"), coerce=int)
    take_seat = BooleanField(_l("Takes a seat from the quota"), default=True)
    # Like a scan, a walk-in is admitted at a gate: the figures per gate count the desk's admissions too.
    gate = StringField(
        _l("Gate"), description=_l("Where you register, e.g. Anmeldung Foyer"), validators=[Optional(), Length(max=80)]
    )
    submit = SubmitField(_l("Register and check in"))


class CheckInListForm(Form):
    name = StringField(
        _l("Name"), description=_l("e.g. Workshop A, Tag 2"), validators=[DataRequired(), Length(max=120)]
    )
    day = SelectField(_l("Day"), validate_choice=True)
    ticket_type_id = SelectField(_l("Ticket type"), coerce=int)
    submit = SubmitField(_l("Add list"))
