"""The session cookie's signature is checked once per worker (core.security.sessions), yet every cookie is as strict
as before: a changed one is nobody's, an expired one logs out, another key refuses old cookies, and requests with
the same cookie never share one session."""

import time

from itsdangerous import TimestampSigner

from tests.factories import login, make_user


def organizer_cookie(client) -> str:
    make_user("orga@example.org", roles=("admin",))
    login(client, "orga@example.org")
    return client.get_cookie("session").value


def test_the_same_cookie_keeps_the_organizer_logged_in_request_after_request(client, app_ctx):
    organizer_cookie(client)

    pages = [client.get("/manage/") for _ in range(3)]

    assert [page.status_code for page in pages] == [200, 200, 200]


def test_a_changed_cookie_is_nobody_s_although_the_original_was_verified(client, app_ctx):
    cookie = organizer_cookie(client)
    client.get("/manage/")
    payload, timestamp, signature = cookie.rsplit(".", 2)

    client.set_cookie("session", f"{payload}.{timestamp}.{signature[:-2]}AA")

    assert client.get("/manage/").headers["Location"].startswith("/login")


def test_a_verified_cookie_past_the_session_lifetime_logs_out(app, client, app_ctx, monkeypatch):
    organizer_cookie(client)
    assert client.get("/manage/").status_code == 200

    month_later = int(time.time() + app.permanent_session_lifetime.total_seconds() + 60)
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: month_later)  # itsdangerous's clock

    assert client.get("/manage/").headers["Location"].startswith("/login")


def test_a_new_secret_key_refuses_the_cookies_signed_with_the_old_one(app, client, app_ctx):
    organizer_cookie(client)
    assert client.get("/manage/").status_code == 200

    app.secret_key = "a-new-key-after-a-leak"

    assert client.get("/manage/").headers["Location"].startswith("/login")


def test_two_requests_with_one_cookie_do_not_share_their_session(app, app_ctx):
    first, second = app.test_client(), app.test_client()
    cookie = organizer_cookie(first)
    second.set_cookie("session", cookie)
    second.get("/manage/")  # verified and remembered

    first.get("/language/en")  # changes the first browser's session, which began from the same cookie
    second.set_cookie("session", cookie)

    assert '<html lang="de">' in second.get("/manage/").text
    assert '<html lang="en">' in first.get("/manage/").text


def test_after_a_key_change_cookies_of_the_key_kept_as_fallback_still_count(app, client, app_ctx):
    organizer_cookie(client)
    old_key = app.secret_key

    app.config["SECRET_KEY_FALLBACKS"] = [old_key]
    app.secret_key = "the-new-key"

    assert client.get("/manage/").status_code == 200
