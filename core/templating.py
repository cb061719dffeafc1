"""What every template may use: language switch, date formatting in the event's timezone, and per-page CSS rules.

Pages run under a Content-Security-Policy without 'unsafe-inline' styles, so a template never writes a `style`
attribute: where a value is only known when rendering (a block's place in a grid, a track's colour) it calls
`page_style(selector, declarations)`, and the base layout prints every such rule in one `<style>` element carrying
the response's nonce.
"""

import secrets
from datetime import date, datetime
from functools import lru_cache

from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_decimal
from flask import Flask, g, has_request_context, request
from flask_login import current_user
from markupsafe import Markup

from core.i18n import LANGUAGES, current_language, datetime_format, formatting_locale


def template_globals() -> dict:
    values = {
        "languages": LANGUAGES,
        "current_language": current_language(),
        "page_style": page_style,
        "page_styles": page_styles,
    }
    if has_request_context():  # emails are rendered by `flask tick` too, where there is no request
        values["here"] = request.full_path.rstrip("?")
        values["is_organizer"] = current_user.is_authenticated
    return values


# Labels of stored values ("workshop", "accepted", …) in both languages, by kind; each package registers its own
# (`register_labels`), so a page never shows a raw internal value: `{{ c.format|label("format") }}`.
ENUM_LABELS: dict[str, dict[str, object]] = {}


def register_labels(kind: str, labels: dict[str, object]) -> None:
    ENUM_LABELS[kind] = labels


def register_filters(app: Flask) -> None:
    @app.template_filter("label")
    def label(value: str | None, kind: str) -> str:
        return str(ENUM_LABELS[kind].get(value, value)) if value is not None else ""

    @app.template_filter("in_tz")
    def in_tz(moment: datetime | None, tz, fmt: str = "medium") -> str:
        """A UTC time shown as wall-clock time in `tz` (the event's timezone), in the page's language."""
        if moment is None:
            return ""
        return _datetime_text(moment, datetime_format(fmt), tz, formatting_locale())

    @app.template_filter("time_in_tz")
    def time_in_tz(moment: datetime, tz) -> str:
        return _time_text(moment, tz, formatting_locale())

    @app.template_filter("number")
    def number(value: int) -> str:
        return _number_text(value, formatting_locale())

    @app.template_filter("day")
    def day(value: date, fmt: str = "full") -> str:
        return _date_text(value, fmt, formatting_locale())

    @app.template_filter("webcal")
    def webcal(url: str) -> str:
        """A calendar feed's address as a subscription link: calendar apps open webcal:// and keep polling it."""
        return "webcal://" + url.split("://", 1)[-1]


# Babel formats by reading its locale data on every call; an event's pages show the same few dates, times and counts
# again and again, so each worker keeps what it formatted (pure functions of their arguments, bounded).
@lru_cache(maxsize=4096)
def _datetime_text(moment: datetime, fmt: str, tz, locale: str) -> str:
    return format_datetime(moment, fmt, tzinfo=tz, locale=locale)


@lru_cache(maxsize=4096)
def _time_text(moment: datetime, tz, locale: str) -> str:
    return format_time(moment, "short", tzinfo=tz, locale=locale)


@lru_cache(maxsize=4096)
def _number_text(value: int, locale: str) -> str:
    return format_decimal(value, locale=locale)


@lru_cache(maxsize=1024)
def _date_text(value: date, fmt: str, locale: str) -> str:
    return format_date(value, fmt, locale=locale)


def csp_nonce() -> str:
    """This response's nonce for its one `<style>` element, made on first use (a page without one sends none)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def page_style(selector: str, declarations: str) -> str:
    """Collect one CSS rule for this page's `<style>` element; returns "" so templates can call it inline."""
    if declarations and has_request_context():
        rules = g.setdefault("page_style_rules", {})
        rules[selector] = declarations
    return ""


def page_styles() -> Markup:
    """The rules collected while rendering, in one nonce'd `<style>` element (or nothing)."""
    rules = g.get("page_style_rules") if has_request_context() else None
    if not rules:
        return Markup("")
    # Values come from the database (colours, grid positions); a `<` could close the element, so none passes.
    css = "\n".join(f"{selector} {{ {declarations} }}" for selector, declarations in rules.items()).replace("<", "")
    return Markup('<style nonce="{}">\n{}\n</style>').format(csp_nonce(), Markup(css))
