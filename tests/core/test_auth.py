import pytest
from sqlalchemy import select

from core.models import User
from tests.factories import PASSWORD, csrf_from, login, make_event, make_user, submit


def test_organizer_logs_in_and_out(client, app_ctx):
    make_user("orga@example.org", roles=("admin",))

    response = login(client)
    area = client.get("/manage/")
    logout = submit(client, "/logout", {}, form_url="/manage/")

    assert response.headers["Location"] == "/manage/"
    assert area.status_code == 200 and "Veranstalterbereich" in area.text
    assert logout.status_code == 302
    assert client.get("/manage/").status_code == 302


def test_wrong_password_shows_a_message_at_the_field(client, app_ctx):
    make_user()

    response = submit(client, "/login", {"email": "orga@example.org", "password": "falsch"})

    assert response.status_code == 200
    assert "E-Mail oder Passwort ist falsch." in response.text
    assert 'aria-invalid="true"' in response.text
    assert client.get("/manage/").status_code == 302


def test_login_is_rate_limited(client, app_ctx):
    make_user()
    for _ in range(10):
        submit(client, "/login", {"email": "orga@example.org", "password": "falsch"})

    response = submit(client, "/login", {"email": "orga@example.org", "password": PASSWORD})

    assert response.status_code == 429
    assert "Zu viele Versuche" in response.text


def test_login_ignores_redirects_to_other_hosts(client, app_ctx):
    make_user()

    response = submit(client, "/login?next=https://evil.example/", {"email": "orga@example.org", "password": PASSWORD})

    assert response.headers["Location"] == "/manage/"


def test_passwords_are_stored_as_argon2_hashes(app_ctx):
    make_user()

    stored = app_ctx.extensions["sqlalchemy"].session.scalar(select(User.password_hash))

    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_anonymous_users_are_sent_to_login(client, app_ctx):
    event = make_event()

    for url in ("/manage/", "/manage/events/new", f"/manage/events/{event.id}", "/manage/pages/impressum"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login?next="), url


def test_checkin_user_cannot_edit_events(client, app_ctx):
    event = make_event()
    make_user("tuer@example.org", roles=("checkin",))
    login(client, "tuer@example.org")

    pages = ["/manage/events/new", f"/manage/events/{event.id}", f"/manage/events/{event.id}/edit",
             f"/manage/events/{event.id}/quotas/new", f"/manage/events/{event.id}/ticket-types/new",
             "/manage/pages/impressum"]  # fmt: skip
    statuses = [client.get(url).status_code for url in pages]
    publish = submit(client, f"/manage/events/{event.id}/status/archived", {}, form_url="/manage/")

    assert statuses == [403] * len(pages)
    assert publish.status_code == 403
    assert event.status == "published"


def test_a_foreign_csrf_token_changes_nothing(client, app_ctx):
    event = make_event()
    make_user()
    login(client)
    other = client.application.test_client()

    foreign_token = csrf_from(other.get("/login").text)
    response = client.post(f"/manage/events/{event.id}/status/archived", data={"csrf_token": foreign_token})

    assert response.status_code == 400
    assert "Formular abgelaufen" in response.text
    assert event.status == "published"


def test_logging_in_starts_a_fresh_session_that_keeps_the_chosen_language(client, app_ctx):
    make_user("admin@example.org", roles=("admin",))
    client.get("/language/en")
    with client.session_transaction() as session:
        session["left_over"] = "from before the login"

    login(client, "admin@example.org")

    with client.session_transaction() as session:
        assert "left_over" not in session and session["lang"] == "en"
    assert '<html lang="en">' in client.get("/manage/").text


@pytest.mark.parametrize("target", ["/a%0Ab", "/a%0D%0ASet-Cookie:x=1", "/%5C%5Cevil.example", "/%5Cevil.example"])
def test_an_unsafe_next_target_is_refused_like_any_other_not_a_server_error(client, target):
    response = client.get(f"/language/de?next={target}")

    assert (response.status_code, response.location) == (302, "/")
