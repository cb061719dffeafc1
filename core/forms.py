"""Forms for login, language choice and legal pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, Length


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Log in"))


class LanguageForm(FlaskForm):
    lang = HiddenField(validators=[DataRequired()])
    next = HiddenField()


class LegalPageForm(FlaskForm):
    body_de = TextAreaField(_l("Text (German)"), validators=[Length(max=50000)])
    body_en = TextAreaField(_l("Text (English)"), validators=[Length(max=50000)])
    submit = SubmitField(_l("Save"))
