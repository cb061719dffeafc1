"""The account rules without HTTP, and `flask users` using the same rules."""

import pytest

from core.extensions import db
from core.security import accounts
from core.services import AccountError
from tests.factories import make_user


def test_the_last_active_admin_keeps_the_role_and_stays_active(app_ctx):
    admin = make_user("chefin@example.org", roles=("admin",))
    other = make_user("alt@example.org", roles=("admin", "program"))
    accounts.deactivate(other, actor=None)

    with pytest.raises(AccountError) as taken:
        accounts.set_roles(admin, ["program"], actor=None)
    with pytest.raises(AccountError) as deactivated:
        accounts.deactivate(admin, actor=None)

    assert taken.value.code == deactivated.value.code == "last_admin"
    assert admin.roles == {"admin"} and admin.is_active
    # A deactivated admin does not count; reactivated, they do.
    accounts.reactivate(other, actor=None)
    accounts.set_roles(admin, ["program"], actor=None)
    assert admin.roles == {"program"}


def test_an_organizer_keeps_at_least_one_role(app_ctx):
    helper = make_user("helfer@example.org", roles=("checkin",))

    with pytest.raises(AccountError) as error:
        accounts.set_roles(helper, [], actor=None)

    assert error.value.code == "roles_required" and helper.roles == {"checkin"}


def test_links_are_bound_to_their_purpose_and_to_active_accounts(app_ctx):
    invited = accounts.invite_user("neu@example.org", "Neu", ["program"], actor=None)
    token = accounts.organizer_link(invited, "invitation")

    with pytest.raises(AccountError):
        accounts.user_for_link("reset", token)
    accounts.deactivate(invited, actor=None)
    with pytest.raises(AccountError) as inactive:
        accounts.user_for_link("invitation", token)

    assert inactive.value.code == "link_invalid"


def test_the_cli_uses_the_same_rules(app_ctx, runner):
    make_user("chefin@example.org", roles=("admin",))
    make_user("helfer@example.org", roles=("checkin",))

    given = runner.invoke(args=["users", "roles", "helfer@example.org", "--role", "checkin", "--role", "program"])
    refused = runner.invoke(args=["users", "roles", "chefin@example.org", "--role", "program"])
    deactivated = runner.invoke(args=["users", "deactivate", "helfer@example.org"])
    unknown = runner.invoke(args=["users", "deactivate", "niemand@example.org"])

    assert given.exit_code == 0 and "checkin, program" in given.output
    assert refused.exit_code == 1 and "last admin" in refused.output
    assert deactivated.exit_code == 0 and unknown.exit_code == 1
    db.session.expire_all()
    assert not accounts.organizer_by_email("helfer@example.org").is_active
    assert runner.invoke(args=["users", "activate", "helfer@example.org"]).exit_code == 0
