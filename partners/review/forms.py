"""Organizer forms for packages, the call, the organization list's filters and the review. They check shape;
partners.review.packages and partners.review.decisions check the rules."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateTimeLocalField,
    IntegerField,
    SearchField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, StopValidation

from core.forms import Form
from events.program.forms import FORMAT_LABELS, STATE_LABELS, optional_int
from events.program.models import CONTRIBUTION_STATES, FORMATS
from partners.models import ORGANIZATION_KINDS, ORGANIZATION_STATES
from partners.review.exports import KIND_LABELS
from partners.review.exports import STATE_LABELS as ORGANIZATION_STATE_LABELS
from ticketing.booking.manage_forms import MultiCheckboxField

FORMAT_CHOICES = [SelectChoice(f, label) for f, label in zip(FORMATS, FORMAT_LABELS, strict=True)]
DECISION_LABELS = {"approved": _l("Approve"), "rejected": _l("Reject"), "waitlisted": _l("Put on the waiting list")}


class PackageForm(Form):
    name = StringField(
        _l("Name"), description=_l("e.g. Aussteller Standard"), validators=[DataRequired(), Length(max=120)]
    )
    booth_size = StringField(
        _l("Booth size"), description=_l("e.g. 3 × 3 m; empty for no booth"), validators=[Optional(), Length(max=60)]
    )
    staff_passes = IntegerField(
        _l("Booth staff passes"), default=2, validators=[InputRequired(), NumberRange(min=0, max=500)]
    )
    includes = TextAreaField(_l("What it includes"), validators=[Optional(), Length(max=5000)])
    quantity = IntegerField(
        _l("How many there are"), default=10, validators=[InputRequired(), NumberRange(min=0, max=10000)]
    )
    submit = SubmitField(_l("Save package"))


class CallForm(Form):
    opens_at = DateTimeLocalField(_l("Opens"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()])
    deadline_at = DateTimeLocalField(
        _l("Deadline"),
        format="%Y-%m-%dT%H:%M",
        description=_l("In the event's timezone. Submissions can be changed until then."),
        validators=[InputRequired()],
    )
    formats = MultiCheckboxField(
        _l("Formats"), choices=FORMAT_CHOICES, validators=[DataRequired(_l("Choose at least one format."))]
    )
    description = TextAreaField(_l("What the call asks for"), validators=[Optional(), Length(max=10000)])
    submit = SubmitField(_l("Save call"))


class OrganizationFilterForm(Form):
    """Search and filters; sent by GET, so a filtered list can be bookmarked and needs no CSRF token."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("Search"), description=_l("Name, contact or booth number"), validators=[Optional(), Length(max=200)]
    )
    state = SelectField(
        _l("Status"),
        choices=[
            SelectChoice("", _l("All")),
            *(SelectChoice(s, ORGANIZATION_STATE_LABELS[s]) for s in ORGANIZATION_STATES),
        ],
        default="",
        validators=[Optional()],
    )
    kind = SelectField(
        _l("Kind"),
        choices=[SelectChoice("", _l("All")), *(SelectChoice(k, KIND_LABELS[k]) for k in ORGANIZATION_KINDS)],
        default="",
        validators=[Optional()],
    )
    package = SelectField(_l("Package"), default="", validators=[Optional()])


class DecisionForm(Form):
    state = SelectField(_l("Decision"), choices=[SelectChoice(s, label) for s, label in DECISION_LABELS.items()])
    message = TextAreaField(
        _l("Message to the organization"),
        description=_l("Sent by email to its members and contact person, and shown in the portal."),
        validators=[Optional(), Length(max=5000)],
    )
    submit = SubmitField(_l("Send decision"))


def sent(form, field) -> None:
    """The select must be in the request ("no package" is sent as ""): a post without it is not from this form."""
    if not field.raw_data:
        raise StopValidation(_l("Please choose a package or none."))


class AssignmentForm(Form):
    package_id = SelectField(_l("Package"), coerce=optional_int, validate_choice=False, validators=[sent])
    booth_number = StringField(_l("Booth number"), validators=[Optional(), Length(max=20)])
    submit = SubmitField(_l("Assign"))


class CommentForm(Form):
    comment = TextAreaField(
        _l("Comment"),
        description=_l("Sent to the organization without changing its status."),
        validators=[DataRequired(), Length(max=5000)],
    )
    submit = SubmitField(_l("Send comment"))


class StateFormatFilterForm(Form):
    """A contribution's state and format as GET filters (no CSRF token: they change nothing)."""

    class Meta:
        csrf = False

    state = SelectField(
        _l("State"),
        choices=[
            SelectChoice("", _l("All")),
            *(SelectChoice(s, label) for s, label in zip(CONTRIBUTION_STATES, STATE_LABELS, strict=True)),
        ],
        default="",
        validators=[Optional()],
    )
    format = SelectField(
        _l("Format"), choices=[SelectChoice("", _l("All")), *FORMAT_CHOICES], default="", validators=[Optional()]
    )


class ContributionFilterForm(StateFormatFilterForm):
    q = SearchField(_l("Search"), description=_l("Title"), validators=[Optional(), Length(max=200)])
    organization = SelectField(_l("Organization"), default="", validators=[Optional()])


class ContributionDecisionForm(Form):
    state = SelectField(
        _l("Decision"), choices=[SelectChoice("accepted", _l("Accept")), SelectChoice("rejected", _l("Reject"))]
    )
    message = TextAreaField(
        _l("Message to the organization"),
        description=_l("Sent by email and shown to the organization with the contribution."),
        validators=[Optional(), Length(max=5000)],
    )
    submit = SubmitField(_l("Send decision"))
