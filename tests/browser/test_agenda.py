import re

import pytest
from playwright.sync_api import expect

from tests.ticketing.agenda_helpers import published_program

pytestmark = pytest.mark.browser


def test_visitor_on_a_phone_saves_two_contributions_and_finds_them_after_a_reload(app, live_server, browser):
    with app.app_context():
        noerd = published_program()
        keynote_id, workshop_id = noerd.talks["Eröffnung"].id, noerd.talks["Threat Modeling"].id
    context = browser.new_context(
        locale="de-DE", timezone_id="America/New_York", viewport={"width": 375, "height": 740}, is_mobile=True
    )
    page = context.new_page()
    page.goto(live_server + "/language/en?next=/e/noerd/schedule")
    keynote = page.get_by_role("button", name="Bookmark Eröffnung")
    workshop = page.get_by_role("button", name="Bookmark Threat Modeling")

    keynote.click()
    workshop.focus()
    page.keyboard.press("Space")  # the keyboard path

    expect(keynote).to_have_attribute("aria-pressed", "true")
    expect(workshop).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#saved-status")).to_have_text("Saved: Threat Modeling")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # the toggles fit the phone
    page.reload()
    expect(page.get_by_role("button", name="Bookmark Eröffnung")).to_have_attribute("aria-pressed", "true")

    page.get_by_role("link", name="Saved contributions").click()
    page.reload()

    saved = page.locator("#saved-list")
    expect(saved.get_by_role("link")).to_have_text(["Eröffnung", "Threat Modeling"])
    expect(saved.locator(".agenda-time")).to_have_text(["09:00–09:30", "10:00–10:30"])  # Rostock's time
    feed = page.get_by_label("Calendar feed address")
    expect(feed).to_have_value(re.compile(rf"/e/noerd/agenda\.ics\?c={keynote_id},{workshop_id}$"))
    expect(page.get_by_role("link", name="Subscribe in your calendar app")).to_have_attribute(
        "href", re.compile(r"^webcal://")
    )

    saved.get_by_role("button", name="Remove Eröffnung").click()

    expect(saved.get_by_role("link")).to_have_text(["Threat Modeling"])
    expect(feed).to_have_value(re.compile(rf"\?c={workshop_id}$"))
    context.close()


def test_ticket_holder_adds_a_contribution_on_their_agenda_page(app, live_server, page):
    with app.app_context():
        token = published_program().ticket.access_token
    page.goto(live_server + f"/language/en?next=/t/{token}")
    page.get_by_role("link", name="Open my agenda").click()
    agenda = page.locator("#my-agenda")
    expect(agenda).to_contain_text("Nothing in your agenda yet")

    page.get_by_role("button", name="Add Tag zwei").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_have_text("Added to your agenda: Tag zwei")
    expect(agenda.get_by_role("link")).to_have_text(["Tag zwei"])
    expect(page.get_by_role("button", name="Remove Tag zwei")).to_have_count(2)  # in the agenda and the program
    expect(page.get_by_label("Calendar feed address")).to_have_value(re.compile(r"/agenda/[A-Za-z0-9_-]+\.ics$"))
