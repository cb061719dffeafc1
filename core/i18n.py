"""Language choice: German first, English one click away, remembered in the signed session cookie."""

import flask_babel
from flask import Flask, g, session
from flask_babel import get_locale

LANGUAGES = {"de": "Deutsch", "en": "English"}
DEFAULT_LANGUAGE = "de"


def select_locale() -> str:
    lang = session.get("lang")
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def current_language() -> str:
    return str(get_locale() or DEFAULT_LANGUAGE)


# Dates and times follow the event's country, also in English: 24-hour clock and day-month order ("7 Apr 2027,
# 09:00"), never the US "4/7/27, 9:00 AM" that plain "en" gives.
FORMATTING_LOCALES = {"de": "de_DE", "en": "en_GB"}
SHORT_DATETIME = {"en": "d MMM y, HH:mm"}  # en_GB's short form (07/04/2027) is read the other way round in the US


def formatting_locale(language: str | None = None) -> str:
    """The Babel locale that formats dates, times and numbers for `language` (default: the request's)."""
    return FORMATTING_LOCALES.get(language or current_language(), FORMATTING_LOCALES[DEFAULT_LANGUAGE])


def datetime_format(fmt: str, language: str | None = None) -> str:
    """`fmt` ("short", "medium", … or a pattern), with the unambiguous pattern for a short English date and time."""
    return SHORT_DATETIME.get(language or current_language(), fmt) if fmt == "short" else fmt


def translations():
    """The catalog of the request's language, or of the one `force_locale` sets for a mail.

    Flask-Babel looks it up through three context proxies for every string, which made translating a page's dozen
    strings cost more than the rest of rendering it; the catalog is kept per request where Flask-Babel keeps it
    (`babel_translations`, which `force_locale` and `refresh` reset), and found with one lookup.
    """
    if not g:  # outside an app context: Flask-Babel's own answer (no translation)
        return flask_babel.get_translations()
    context = g.get("_flask_babel")
    catalog = getattr(context, "babel_translations", None)
    if catalog is None:
        catalog = flask_babel.get_translations()  # makes the context when there is none yet
        g._flask_babel.babel_translations = catalog
    return catalog


def install_fast_gettext(app: Flask) -> None:
    """Templates translate through `translations()` (same catalogs, same newstyle formatting as Flask-Babel's)."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda string: translations().ugettext(string),
        ngettext=lambda singular, plural, n: translations().ungettext(singular, plural, n),
        pgettext=lambda context, string: translations().upgettext(context, string),
        npgettext=lambda context, singular, plural, n: translations().unpgettext(context, singular, plural, n),
        newstyle=True,
    )
