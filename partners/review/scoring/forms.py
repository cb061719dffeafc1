"""Forms of the review by several reviewers. They check shape; partners.review.scoring checks the rules."""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, SelectMultipleField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from core.forms import Form
from partners.review.forms import StateFormatFilterForm
from partners.rules import MESSAGES
from ticketing.booking.manage_forms import MultiCheckboxField

SCORE_HINT = _l("1 = weak, 5 = excellent. Only the program team sees scores and comments.")


class ScoreForm(Form):
    score = IntegerField(
        _l("Score"),
        description=SCORE_HINT,
        validators=[
            InputRequired(MESSAGES["score_out_of_range"]),
            NumberRange(min=1, max=5, message=MESSAGES["score_out_of_range"]),
        ],
    )
    comment = TextAreaField(_l("Comment for the program team"), validators=[Optional(), Length(max=5000)])
    submit = SubmitField(_l("Save review"))


class ReviewersForm(Form):
    """The reviewers of one contribution: checked ones are assigned, unchecked ones removed."""

    reviewers = MultiCheckboxField(
        _l("Reviewers"), coerce=int, validators=[InputRequired(MESSAGES["reviewers_required"])]
    )
    submit = SubmitField(_l("Save reviewers"))


class RankingFilterForm(StateFormatFilterForm):
    """Filters of the ranked overview."""


class SelectionForm(Form):
    """The checked contributions of the overview (their ids; the service keeps only this event's)."""

    selected = SelectMultipleField(
        _l("Contributions"), coerce=int, validate_choice=False, validators=[InputRequired(MESSAGES["nothing_selected"])]
    )


class BulkDecisionForm(SelectionForm):
    decision = SelectField(
        _l("Decision"),
        choices=[
            SelectChoice("", _l("Choose …")),
            SelectChoice("accepted", _l("Accept")),
            SelectChoice("rejected", _l("Reject")),
        ],  # fmt: skip
        validators=[InputRequired(_l("Please choose a decision."))],
    )
    message = TextAreaField(
        _l("Message to the organizations"),
        description=_l("Sent by email to each organization with its contribution's decision."),
        validators=[Optional(), Length(max=5000)],
    )


class BulkAssignForm(SelectionForm):
    reviewers = MultiCheckboxField(
        _l("Reviewers"), coerce=int, validators=[InputRequired(MESSAGES["reviewers_required"])]
    )
