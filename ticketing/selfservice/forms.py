"""The holder's correction form: shape only (the service decides whether a change is still allowed)."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from core.forms import Form
from ticketing.selfservice.corrections import TEXT_MAX


class CorrectionForm(Form):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Please enter a name.")), Length(max=TEXT_MAX)],
        description=_l("As it should appear on your ticket and name badge."),
        render_kw={"aria-required": "true", "autocomplete": "name", "maxlength": TEXT_MAX},
    )
    organization = StringField(
        _l("Organization"),
        validators=[Optional(), Length(max=TEXT_MAX)],
        render_kw={"autocomplete": "organization", "maxlength": TEXT_MAX},
    )
    submit = SubmitField(_l("Save correction"))
