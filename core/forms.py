"""Forms for login, language choice and legal pages."""

from functools import cache

import wtforms
from babel import support
from flask import request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto
from wtforms import EmailField, PasswordField, SubmitField, TextAreaField
from wtforms.i18n import messages_path
from wtforms.validators import DataRequired, Email, Length


@cache
def wtforms_catalog(locale: str) -> support.Translations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class TranslatedMeta:
    def get_translations(self, form):
        return wtforms_catalog(str(get_locale()))


class BrowserFormDataMeta:
    def wrap_formdata(self, form, formdata):
        """Read the fields a browser sends, never a JSON body: Flask-WTF would take any JSON as the form's data, and
        a JSON value that is not an object, or a number where a field expects text, was a server error."""
        if formdata is _Auto and request.is_json:
            return None  # as an empty submission: the form's validators answer
        return super().wrap_formdata(form, formdata)


class Form(FlaskForm):
    """The base of every form: CSRF from Flask-WTF, fields only from a browser's form data (not from JSON), and
    WTForms' own messages in the page's language from a catalog loaded once per language (Flask-WTF would parse the
    catalog file again on every request)."""

    Meta = type("Meta", (BrowserFormDataMeta, TranslatedMeta, FlaskForm.Meta), {})


class Fieldset(wtforms.Form):
    """A group of fields repeated inside a Form (one per ticket holder): no CSRF of its own, messages translated."""

    Meta = type("Meta", (TranslatedMeta, wtforms.Form.Meta), {})


class LoginForm(Form):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Log in"))


class LegalPageForm(Form):
    body_de = TextAreaField(_l("Text (German)"), validators=[Length(max=50000)])
    body_en = TextAreaField(_l("Text (English)"), validators=[Length(max=50000)])
    submit = SubmitField(_l("Save"))
