"""Treffpunkt: the application factory. `flask --app app run` finds `create_app` here."""

import os
import secrets
from pathlib import Path

from flask import Flask, jsonify, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError

from core.caching.pages import init_page_cache
from core.db import configure_sqlite
from core.extensions import babel, csrf, db, limiter, login_manager
from core.i18n import install_fast_gettext, select_locale
from core.operations.proxy import register_proxy_and_request_ids
from core.operations.settings import SettingError, check_settings
from core.security.guards import is_api_request
from core.security.headers import register_security_headers
from core.security.sessions import VerifiedCookieSessions

HERE = Path(__file__).resolve().parent


def create_app(config: dict | None = None) -> Flask:
    """Build the app: config, extensions, blueprints, CLI, error pages."""
    app = Flask(__name__, instance_relative_config=True)
    load_config(app, config)
    register_extensions(app)
    register_request_guards(app)
    register_blueprints(app)
    register_signal_receivers()
    register_job_handlers()
    register_cli(app)
    register_error_pages(app)
    register_template_helpers(app)
    return app


def load_config(app: Flask, config: dict | None) -> None:
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(
        SQLALCHEMY_DATABASE_URI=database_url(app),
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
        BABEL_DEFAULT_LOCALE="de",
        BABEL_TRANSLATION_DIRECTORIES=str(HERE / "translations"),
        LOGIN_RATE_LIMIT="10 per minute",
        BOOKING_RATE_LIMIT="30 per minute",
        # The public address of this installation: links in emails point here.
        BASE_URL="http://127.0.0.1:5000",
        BOOKING_HOLD_MINUTES=60,
        WAITLIST_OFFER_HOURS=24,
        # Invariant 6: personal data of ticket holders is anonymised this many days after their event ended.
        RETENTION_DAYS=90,
        MAIL_BACKEND="smtp",
        MAIL_SERVER="localhost",
        MAIL_PORT=25,
        MAIL_FROM="Treffpunkt <noreply@treffpunkt.example>",
        RATELIMIT_STORAGE_URI=os.environ.get("RATELIMIT_STORAGE_URI", "treffpunkt-memory://"),
        RATELIMIT_HEADERS_ENABLED=True,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=16 * 1024 * 1024,
        WTF_CSRF_TIME_LIMIT=None,  # a token lives as long as the session: a long form must not fail on submit
        MIGRATIONS_ENABLED=os.environ.get("FLASK_RUN_FROM_CLI") == "true",
        MIGRATIONS_FOLDER=HERE / "migrations" / "versions",
        # Reverse proxies in front that set X-Forwarded-For/-Proto/-Host; 0 trusts none (docs/deploy.md).
        TRUSTED_PROXIES=0,
    )
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("TREFFPUNKT")
    if config:
        app.config.update(config)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # A file has no server that could drop the connection: a ping before each checkout is a wasted statement.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**app.config["SQLALCHEMY_ENGINE_OPTIONS"], "pool_pre_ping": False}
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(app)
    try:
        check_settings(app)
    except SettingError as error:
        raise SystemExit(f"Treffpunkt cannot start: {error}") from None


def database_url(app: Flask | None) -> str:
    """DATABASE_URL (PostgreSQL through psycopg 3), else SQLite in the instance folder."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{Path(app.instance_path) / 'treffpunkt.db'}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def instance_secret_key(app: Flask) -> str:
    """A random key made on first run and kept in instance/ (never committed), so sessions survive restarts."""
    path = Path(app.instance_path) / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            configure_sqlite(db.engine)
    if app.config["MIGRATIONS_ENABLED"]:
        register_migrations(app)
    app.session_interface = VerifiedCookieSessions()
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "core.login"
    login_manager.login_message = None
    login_manager.user_loader(load_user)
    babel.init_app(app, locale_selector=select_locale)
    install_fast_gettext(app)
    limiter.init_app(app)
    init_page_cache(app)


def register_request_guards(app: Flask) -> None:
    from werkzeug.routing import IntegerConverter

    from core.security.guards import refuse_nul_bytes

    class DatabaseIntConverter(IntegerConverter):
        """Ids in URLs fit the database's integer, so an absurd id is a 404, never a database error."""

        def __init__(self, url_map, *args, **kwargs):
            kwargs.setdefault("max", 2**31 - 1)
            super().__init__(url_map, *args, **kwargs)

    app.url_map.converters["int"] = DatabaseIntConverter
    app.before_request(refuse_nul_bytes)
    register_security_headers(app)
    register_proxy_and_request_ids(app)


def register_migrations(app: Flask) -> None:
    """Alembic costs every server process some 10 MB, so only the `flask` CLI, the tests and the benchmarks' set-up
    load it (`flask db upgrade`)."""
    from flask_migrate import Migrate

    Migrate(app, db, directory=str(HERE / "migrations"))


def load_user(user_id: str):
    from core.services import active_user

    return active_user(int(user_id)) if user_id.isdigit() else None


def register_blueprints(app: Flask) -> None:
    from cockpit import setup as cockpit_setup
    from core.jobs.views import bp as jobs_bp
    from core.operations.health import bp as health_bp
    from core.views import bp as core_bp
    from events.manage import bp as manage_bp
    from events.program.manage import bp as program_manage_bp
    from events.program.planner.views import bp as planner_bp
    from events.program.schedule.export_views import bp as program_exports_bp
    from events.program.schedule.views import bp as schedule_bp
    from events.program.timetable.views import bp as timetable_bp
    from events.views import bp as events_bp
    from partners.portal.directory_views import bp as partner_directory_bp
    from partners.portal.views import bp as partner_portal_bp
    from partners.review.scoring.views import bp as partners_scoring_bp
    from partners.review.views import bp as partners_manage_bp
    from partners.staff.views import bp as partner_staff_bp
    from partners.submissions.views import bp as partner_submissions_bp
    from ticketing.agenda.views import bp as agenda_bp
    from ticketing.agenda.workshop_views import bp as workshops_bp
    from ticketing.attendees.views import bp as attendees_bp
    from ticketing.booking.manage import bp as ticketing_manage_bp
    from ticketing.booking.views import bp as ticketing_bp
    from ticketing.checkin.manage import bp as checkin_manage_bp
    from ticketing.checkin.views import bp as checkin_bp
    from ticketing.contacts.views import bp as contacts_bp
    from ticketing.selfservice.views import bp as selfservice_bp
    from ticketing.worldcafe.attendee.views import bp as worldcafe_attendee_bp
    from ticketing.worldcafe.day.views import bp as worldcafe_day_bp
    from ticketing.worldcafe.views import bp as worldcafe_bp

    blueprints = (
        core_bp,
        health_bp,
        jobs_bp,
        events_bp,
        manage_bp,
        ticketing_manage_bp,
        attendees_bp,
        ticketing_bp,
        selfservice_bp,
        checkin_bp,
        checkin_manage_bp,
        contacts_bp,
        schedule_bp,
        program_exports_bp,
        program_manage_bp,
        workshops_bp,
        timetable_bp,
        planner_bp,
        partners_manage_bp,
        partners_scoring_bp,
        partner_staff_bp,
        partner_submissions_bp,
        agenda_bp,
        partner_portal_bp,
        partner_directory_bp,
        worldcafe_bp,
        worldcafe_attendee_bp,
        worldcafe_day_bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    cockpit_setup.register_blueprints(app)


def register_signal_receivers() -> None:
    """Packages above events react to program changes through signals (events imports none of them)."""
    from ticketing.agenda import interest as agenda_interest
    from ticketing.speaker_tickets import connect

    connect()
    agenda_interest.connect()


def register_job_handlers() -> None:
    """Packages register the handlers of the job kinds they own (`core.jobs.job_handler`), one `register()` call per
    package here; core.jobs imports none of them. Every process registers them: the web to queue a job (enqueue
    checks the kind), the worker to run it."""
    from cockpit import setup as cockpit_setup
    from events.program.planner import jobs as planner_jobs
    from ticketing.worldcafe import jobs as worldcafe_jobs

    planner_jobs.register()
    worldcafe_jobs.register()
    cockpit_setup.register_jobs()


def register_cli(app: Flask) -> None:
    from core.cli.backup import backup_cli
    from core.cli.errors import guard_commands
    from core.cli.mail import mail_cli
    from core.cli.users import users_cli
    from core.cli.worker import worker_command
    from demo.events import demo_cli
    from events.program.planner.cli import program_cli
    from ticketing.cli import tick_command
    from ticketing.worldcafe.cli import worldcafe_cli

    for command in (
        users_cli,
        mail_cli,
        worker_command,
        demo_cli,
        tick_command,
        worldcafe_cli,
        program_cli,
        backup_cli,
    ):
        app.cli.add_command(command)
    guard_commands(app.cli)


def register_error_pages(app: Flask) -> None:
    """Error pages in the user's language; on /api/ paths JSON with a fixed `error` code the scanner can act on."""

    def page(status: int, code: str, title: str, message: str):
        if is_api_request():
            return jsonify(error=code, message=str(message), status=status), status
        return render_template("errors/error.html", status=status, title=title, message=message), status

    errors = {
        400: ("bad_request", _l("Bad request"), _l("The request could not be understood.")),
        CSRFError: ("csrf", _l("Form expired"), _l("The form was too old or came from elsewhere. Please try again.")),
        401: ("unauthorized", _l("Please log in"), _l("Your session has ended.")),
        403: ("forbidden", _l("Not allowed"), _l("Your account may not open this page.")),
        404: ("not_found", _l("Not found"), _l("There is no page at this address.")),
        405: ("method_not_allowed", _l("Not allowed"), _l("This address does not take that request.")),
        413: ("too_large", _l("Too large"), _l("What you sent is too large. Please send something smaller.")),
        429: ("too_many_requests", _l("Too many attempts"), _l("Please wait a minute before trying again.")),
        500: ("server_error", _l("Something went wrong"), _l("The error was logged. Nothing was changed.")),
    }
    for error, (code, title, message) in errors.items():
        app.register_error_handler(error, lambda e, c=code, t=title, m=message: page(e.code or 400, c, t, m))


def register_template_helpers(app: Flask) -> None:
    from core.templating import register_filters, template_globals

    app.jinja_env.add_extension("jinja2.ext.do")
    app.context_processor(template_globals)
    register_filters(app)
