"""Production behaviour: settings checked at start, personal pages never cached, HSTS and secure cookies behind
https, the client address from a trusted proxy (rate limits per visitor), request ids, and the health endpoint."""

from datetime import timedelta

import pytest

from app import create_app
from core.db import utcnow
from core.extensions import db
from core.mail.outbox import enqueue_mail
from tests.factories import login, make_user


@pytest.fixture
def app_with(database_uri, tmp_path):
    """Apps with their own settings; their database connections are closed afterwards (psycopg warns otherwise)."""
    made = []

    def make(**settings):
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_uri, "SECRET_KEY": "t"} | settings)
        app.instance_path = str(tmp_path)
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            db.engine.dispose()


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("LOGIN_RATE_LIMIT", "10 per minut", 'LOGIN_RATE_LIMIT="10 per minut" is not a rate limit'),
        ("RETENTION_DAYS", "neunzig", 'RETENTION_DAYS="neunzig" is not a whole number.'),
        ("BOOKING_HOLD_MINUTES", 0, "BOOKING_HOLD_MINUTES=0 must be at least 1."),
        ("TRUSTED_PROXIES", "-1", "TRUSTED_PROXIES=-1 must be at least 0."),
        ("BASE_URL", "treffpunkt.example", 'BASE_URL="treffpunkt.example" must start with http:// or https://.'),
    ],
)
def test_a_mistyped_setting_stops_the_start_naming_it(app_with, setting, value, message):
    with pytest.raises(SystemExit) as stopped:
        app_with(**{setting: value})

    assert str(stopped.value).startswith(f"Treffpunkt cannot start: {message}")


def test_numbers_given_as_text_by_the_environment_are_taken(app_with):
    app = app_with(RETENTION_DAYS="30", TRUSTED_PROXIES="1")

    assert (app.config["RETENTION_DAYS"], app.config["TRUSTED_PROXIES"]) == (30, 1)


def test_personal_pages_are_never_cached_public_pages_may_be(client, app_ctx):
    make_user("orga@example.org", roles=("admin",))
    public = client.get("/")
    login(client, "orga@example.org")
    organizer = client.get("/manage/")

    assert "Cache-Control" not in public.headers or "no-store" not in public.headers["Cache-Control"]
    assert organizer.headers["Cache-Control"] == "no-store"
    assert client.get("/t/not-a-real-token").headers["Cache-Control"] == "no-store"


def test_https_base_url_turns_on_hsts_and_secure_cookies(app_with):
    plain = app_with()
    secure = app_with(BASE_URL="https://treffpunkt.example")

    assert "Strict-Transport-Security" not in plain.test_client().get("/language/en").headers
    response = secure.test_client().get("/language/en")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Secure" in response.headers["Set-Cookie"]
    assert secure.config["SESSION_COOKIE_SECURE"] is True


def test_behind_a_trusted_proxy_each_visitor_has_their_own_login_limit(app_with):
    app = app_with(TRUSTED_PROXIES=1, LOGIN_RATE_LIMIT="2 per minute", WTF_CSRF_ENABLED=False)
    client = app.test_client()

    def attempt(address):
        form = {"email": "x@example.org", "password": "wrong"}
        return client.post("/login", data=form, headers={"X-Forwarded-For": address}).status_code

    first = [attempt("198.51.100.7") for _ in range(3)]
    other = attempt("203.0.113.9")

    assert (first[-1], other) == (429, 200)


def test_without_trusted_proxies_forwarded_addresses_are_ignored(app_with):
    app = app_with(LOGIN_RATE_LIMIT="2 per minute", WTF_CSRF_ENABLED=False)
    client = app.test_client()
    answers = [
        client.post("/login", data={"email": "x@example.org", "password": "w"}, headers={"X-Forwarded-For": ip})
        for ip in ("198.51.100.1", "198.51.100.2", "198.51.100.3")
    ]

    assert [r.status_code for r in answers] == [200, 200, 429]  # a forged header cannot buy more attempts


def test_every_response_carries_a_request_id_and_a_sane_one_from_the_proxy_is_kept(client):
    fresh = client.get("/")
    kept = client.get("/", headers={"X-Request-ID": "proxy-4f2a9c1e"})
    refused = client.get("/", headers={"X-Request-ID": "bad\tid"})

    assert len(fresh.headers["X-Request-ID"]) == 16
    assert kept.headers["X-Request-ID"] == "proxy-4f2a9c1e"
    assert refused.headers["X-Request-ID"] != "bad\tid"


def test_health_is_ok_on_a_migrated_database_and_names_a_stuck_outbox(client, app_ctx):
    healthy = client.get("/health")
    mail = enqueue_mail(to="a@example.org", subject="Betreff", body_text="Text")
    mail.next_attempt_at = utcnow() - timedelta(hours=1)  # due an hour ago and still not sent: no worker runs
    db.session.commit()
    stuck = client.get("/health")

    assert (healthy.status_code, healthy.get_json()) == (
        200, {"status": "ok", "checks": {"database": "ok", "migrations": "ok", "outbox": "ok"}},
    )  # fmt: skip
    assert (stuck.status_code, stuck.get_json()["checks"]["outbox"]) == (503, "stuck")


def test_health_names_a_database_that_is_not_migrated(app_with, tmp_path):
    app = app_with(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'empty.db'}")

    response = app.test_client().get("/health")

    assert (response.status_code, response.get_json()["checks"]) == (
        503, {"database": "ok", "migrations": "not_migrated", "outbox": "unknown"},
    )  # fmt: skip


def test_every_response_carries_the_security_headers_once(client, app_ctx):
    page = client.get("/")
    missing = client.get("/e/no-such-event")

    for response in (page, missing):
        assert response.headers.getlist("X-Frame-Options") == ["DENY"]
        assert response.headers.getlist("X-Content-Type-Options") == ["nosniff"]
        assert response.headers.getlist("Referrer-Policy") == ["same-origin"]
        [policy] = response.headers.getlist("Content-Security-Policy")
        assert "script-src 'self';" in policy and "frame-ancestors 'none'" in policy
