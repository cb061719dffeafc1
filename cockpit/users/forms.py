"""The forms of the user pages."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField, SubmitField, widgets
from wtforms.fields import SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length

from core.forms import Form
from core.models import ROLES

ROLE_LABELS = {
    "admin": _l("Admin: events, users, everything"),
    "program": _l("Program: rooms, speakers, timetable"),
    "checkin": _l("Check-in: the door and its lists"),
}


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def role_field() -> MultiCheckboxField:
    return MultiCheckboxField(_l("Roles"), choices=[SelectChoice(role, ROLE_LABELS[role]) for role in ROLES])


class InviteForm(Form):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    roles = role_field()
    submit = SubmitField(_l("Send invitation"))


class RolesForm(Form):
    roles = role_field()
    submit = SubmitField(_l("Save roles"))


class SetPasswordForm(Form):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(min=10, max=200)],
        description=_l("At least 10 characters."),
    )
    repeat = PasswordField(
        _l("Repeat the password"), validators=[DataRequired(), EqualTo("password", _l("The passwords differ."))]
    )
    submit = SubmitField(_l("Set password"))


class ActionForm(Form):
    """A one-button POST (deactivate, reactivate, reset, invite again): only the CSRF token."""
