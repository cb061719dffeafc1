"""In Chromium: an admin invites a door helper, the helper sets the password through the mailed link, logs in and
lands on the check-in page."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import browser, live_server, page  # noqa: F401 (the browser fixtures)
from tests.factories import PASSWORD, make_user
from tests.partners.portal_helpers import link_in, outbox_to

pytestmark = pytest.mark.browser
NEW_PASSWORD = "Leuchtturm am Hafen 7"


@pytest.fixture
def admin_app(app, live_server):  # noqa: F811
    with app.app_context():
        make_user("chefin@example.org", roles=("admin",))
    return app


def test_invite_set_password_and_land_at_the_door(admin_app, live_server, page, browser):  # noqa: F811
    page.goto(live_server + "/language/en?next=/login")
    page.get_by_label("Email").fill("chefin@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server + "/manage/users/")
    page.get_by_role("link", name="Invite a user").click()
    page.get_by_label("Email").fill("tuer@example.org")
    page.get_by_label("Name").fill("Tom Tür")
    page.get_by_label("Check-in: the door and its lists").check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tom Tür")
    expect(page.get_by_text("Invited")).to_be_visible()

    with admin_app.app_context():
        [mail] = outbox_to("tuer@example.org")
        path = link_in(mail.body_text, r"^/account/invitation/")
    helper = browser.new_context(locale="en-GB").new_page()
    helper.goto(live_server + "/language/en?next=" + path)
    helper.get_by_label("New password").fill(NEW_PASSWORD)
    helper.get_by_label("Repeat the password").fill(NEW_PASSWORD)
    helper.get_by_role("button", name="Set password").click()
    helper.get_by_label("Email").fill("tuer@example.org")
    helper.get_by_label("Password").fill(NEW_PASSWORD)
    helper.get_by_role("button", name="Log in").click()

    expect(helper).to_have_url(live_server + "/checkin/")
    page.reload()
    expect(page.get_by_text("Active", exact=True)).to_be_visible()
