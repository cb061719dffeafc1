"""A visitor books two free tickets in Chromium, confirms by the link in the mail and downloads a ticket."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from core.db import utcnow
from core.extensions import db
from core.mail.delivery import mail_settings_from, send_pending
from tests.factories import make_event, make_quota, make_ticket_type
from tests.smtp import smtp_server_fixture  # noqa: F401 (the smtp_server fixture)
from ticketing.models import Booking, SeriesContact

pytestmark = pytest.mark.browser
# The optional box for the series' next edition (German once translated; English until then).
SERIES_CONSENT = re.compile("nächste Ausgabe dieser Veranstaltungsreihe|next edition of this event series")


def deliver(app, smtp_server) -> list:
    """Send the outbox to the loopback SMTP server and return the messages that arrived."""
    before = len(smtp_server.messages)
    with app.app_context():
        report = send_pending(now=utcnow(), smtp_settings=mail_settings_from(app.config))
    assert (report.sent, report.retried, report.failed) == (report.handled, 0, 0)
    return smtp_server.wait_for(before + report.sent)[before:]


def link_in(message, path_pattern: str) -> str:
    [link] = [
        url
        for url in re.findall(r"https?://\S+", message.get_body(("plain",)).get_content())
        if re.search(path_pattern, urlsplit(url).path)
    ]
    return link


@pytest.fixture
def mailing_app(app, live_server, smtp_server):
    """Mail links point to the live server; mail goes to the loopback SMTP server."""
    app.config.update(
        BASE_URL=live_server, MAIL_BACKEND="smtp", MAIL_SERVER=smtp_server.host, MAIL_PORT=smtp_server.port
    )
    with app.app_context():
        event = make_event("noerd", name="NØRD – Digital Convention MV")
        make_ticket_type(event, [make_quota(event, "Halle", 100)], "Tag 1")
    return app


def test_visitor_books_for_herself_and_a_colleague_confirms_by_mail_and_downloads_her_ticket(
    mailing_app, live_server, smtp_server, page, tmp_path: Path
):
    page.goto(live_server + "/e/noerd")
    page.get_by_role("link", name="Kostenlose Tickets buchen").click()
    me = page.get_by_role("group", name="Ticket 1: Sie selbst")
    me.get_by_label("Name").fill("Erika Mustermann")
    me.get_by_label("E-Mail").fill("erika@example.org")
    me.get_by_label("Organisation").fill("Stadtwerke Rostock")
    me.get_by_label("Ich komme aus dem Bereich").select_option(label="Verwaltung")
    page.get_by_role("button", name="Kollegin oder Kollegen hinzufügen").click()
    colleague = page.get_by_role("group", name="Ticket 2: Kollegin oder Kollege")
    colleague.get_by_label("Name").fill("Jonas Weber")
    colleague.get_by_label("E-Mail").fill("jonas@example.org")
    page.get_by_label("Ich habe den Datenschutzhinweis gelesen und stimme zu.").check()
    series_box = page.get_by_label(SERIES_CONSENT)
    expect(series_box).not_to_be_checked()  # off by default
    series_box.check()
    page.get_by_role("button", name="Kostenlose Tickets buchen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Bitte prüfen Sie Ihre E-Mails")
    [confirmation] = deliver(mailing_app, smtp_server)
    assert confirmation["To"] == "erika@example.org"

    page.goto(link_in(confirmation, r"^/booking/[^/]+/confirm$"))
    page.get_by_role("button", name="Buchung bestätigen").click()

    expect(page.get_by_role("status")).to_have_text(
        "Vielen Dank! Ihre Buchung ist bestätigt; jede Person erhält ihr Ticket per E-Mail."
    )
    expect(page.get_by_text("NØRD – Digital Convention MV · bestätigt")).to_be_visible()
    ticket_mails = {message["To"]: message for message in deliver(mailing_app, smtp_server)}
    assert sorted(ticket_mails) == ["erika@example.org", "jonas@example.org"]

    page.goto(link_in(ticket_mails["erika@example.org"], r"^/t/[^/]+$"))
    expect(page.get_by_role("definition").filter(has_text="Erika Mustermann")).to_have_count(1)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ticket herunterladen (PDF)").click()
    download = download_info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    assert download.suggested_filename == "ticket-noerd.pdf"
    assert saved.read_bytes()[:5] == b"%PDF-"
    with mailing_app.app_context():
        booked = db.session.scalars(select(Booking)).one()
        assert (booked.state, [t.attendee_name for t in booked.tickets]) == (
            "confirmed",
            ["Erika Mustermann", "Jonas Weber"],
        )
        assert [(c.series, c.email) for c in db.session.scalars(select(SeriesContact))] == [
            ("noerd", "erika@example.org")
        ]


def test_pressing_enter_in_a_field_books_rather_than_adding_an_empty_colleague(mailing_app, live_server, page):
    page.goto(live_server + "/e/noerd/book")
    me = page.get_by_role("group", name="Ticket 1: Sie selbst")
    me.get_by_label("Name").fill("Erika Mustermann")
    me.get_by_label("E-Mail").fill("erika@example.org")
    page.get_by_label("Ich habe den Datenschutzhinweis gelesen und stimme zu.").check()

    me.get_by_label("E-Mail").press("Enter")

    expect(page).to_have_url(live_server + "/e/noerd/booked")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bitte prüfen Sie Ihre E-Mails")
