"""Every setting is checked when the app starts: a mistyped one stops the start with a message naming it, rather than
silently switching something off (a rate limit of "10 per minut" would disable brute-force protection)."""

from flask import Flask
from limits import parse_many
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

RATE_LIMITS = ("LOGIN_RATE_LIMIT", "BOOKING_RATE_LIMIT")
DATABASES = ("postgresql", "sqlite")
WHOLE_NUMBERS = {  # setting: the smallest sensible value
    "BOOKING_HOLD_MINUTES": 1,
    "WAITLIST_OFFER_HOURS": 1,
    "RETENTION_DAYS": 1,
    "MAIL_PORT": 1,
    "TRUSTED_PROXIES": 0,
    "MAIL_RATE_PER_MINUTE": 0,  # 0: no limit
}


class SettingError(RuntimeError):
    """A setting that cannot work; the message names it and says what it takes."""


def check_settings(app: Flask) -> None:
    """Coerce numeric settings given as text (environment variables) and refuse what cannot work.

    :raises SettingError:
    """
    config = app.config
    for name in RATE_LIMITS:
        try:
            parse_many(str(config[name]))
        except ValueError:
            raise SettingError(f'{name}="{config[name]}" is not a rate limit such as "10 per minute".') from None
    config.setdefault("MAIL_RATE_PER_MINUTE", 0)
    for name, least in WHOLE_NUMBERS.items():
        config[name] = whole_number(name, config[name], least)
    check_database_url(str(config["SQLALCHEMY_DATABASE_URI"]))
    if not str(config["BASE_URL"]).startswith(("http://", "https://")):
        raise SettingError(f'BASE_URL="{config["BASE_URL"]}" must start with http:// or https://.')


def whole_number(name: str, value, least: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise SettingError(f'{name}="{value}" is not a whole number.') from None
    if number < least or isinstance(value, bool):
        raise SettingError(f"{name}={value} must be at least {least}.")
    return number


def check_database_url(url: str) -> None:
    """PostgreSQL (through psycopg) or SQLite; anything else would fail later with a driver's traceback."""
    try:
        backend = make_url(url).get_backend_name()
    except ArgumentError:
        raise SettingError("DATABASE_URL is not a database address such as postgresql://user@host/name.") from None
    if backend not in DATABASES:
        shown = make_url(url).render_as_string(hide_password=True)
        raise SettingError(f'DATABASE_URL="{shown}": Treffpunkt runs on PostgreSQL (postgresql://…) or SQLite.')
