"""Forms of the partner portal. They check shape; partners.portal.organizations and
partners.portal.accounts check the rules."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, Regexp

from core.forms import Form
from partners.models import ORGANIZATION_KINDS
from partners.portal.accounts import MIN_PASSWORD_LENGTH
from ticketing.booking.manage_forms import MultiCheckboxField

KIND_LABELS = {
    "partner": _l("Partner"),
    "exhibitor": _l("Exhibitor"),
    "sponsor": _l("Sponsor"),
    "media": _l("Media partner"),
    "institution": _l("Public institution"),
}
HTTP_URL = Regexp(r"^https?://[^\s/]+", message=_l("Please give a web address starting with http:// or https://."))
PASSWORD_HINT = _l("At least %(num)d characters.", num=MIN_PASSWORD_LENGTH)


def optional_int(value):
    return int(value) if value not in (None, "", "None") else None


PASSWORD_LABEL = _l("Password")
TOO_SHORT = _l("The password needs at least 10 characters.")


def password_field(label=PASSWORD_LABEL) -> PasswordField:
    return PasswordField(
        label,
        description=PASSWORD_HINT,
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200, message=TOO_SHORT)],
    )


class ProfileForm(Form):
    """The public profile: what the directory shows, and who to contact."""

    description_de = TextAreaField(_l("Short description (German)"), validators=[DataRequired(), Length(max=2000)])
    description_en = TextAreaField(_l("Short description (English, optional)"), validators=[Length(max=2000)])
    website = URLField(_l("Website"), validators=[Optional(), Length(max=300), HTTP_URL])
    topic_ids = MultiCheckboxField(_l("Topics"), coerce=int, validators=[Optional()])
    contact_name = StringField(_l("Contact person"), validators=[DataRequired(), Length(max=200)])
    contact_email = EmailField(_l("Contact email"), validators=[DataRequired(), Email(), Length(max=254)])
    contact_phone = StringField(_l("Contact phone"), validators=[Optional(), Length(max=60)])
    submit = SubmitField(_l("Save profile"))

    def set_topics(self, topics) -> None:
        self.topic_ids.choices = [SelectChoice(t.id, t.name) for t in topics]


class LogoForm(Form):
    logo = FileField(
        _l("Logo file"),
        description=_l("PNG or JPEG, at most 2 MB; it is shown at most 800 pixels wide."),
        validators=[FileRequired(_l("Please choose a file."))],
    )
    submit = SubmitField(_l("Upload logo"))


class RegistrationForm(ProfileForm):
    """An organization's application; the account fields are removed for a logged-in partner."""

    account_name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("Your email (for logging in)"), validators=[DataRequired(), Email(), Length(max=254)])
    password = password_field()
    password_repeat = PasswordField(
        _l("Password again"), validators=[DataRequired(), EqualTo("password", _l("The passwords differ."))]
    )
    name = StringField(_l("Name of the organization"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(
        _l("Kind"), choices=[SelectChoice(k, KIND_LABELS[k]) for k in ORGANIZATION_KINDS], default="exhibitor"
    )
    address = TextAreaField(_l("Address"), validators=[DataRequired(), Length(max=500)])
    package_id = SelectField(_l("Package you ask for"), coerce=optional_int, validators=[Optional()])
    booth_wishes = TextAreaField(_l("Booth wishes"), validators=[Optional(), Length(max=2000)])
    needs_power = BooleanField(_l("We need power at the booth"))
    needs_internet = BooleanField(_l("We need internet at the booth"))
    wants_corner = BooleanField(_l("We would like a corner booth"))
    consent_privacy = BooleanField(
        _l("I have read the privacy notice and agree."),
        validators=[DataRequired(_l("Please agree to the privacy notice."))],
    )
    submit = SubmitField(_l("Register organization"))

    ACCOUNT_FIELDS = ("account_name", "email", "password", "password_repeat")

    def set_packages(self, packages) -> None:
        choices = [SelectChoice("", _l("No package yet"))]
        for package in packages:
            label = f"{package.name} ({package.booth_size})" if package.booth_size else package.name
            choices.append(SelectChoice(package.id, label))
        self.package_id.choices = choices

    def without_account(self) -> None:
        for name in self.ACCOUNT_FIELDS:
            delattr(self, name)


class EmailForm(Form):
    """Ask for a link by email: a new confirmation link, or a password reset."""

    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    submit = SubmitField(_l("Send link"))


class NewPasswordForm(Form):
    password = password_field(_l("New password"))
    password_repeat = PasswordField(
        _l("New password again"), validators=[DataRequired(), EqualTo("password", _l("The passwords differ."))]
    )
    submit = SubmitField(_l("Set password"))


class InvitationForm(Form):
    email = EmailField(_l("Colleague's email"), validators=[DataRequired(), Email(), Length(max=254)])
    submit = SubmitField(_l("Send invitation"))


class JoinWithAccountForm(Form):
    """Join through an invitation with a new account: the address is the invitation's, confirmed by it."""

    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120)])
    password = password_field()
    password_repeat = PasswordField(
        _l("Password again"), validators=[DataRequired(), EqualTo("password", _l("The passwords differ."))]
    )
    submit = SubmitField(_l("Create account and join"))
