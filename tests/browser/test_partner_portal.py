"""An exhibitor registers in Chromium, confirms by the mailed link, uploads a logo; once an organizer approves, the
logo shows in the public directory."""

import re
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect
from sqlalchemy import select

from core.db import utcnow
from core.extensions import db
from core.mail.delivery import mail_settings_from, send_pending
from core.models import User
from partners.models import Organization
from partners.review.decisions import decide
from tests.factories import make_event, make_user
from tests.partners.portal_helpers import make_package, make_track
from tests.smtp import smtp_server_fixture  # noqa: F401 (the smtp_server fixture)

pytestmark = pytest.mark.browser


def deliver(app, smtp_server) -> list:
    before = len(smtp_server.messages)
    with app.app_context():
        report = send_pending(now=utcnow(), smtp_settings=mail_settings_from(app.config))
    assert (report.sent, report.failed) == (report.handled, 0)
    return smtp_server.wait_for(before + report.sent)[before:]


def link_in(message, path_pattern: str) -> str:
    text = message.get_body(("plain",)).get_content()
    [link] = [url for url in re.findall(r"https?://\S+", text) if re.search(path_pattern, urlsplit(url).path)]
    return link


@pytest.fixture
def portal_app(app, live_server, smtp_server):
    app.config.update(BASE_URL=live_server, MAIL_SERVER=smtp_server.host, MAIL_PORT=smtp_server.port)
    with app.app_context():
        event = make_event("noerd", name="NØRD – Digital Convention MV")
        make_package(event, "Ausstellerstand M")
        make_track(event, "KI")
        make_user("admin@example.org")
    return app


def test_exhibitor_registers_confirms_uploads_a_logo_and_appears_in_the_directory_once_approved(
    portal_app, live_server, smtp_server, page, tmp_path: Path
):
    logo = tmp_path / "logo.png"
    image = Image.new("RGB", (600, 300), (11, 79, 108))
    ImageDraw.Draw(image).rectangle((40, 40, 260, 260), fill=(255, 210, 63))
    image.save(logo)

    page.goto(live_server + "/e/noerd")
    page.get_by_role("link", name="English").click()
    page.get_by_role("link", name="Register as partner or exhibitor").click()
    page.get_by_label("Your name").fill("Anna Schulz")
    page.get_by_label("Your email (for logging in)").fill("anna@nordnetz.example")
    page.get_by_label("Password", exact=True).fill("sehr-geheim-123")
    page.get_by_label("Password again").fill("sehr-geheim-123")
    page.get_by_label("Name of the organization").fill("Nordnetz GmbH")
    page.get_by_label("Kind").select_option(label="Exhibitor")
    page.get_by_label("Address").fill("Am Strande 1, 18055 Rostock")
    page.get_by_label("Website").fill("https://nordnetz.example")
    page.get_by_label("Short description (German)").fill("Glasfaser für Mecklenburg-Vorpommern.")
    page.get_by_role("group", name="Topics").get_by_label("KI").check()
    page.get_by_label("Contact person").fill("Kim Berg")
    page.get_by_label("Contact email").fill("kim@nordnetz.example")
    page.get_by_label("Package you ask for").select_option(label="Ausstellerstand M (3 × 3 m)")
    page.get_by_label("We need power at the booth").check()
    page.get_by_label("I have read the privacy notice and agree.").check()
    page.get_by_role("button", name="Register organization").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your email address")
    [confirmation] = deliver(portal_app, smtp_server)
    assert confirmation["To"] == "anna@nordnetz.example"
    page.goto(link_in(confirmation, r"^/partner/confirm/"))
    page.get_by_role("button", name="Confirm email address").click()
    page.get_by_label("Email").fill("anna@nordnetz.example")
    page.get_by_label("Password").fill("sehr-geheim-123")
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(live_server + "/partner")
    expect(page.get_by_role("link", name="Deutsch")).to_be_visible()  # logging in kept the chosen language
    page.get_by_role("link", name="Nordnetz GmbH").click()
    expect(page.get_by_text("submitted, awaiting review")).to_be_visible()
    page.get_by_role("link", name="Public profile and logo").click()
    page.get_by_label("Logo file").set_input_files(logo)
    page.get_by_role("button", name="Upload logo").click()
    expect(page.get_by_role("status")).to_have_text("The logo is saved.")

    with portal_app.app_context():
        organization = db.session.scalars(select(Organization)).one()
        admin = db.session.scalar(select(User).where(User.email == "admin@example.org"))
        decide(organization, "approved", "Willkommen auf der NØRD!", actor=admin, now=utcnow())
        organization.booth_number = "H2-14"
        db.session.commit()
    decisions = deliver(portal_app, smtp_server)  # to the members and to the contact person
    assert "anna@nordnetz.example" in {mail["To"] for mail in decisions}
    assert all("Willkommen auf der NØRD!" in mail.get_content() for mail in decisions)

    page.goto(live_server + "/e/noerd")
    page.get_by_role("link", name="Partners and exhibitors").click()
    entry = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="Nordnetz GmbH"))
    expect(entry).to_contain_text("Booth H2-14")
    shown = entry.locator("img")  # alt="" beside the name: decorative for screen readers
    expect(shown).to_be_visible()
    assert shown.evaluate("img => img.complete && img.naturalWidth") == 600
    served = page.request.get(live_server + shown.get_attribute("src"))
    assert served.headers["content-type"] == "image/png"
    assert Image.open(BytesIO(served.body())).size == (600, 300)
