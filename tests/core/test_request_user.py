"""The logged-in user of a request is read as one row and attached to the session (core.services.active_user): it
must behave as the persistent User an ORM query would give."""

from flask import render_template_string
from flask_babel import force_locale
from sqlalchemy import inspect

from core.extensions import db
from core.models import User
from core.services import active_user
from tests.factories import login, make_user, submit


def test_the_user_read_as_a_row_is_the_persistent_account_and_changes_to_it_are_saved(app_ctx):
    user_id = make_user(roles=("checkin",)).id
    db.session.expunge_all()

    user = active_user(user_id)
    state = inspect(user)
    unchanged = (state.persistent, user in db.session.dirty, user.roles, db.session.get(User, user_id) is user)
    user.name = "Tür Nord"
    db.session.commit()
    db.session.expunge_all()

    assert unchanged == (True, False, frozenset({"checkin"}), True)
    assert db.session.get(User, user_id).name == "Tür Nord"


def test_a_deactivated_or_unknown_account_is_nobody(app_ctx):
    user = make_user()
    user.is_active, user_id = False, user.id
    db.session.commit()
    db.session.expunge_all()

    assert (active_user(user_id), active_user(user_id + 1000)) == (None, None)


def test_a_mail_in_german_inside_an_english_page_leaves_the_page_english(app, client):
    with app.test_request_context("/"):
        from flask import session

        session["lang"] = "en"
        text = "{{ _('Log in') }}"
        before = render_template_string(text)
        with force_locale("de"):
            mail = render_template_string(text)
        after = render_template_string(text)

    assert (before, mail, after) == ("Log in", "Anmelden", "Log in")


def test_an_anonymous_visitors_session_holds_their_csrf_token_only_and_is_not_written_again(client, app_ctx):
    make_user()

    refused = submit(client, "/login", {"email": "orga@example.org", "password": "falsch"})
    again = client.get("/login")

    with client.session_transaction() as session:
        assert list(session) == ["csrf_token"]  # nothing "fresh" to mark about nobody
    assert (refused.status_code, refused.headers.get("Set-Cookie"), again.headers.get("Set-Cookie")) == (
        200,
        None,
        None,
    )


def test_a_logged_in_session_used_from_another_browser_is_no_longer_fresh(client, app_ctx):
    make_user()
    login(client)

    client.get("/manage/", headers={"User-Agent": "Another browser"})

    with client.session_transaction() as session:
        assert (session["_user_id"] is not None, session["_fresh"]) == (True, False)
