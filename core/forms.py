"""Forms for login, language choice and legal pages."""

from functools import cache

import wtforms
from babel import support
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SubmitField, TextAreaField
from wtforms.i18n import messages_path
from wtforms.validators import DataRequired, Email, Length


@cache
def wtforms_catalog(locale: str) -> support.Translations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class TranslatedMeta:
    def get_translations(self, form):
        return wtforms_catalog(str(get_locale()))


class Form(FlaskForm):
    """The base of every form: CSRF from Flask-WTF, and WTForms' own messages in the page's language from a catalog
    loaded once per language (Flask-WTF would parse the catalog file again on every request)."""

    Meta = type("Meta", (TranslatedMeta, FlaskForm.Meta), {})


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
