"""The World Café's pages in Chromium under the strict Content-Security-Policy, and the facilitator's screen on the
day: the timer runs, "next round" shows the next round's tables, the change cue appears between rounds, and a
reload keeps where the timer stood."""

from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from core.db import utcnow
from core.extensions import db
from tests.browser.test_content_security_policy import COLLECT
from tests.factories import PASSWORD, make_user
from tests.ticketing.worldcafe.helpers import latin_plan, make_cafe
from ticketing.worldcafe.models import WorldCafe
from ticketing.worldcafe.plan import plans

pytestmark = pytest.mark.browser

ORGANIZER = "programm@example.org"


@pytest.fixture
def published(app):
    with app.app_context():
        made = make_cafe()
        cafe = made.cafe
        plans.import_plan(cafe, {"rounds": latin_plan(made)})
        plans.publish(cafe, now=utcnow(), notify=False)
        make_user(ORGANIZER, roles=("program",))
        db.session.commit()
        return made, made.ticket(0).access_token


def logged_in(browser, base: str, next_path: str):
    context = browser.new_context(locale="de-DE")
    context.add_init_script(COLLECT)
    page = context.new_page()
    page.goto(f"{base}/login?next={quote(next_path)}")
    page.get_by_label("E-Mail").fill(ORGANIZER)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(base + next_path)
    return context, page


def test_world_cafe_pages_show_no_policy_violation(published, live_server, browser):
    made, token = published
    cafe = f"/manage/events/{made.event_id}/worldcafe/{made.cafe_id}"
    context, page = logged_in(browser, live_server, cafe + "/planner")

    seen = {}
    for path in [f"/manage/events/{made.event_id}/worldcafe", cafe, cafe + "/planner", cafe + "/facilitator",
                 f"/t/{token}"]:  # fmt: skip
        assert page.goto(live_server + path).status == 200
        page.wait_for_load_state("networkidle")
        seen[path] = page.evaluate("window.__violations")

    assert {path: found for path, found in seen.items() if found} == {}
    context.close()


def test_facilitator_runs_the_rounds_with_the_timer(app, published, live_server, browser):
    made, _token = published
    screen = f"/manage/events/{made.event_id}/worldcafe/{made.cafe_id}/facilitator"
    context, page = logged_in(browser, live_server, screen)
    rounds = page.locator("section[data-round]")
    expect(rounds.nth(0)).to_be_visible()
    expect(rounds.nth(1)).to_be_hidden()
    expect(page.locator("#timer")).to_have_text("20:00")

    page.get_by_role("button", name="Start").click()

    expect(page.locator("#timer")).to_have_text("19:58", timeout=4000)
    page.get_by_role("button", name="Pause").click()
    stopped = page.locator("#timer").text_content()
    page.wait_for_timeout(1200)
    expect(page.locator("#timer")).to_have_text(stopped)

    page.get_by_role("button", name="Nächste Runde").click()

    expect(rounds.nth(1)).to_be_visible()
    expect(rounds.nth(0)).to_be_hidden()
    expect(page.locator("#round-label")).to_have_text("Runde 2")
    expect(page.locator("#timer")).to_have_text("20:00")
    page.reload()  # the screen keeps its round across a reload
    expect(page.locator("#round-label")).to_have_text("Runde 2")

    with app.app_context():  # rounds of no time and a one-minute change: the end of round 1 and the cue show at once
        cafe = db.session.get(WorldCafe, made.cafe_id)
        cafe.round_minutes, cafe.pause_minutes = 0, 1
        db.session.commit()
    page.get_by_role("button", name="Zurück zu Runde 1").click()
    page.reload()
    page.get_by_role("button", name="Start").click()

    expect(page.get_by_text("Bitte wechseln!")).to_be_visible()
    expect(page.locator("#round-label")).to_have_text("Runde 2")  # the tables of the coming round are shown
    expect(page.locator("#timer-status")).to_have_text("Bitte wechseln: Runde 2 beginnt")
    expect(page.locator("#timer")).to_have_text("0:59", timeout=3000)
    assert page.evaluate("window.__violations") == []
    context.close()
