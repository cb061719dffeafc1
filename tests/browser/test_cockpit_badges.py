"""Bulk badges in Debian's Chromium: an organizer picks a selection and a label sheet, sees the count, starts the
job, watches its progress bar move while the worker renders, and downloads the PDF it hands over to."""

import threading
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import expect
from sqlalchemy import insert

from core.db import utcnow
from core.extensions import db
from core.jobs import run_one
from tests.factories import PASSWORD, make_event, make_quota, make_ticket_type, make_user
from ticketing.models import Ticket

pytestmark = pytest.mark.browser

ORGANIZER = "tuer@example.org"
TICKETS = 1500  # enough for the bar to be seen between 0 and 1 (the page polls every 700 ms)


@pytest.fixture
def badges_page(app, live_server, page):
    with app.app_context():
        event = make_event()
        ticket_type = make_ticket_type(event, [make_quota(event, seats=TICKETS)], name="Beide Tage")
        rows = [
            {"event_id": event.id, "ticket_type_id": ticket_type.id, "attendee_name": f"Gast {i:04d}",
             "organization": f"Firma {i % 40}", "stakeholder_group": "business" if i % 3 else "science",
             "state": "valid"}
            for i in range(TICKETS)
        ]  # fmt: skip
        db.session.execute(insert(Ticket), rows)
        db.session.commit()
        make_user(ORGANIZER, roles=("checkin",))
        event_id = event.id
    path = f"/manage/events/{event_id}/badges"
    page.goto(f"{live_server}/login?next={quote(path)}")
    page.get_by_label("E-Mail").fill(ORGANIZER)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.goto(f"{live_server}/language/en?next={quote(path)}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Badges in bulk")
    return path


def test_organizer_prints_label_sheets_and_downloads_them_after_the_progress_bar(app, badges_page, page):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    expect(page.get_by_role("status").first).to_contain_text(f"{TICKETS} badges match")
    page.get_by_label("Business").check()
    page.get_by_label("Avery Zweckform L4785: 80 × 50 mm, 10 per A4 sheet").check()
    page.get_by_role("button", name="Count badges").click()
    expect(page.locator("[data-badge-count]")).to_contain_text(f"{TICKETS - (TICKETS + 2) // 3} badges match")
    page.get_by_role("button", name="Print badges").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Badge file")
    bar = page.locator("[data-job-progress] progress")
    expect(bar).to_be_visible()
    expect(page.get_by_label("Making the badges")).to_be_visible()

    outcome = {}

    def work():  # the worker's step (`flask worker`), while the page polls
        with app.app_context():
            outcome["job"] = run_one("browser-test-worker", now=utcnow())

    worker = threading.Thread(target=work)
    worker.start()
    page.wait_for_function(
        # the bar moves, or (on a quick machine) the job finished between two polls and the link replaced it
        "() => { const bar = document.querySelector('[data-job-progress] progress');"
        " return (bar && bar.value > 0) || [...document.links].some((a) => a.textContent.includes('Download PDF')); }",
        timeout=20000,
    )
    worker.join(timeout=60)
    assert outcome["job"].state == "done", outcome["job"].error

    link = page.get_by_role("link", name="Download PDF")
    expect(link).to_be_visible(timeout=15000)
    expect(page.get_by_role("status").first).to_contain_text(f"{outcome['job'].result['count']} badges are ready")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    pdf = Path(download.path()).read_bytes()
    pages = -(-outcome["job"].result["count"] // 10)  # ten labels a sheet
    assert pdf.startswith(b"%PDF-") and f"/Count {pages} ".encode() in pdf
    assert [e for e in errors if "Content Security Policy" in e or "Content-Security-Policy" in e] == []
