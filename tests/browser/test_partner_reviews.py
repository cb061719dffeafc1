"""The ranked review overview in Chromium, used by keyboard: a program organizer checks contributions, assigns
reviewers with one button and decides with the other (each button posts the same checked boxes to its own address);
the page breaks no rule of the Content-Security-Policy."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from core.extensions import db
from events.program.models import Contribution
from partners.review.scoring.models import ContributionReview
from tests.factories import PASSWORD, make_event, make_user
from tests.partners.factories import make_organization

pytestmark = pytest.mark.browser
COLLECT = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective));
"""


@pytest.fixture
def reviews_app(app):
    with app.app_context():
        event = make_event()
        make_user("ada@example.org", roles=("program",))
        make_user("bo@example.org", roles=("admin",))
        org = make_organization(event, "Hafenwerk eG", contact_email="kontakt@hafenwerk.example")
        talks = [Contribution(event=event, title=t, organization_id=org.id) for t in ("Datenräume", "Glasfaser")]
        talks.append(Contribution(event=event, title="Entschieden", state="rejected", organization_id=org.id))
        db.session.add_all(talks)
        db.session.commit()
        return {"event": event.id, "talks": [t.id for t in talks]}


def check_by_keyboard(page, contribution_id: int) -> None:
    box = page.locator(f"input[name=selected][value='{contribution_id}']")
    box.focus()
    page.keyboard.press("Space")
    expect(box).to_be_checked()


def test_program_organizer_assigns_and_decides_from_the_overview_by_keyboard(app, reviews_app, live_server, browser):
    context = browser.new_context(locale="de-DE")
    context.add_init_script(COLLECT)
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.get_by_label("E-Mail").fill("ada@example.org")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    overview = f"{live_server}/manage/events/{reviews_app['event']}/partners/reviews"
    first, second, decided = reviews_app["talks"]

    page.goto(overview)
    check_by_keyboard(page, first)
    check_by_keyboard(page, second)
    page.locator("#reviewers input[type=checkbox]").first.focus()
    page.keyboard.press("Space")
    page.locator("button[formaction$='/reviews/assign']").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#outcomes tr.outcome-done")).to_have_count(2)
    violations = page.evaluate("window.__violations")

    page.goto(overview)
    for contribution_id in (first, decided):
        check_by_keyboard(page, contribution_id)
    page.locator("#decision").select_option("rejected")
    page.locator("button[formaction$='/reviews/decide']").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#outcomes tr.outcome-done")).to_have_count(1)
    expect(page.locator("#outcomes tr.outcome-refused")).to_have_count(1)
    violations += page.evaluate("window.__violations")
    context.close()

    with app.app_context():
        assigned = db.session.scalars(select(ContributionReview.contribution_id).order_by("contribution_id")).all()
        states = db.session.execute(select(Contribution.id, Contribution.state).order_by(Contribution.id)).all()
    assert assigned == [first, second]
    assert [tuple(s) for s in states] == [(first, "rejected"), (second, "submitted"), (decided, "rejected")]
    assert violations == []
