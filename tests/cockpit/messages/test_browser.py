"""Composing a message in Debian's Chromium: placeholders (a wrong one is named), the count, the preview of a real
recipient's mail, the test mail, the confirm step, and the job's mails in the outbox. Fields are found by id, so
the test holds whether the labels read German or English."""

from urllib.parse import quote

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from core.db import utcnow
from core.extensions import db
from core.jobs import run_one
from core.mail.outbox import OutboxMail
from tests.browser import conftest as browser_fixtures
from tests.cockpit.messages.world import message_world
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser
live_server, browser, page = browser_fixtures.live_server, browser_fixtures.browser, browser_fixtures.page


@pytest.fixture
def world(app):
    with app.app_context():
        world = message_world()
        make_user()
        return {"event_id": world["event"].id, "food": world["food"].id, "tag1": world["types"]["Tag 1"].id}


def test_compose_with_placeholders_preview_and_confirm(app, world, live_server, page):
    base = f"/manage/events/{world['event_id']}/messages"
    page.goto(f"{live_server}/login?next={quote(base + '/new')}")
    page.locator("#email").fill("orga@example.org")
    page.locator("#password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server}{base}/new")

    page.locator("#ticket_type").select_option(str(world["tag1"]))
    page.locator("#question").select_option(str(world["food"]))
    page.locator("#answer").fill("vegan")
    page.locator("button[name=action][value=count]").click()
    expect(page.locator("#recipient-count")).to_contain_text("2")

    page.locator("#subject_de").fill("Hallo {vorname}, bis bald bei {event}")
    page.locator("#body_de").fill("Liebe/r {nam},\nIhr Ticket: {ticket_link}")
    page.locator("button[name=action][value=save]").click()
    expect(page.locator("#body_de-error")).to_contain_text("{nam}")
    expect(page.locator("#body_de-error")).to_contain_text("{name}")  # the suggestion

    page.locator("#body_de").fill("Liebe/r {name},\nIhr Ticket: {ticket_link}\nAm {datum} in {ort}.")
    page.locator("button[name=action][value=save]").click()
    expect(page.locator("#preview-to")).to_have_text("ada@example.org")
    expect(page.locator("#preview-subject")).to_have_text("Hallo Ada, bis bald bei NØRD Test")
    expect(page.locator("#preview-body")).to_contain_text("Liebe/r Ada Lovelace,")
    expect(page.locator("#preview-body")).to_contain_text("/t/")
    expect(page.locator("#preview-body")).to_contain_text("HanseMesse Rostock")

    page.locator("form[action$='/test'] button").click()
    expect(page.locator(".flash-success")).to_contain_text("orga@example.org")

    page.locator("a[href$='/confirm']").click()
    expect(page.locator("#confirm-count")).to_have_text("2")
    expect(page.locator("#confirm-subject")).to_have_text("Hallo {vorname}, bis bald bei {event}")
    page.locator("main form button[type=submit], form[method=post] button[type=submit]").last.click()
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator(".job-progress")).to_be_visible()

    with app.app_context():
        assert run_one("browser-test", now=utcnow()).state == "done"
        mails = db.session.scalars(select(OutboxMail).where(OutboxMail.reference.startswith("cockpit-message:")))
        assert sorted(m.to_address for m in mails) == ["ada@example.org", "bea@example.org"]
    page.reload()
    expect(page.locator("#delivery-queued")).to_have_text("2")
