"""A new edition in Debian's Chromium: copy the edition with the date picker's keyboard input, publish the copy,
then invite the series' contacts from the series page with the built-in invitation; no policy violation on the way.
Fields are found by id, so the test holds whether the labels read German or English."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from core.db import utcnow
from core.extensions import db
from core.jobs import run_one
from core.mail.outbox import OutboxMail
from events.models import Event
from events.services import set_event_status
from tests.browser import conftest as browser_fixtures
from tests.cockpit.series.world import add_contacts, edition_world
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser
live_server, browser, page = browser_fixtures.live_server, browser_fixtures.browser, browser_fixtures.page


@pytest.fixture
def world(app):
    with app.app_context():
        world = edition_world()
        make_user()
        people = [("Ada Lovelace", "ada@example.org", "de"), ("Cleo Clark", "cleo@example.org", "en")]
        add_contacts("forum-2026", people)
        return {"event_id": world["event"].id, "first_day": world["event"].days[0] + timedelta(days=364)}


def test_copy_an_edition_and_invite_the_series_contacts(app, world, live_server, page):
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    copy_url = f"/manage/events/{world['event_id']}/series/copy"
    page.goto(f"{live_server}/login?next={quote(copy_url)}")
    page.locator("#email").fill("orga@example.org")
    page.locator("#password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server}{copy_url}")
    expect(page.locator("#slug")).to_have_value("forum-2027")

    page.locator("#first_day").fill(world["first_day"].isoformat())
    page.locator("#slug").fill("forum-next")
    page.locator("#name").press("Enter")
    expect(page.locator(".flash-success")).to_be_visible()
    with app.app_context():
        copy = db.session.scalar(select(Event).where(Event.slug == "forum-next"))
        assert (copy.status, copy.series, copy.days[0]) == ("draft", "forum-2026", world["first_day"])
        set_event_status(copy, "published", actor=None)
        db.session.commit()
        copy_id = copy.id

    page.goto(f"{live_server}/manage/events/{copy_id}/series/contacts")
    expect(page.locator("#series-reachable")).to_have_text("2")
    page.locator("a[href*='template=builtin']").click()
    page.locator("button[name=action][value=save]").click()
    expect(page.locator("#preview-to")).to_have_text("ada@example.org")
    expect(page.locator("#preview-body")).to_contain_text("/abmelden/")
    page.locator("a[href$='/confirm']").click()
    page.locator("form[method=post] button[type=submit]").last.click()
    expect(page.locator(".flash-success")).to_be_visible()

    with app.app_context():
        assert run_one("browser-test", now=utcnow()).state == "done"
        mails = db.session.scalars(select(OutboxMail).where(OutboxMail.reference.startswith("cockpit-message:")))
        assert sorted(m.to_address for m in mails) == ["ada@example.org", "cleo@example.org"]
    assert violations == []
