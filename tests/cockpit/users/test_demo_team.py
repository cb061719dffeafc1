"""The demo's organizer team: a program and a door account that log in with the demo password, with audit rows."""

from core.db import utcnow
from core.extensions import db
from demo.cockpit import users as cockpit_users
from tests.factories import PASSWORD, login, make_user


def test_the_demo_team_logs_in_and_shows_in_the_audit_log(client, app_ctx, app):
    admin = make_user("admin@treffpunkt.example", roles=("admin", "program", "checkin"))
    cockpit_users.seed_team(admin, PASSWORD, utcnow())
    db.session.commit()

    door = login(app.test_client(), cockpit_users.DEMO_CHECKIN)
    program = login(app.test_client(), cockpit_users.DEMO_PROGRAM)
    client.get("/language/en")
    login(client, "admin@treffpunkt.example")
    users = client.get("/manage/users/").text
    audit = client.get("/manage/audit/?action=user").text

    assert door.headers["Location"] == "/checkin/" and program.headers["Location"] == "/manage/"
    assert all(word in users for word in ("Jana Kowalski", "Timo Behrens", "Invited", "Deactivated"))
    assert audit.count("<code>user.invite</code>") == len(cockpit_users.TEAM)
    assert "user.deactivate" in audit and "user.password_invitation" in audit
