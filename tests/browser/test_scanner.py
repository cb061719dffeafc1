"""The check-in scanner page in Debian's Chromium: the fake camera shows a real ticket's QR (a y4m video of it), the
page decodes it with the vendored jsQR and checks it in; offline it answers from its copy of the list and uploads the
queued scan when the connection returns; logout wipes the copy."""

from datetime import timedelta
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from core.db import utcnow
from core.extensions import db
from tests.browser.conftest import CHROMIUM_ARGS, chromium_path
from tests.browser.qr_video import write_qr_video
from tests.factories import PASSWORD, make_event, make_quota, make_ticket_type, make_user
from tests.ticketing.booking_helpers import book, event_on_sale, person
from ticketing.booking import bookings as booking
from ticketing.checkin import scans as checkin
from ticketing.models import Admission, CheckIn, CheckInList, Ticket

pytestmark = pytest.mark.browser

BERLIN = ZoneInfo("Europe/Berlin")
HELPER = "door@example.org"
GATE = "Eingang Halle"
# The answer's colours (static/css/scanner.css): green, orange, red.
GREEN, ORANGE, RED = "rgb(30, 107, 52)", "rgb(240, 160, 48)", "rgb(164, 22, 26)"
CAMERA_TIMEOUT_MS = 20_000  # Chromium's start, the camera and the first decoded frame
UPLOAD_TIMEOUT_MS = 20_000


@pytest.fixture
def door(app):
    """An event with four confirmed tickets, its "Alle Tickets" list and a helper with only the checkin role.

    Set up in the test's app context and left before browsing: the live server's requests have their own.
    """
    with app.app_context():
        event, day_one = event_on_sale(seats=20, name="NØRD Scanner")
        attendees = [
            person(day_one, 1, name="Erika Mustermann", organization="Stadtwerke Rostock"),
            person(day_one, 2, name="Jonas Weber", organization="Hanse Digital"),
            person(day_one, 3, name="Ayşe Yılmaz", organization="Landkreis Vorpommern"),
            person(day_one, 4, name="Piotr Nowak", organization="Stadtwerke Stralsund"),
        ]
        booked = book(event, attendees)
        booking.confirm_booking(booked, now=utcnow())
        db.session.commit()
        [all_tickets, *_] = checkin.default_lists(event)
        db.session.commit()
        make_user(HELPER, roles=("checkin",))
        tickets = {t.attendee_name: {"id": t.id, "secret": t.secret} for t in booked.tickets}
        return {"list_id": all_tickets.id, "tickets": tickets}


@pytest.fixture
def launch(tmp_path):
    """Start Debian's Chromium whose fake camera shows the QR of a text (the launch fixes the camera's video)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browsers = []

        def start(qr_text: str):
            video = write_qr_video(tmp_path / f"camera-{len(browsers)}.y4m", qr_text)
            browser = playwright.chromium.launch(
                executable_path=chromium_path(),
                headless=False,  # the Debian build wants --headless itself, with the fake media flags
                args=[
                    "--headless",
                    "--use-fake-device-for-media-stream",
                    "--use-fake-ui-for-media-stream",
                    f"--use-file-for-fake-video-capture={video}",
                    *CHROMIUM_ARGS,
                ],
            )
            browsers.append(browser)
            return browser.new_context(locale="de-DE")

        yield start
        for browser in browsers:
            browser.close()


def scanner_url(live_server: str, door: dict, gate: str = GATE) -> str:
    return f"{live_server}/checkin/lists/{door['list_id']}?gate={quote(gate)}"


def open_scanner(context, live_server: str, door: dict):
    page = context.new_page()
    log_in_to_scanner(page, live_server, door)
    return page


def log_in_to_scanner(page, live_server: str, door: dict) -> None:
    """Log the helper in through the login page, which sends her on to the scanner."""
    url = scanner_url(live_server, door)
    page.goto(f"{live_server}/login?next={quote(url.removeprefix(live_server))}")
    page.get_by_label("E-Mail").fill(HELPER)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Alle Tickets")


def wait_until_offline_ready(page):
    """The service worker controls the page and keeps it, and the offline copy of the list is stored."""
    expect(page.locator("#scanner")).to_have_attribute("data-offline-ready", "true", timeout=15_000)
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def answer(page, status: str):
    """The full-screen answer while it shows, with the given status."""
    return page.locator(f"#answer.is-shown[data-status={status}]")


def check_ins(app, ticket_id: int) -> list[tuple[str, str]]:
    """(gate, client id) of each scan the server recorded for the ticket."""
    with app.app_context():
        rows = db.session.scalars(select(CheckIn).where(CheckIn.ticket_id == ticket_id).order_by(CheckIn.id))
        return [(row.gate, row.client_id) for row in rows]


def admitted_by(app, ticket_id: int, list_id: int) -> tuple[str, str]:
    """(gate, client id) of the scan that admitted the ticket on the list."""
    with app.app_context():
        admission = db.session.get(Admission, (ticket_id, list_id))
        return admission.gate, db.session.get(CheckIn, admission.check_in_id).client_id


def test_camera_scan_of_a_booked_ticket_shows_green_and_checks_it_in_once(app, live_server, door, launch):
    erika = door["tickets"]["Erika Mustermann"]
    page = open_scanner(launch(erika["secret"]), live_server, door)

    page.locator("#camera-toggle").click()

    green = answer(page, "ok")
    expect(green).to_contain_text("Erika Mustermann", timeout=CAMERA_TIMEOUT_MS)
    expect(green).to_contain_text("Tag 1 · Stadtwerke Rostock")
    expect(green).to_have_css("background-color", GREEN)
    expect(page.locator("#answer-text")).to_have_attribute("aria-live", "assertive")
    row = page.locator("#recent li")
    expect(row).to_have_attribute("data-state", "server")  # the server answered it, nothing is queued
    [(gate, client_id)] = check_ins(app, erika["id"])
    assert (gate, row.get_attribute("data-client-id")) == (GATE, client_id)
    assert admitted_by(app, erika["id"], door["list_id"]) == (GATE, client_id)

    # The ticket stays in front of the camera (the fake camera loops its video): still one scan, not one per frame.
    expect(answer(page, "ok")).to_have_count(0)
    page.wait_for_timeout(3500)
    expect(page.locator("#recent li")).to_have_count(1)
    assert len(check_ins(app, erika["id"])) == 1


def test_offline_scan_is_checked_against_the_copy_queued_and_uploaded_once_when_back_online(
    app, live_server, door, launch
):
    jonas = door["tickets"]["Jonas Weber"]
    context = launch(jonas["secret"])
    page = open_scanner(context, live_server, door)
    wait_until_offline_ready(page)

    context.set_offline(True)
    response = page.reload()

    assert response.from_service_worker  # the network is gone: the service worker served its copy of the page
    expect(page.get_by_role("heading", level=1)).to_have_text("Alle Tickets")
    expect(page.locator("#connection")).to_have_attribute("data-online", "false")
    expect(page.locator("#gate")).to_have_value(GATE)
    expect(page.locator("#scanner")).to_have_attribute("data-offline-ready", "true")
    page.locator("#camera-toggle").click()
    green = answer(page, "ok")
    expect(green).to_contain_text("Jonas Weber", timeout=CAMERA_TIMEOUT_MS)
    expect(green).to_have_css("background-color", GREEN)
    expect(page.locator("#queue")).to_have_text("1 Scan wartet auf den Upload")
    expect(page.locator("#recent li")).to_have_attribute("data-state", "waiting")
    assert check_ins(app, jonas["id"]) == []

    # The queue survives a reload while still offline (the camera is off after it, so no new scan).
    page.reload()
    expect(page.locator("#queue")).to_have_attribute("data-count", "1")
    # A second offline scan of the same ticket is "already", with this gate and the first scan's time.
    page.locator("#code").fill(jonas["secret"].lower())
    page.locator("#code").press("Enter")
    orange = answer(page, "already")
    expect(orange).to_contain_text("Jonas Weber")
    expect(orange).to_contain_text(GATE)
    expect(page.locator("#queue")).to_have_attribute("data-count", "2")

    context.set_offline(False)

    expect(page.locator("#queue")).to_have_attribute("data-count", "0", timeout=UPLOAD_TIMEOUT_MS)
    expect(page.locator("#connection")).to_have_attribute("data-online", "true")
    expect(page.locator("#recent li")).to_have_attribute("data-state", "uploaded")
    uploaded = check_ins(app, jonas["id"])
    assert [gate for gate, _ in uploaded] == [GATE, GATE]  # both scans recorded, each once
    with app.app_context():
        admission = db.session.get(Admission, (jonas["id"], door["list_id"]))
        first = db.session.scalar(select(func.min(CheckIn.scanned_at)).where(CheckIn.ticket_id == jonas["id"]))
        assert admission.scanned_at == first  # the earlier scan (the camera's) admitted


def test_already_checked_in_shows_orange_with_the_first_gate_and_refusals_show_red(app, live_server, door, launch):
    erika, piotr = door["tickets"]["Erika Mustermann"], door["tickets"]["Piotr Nowak"]
    first_at = utcnow() - timedelta(minutes=7)
    with app.app_context():
        check_in_list = db.session.get(CheckInList, door["list_id"])
        ticket = db.session.get(Ticket, erika["id"])
        checkin.check_in(
            check_in_list,
            ticket,
            client_id="gate-b-0001",
            gate="Eingang B",
            scanned_at=first_at,
            now=first_at,
            user=None,
        )
        booking.cancel_ticket(db.session.get(Ticket, piotr["id"]), now=utcnow())
        other = make_event("other", name="Anderes Event")
        other_type = make_ticket_type(other, [make_quota(other, "Saal", 5)], "Tag 1")
        other_booking = book(other, [person(other_type, 9, name="Fremde Person")])
        booking.confirm_booking(other_booking, now=utcnow())
        db.session.commit()
        other_secret = other_booking.tickets[0].secret
    page = open_scanner(launch(erika["secret"]), live_server, door)

    page.locator("#camera-toggle").click()

    orange = answer(page, "already")
    expect(orange).to_contain_text("Erika Mustermann", timeout=CAMERA_TIMEOUT_MS)
    expect(orange.locator(".answer-detail")).to_have_text(
        f"bereits eingecheckt um {first_at.astimezone(BERLIN):%H:%M} an Eingang B"
    )
    expect(orange).to_have_css("background-color", ORANGE)

    refusals = [
        (piotr["secret"], "cancelled", "Ticket storniert", "Piotr Nowak"),
        (other_secret, "wrong_list", "Hier nicht gültig", "Dieses Ticket gilt für eine andere Veranstaltung."),
        ("NICHT-EIN-TICKET", "unknown", "Unbekanntes Ticket", "Dieser Code ist kein Ticket dieser Veranstaltung."),
    ]
    for code, status, title, says in refusals:
        page.locator("#code").fill(code)
        page.locator("#code").press("Enter")
        red = answer(page, status)
        expect(red.locator(".answer-status")).to_have_text(title)
        expect(red).to_contain_text(says)
        expect(red).to_have_css("background-color", RED)
        page.keyboard.press("Escape")  # dismisses early
        expect(red).to_have_count(0)

    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CheckIn).where(CheckIn.gate == GATE)) == 1
        admission = db.session.get(Admission, (erika["id"], door["list_id"]))
        assert admission.gate == "Eingang B"  # the later scan was recorded but did not take the admission


def test_search_by_organization_and_keyboard_check_in_from_the_result_list(app, live_server, door, page):
    ayse = door["tickets"]["Ayşe Yılmaz"]
    log_in_to_scanner(page, live_server, door)

    page.locator("#search").fill("vorpommern")

    results = page.locator("#search-results li")
    expect(results).to_have_count(1)
    expect(results).to_contain_text("Ayşe Yılmaz")
    page.locator("#search").press("Tab")  # the keyboard path: from the search field to the result's button
    expect(results.get_by_role("button", name="Ayşe Yılmaz einchecken")).to_be_focused()
    page.keyboard.press("Enter")
    expect(answer(page, "ok")).to_contain_text("Ayşe Yılmaz")
    assert [gate for gate, _ in check_ins(app, ayse["id"])] == [GATE]


def test_logout_wipes_the_offline_copy_from_the_browser(app, live_server, door, page):
    log_in_to_scanner(page, live_server, door)
    wait_until_offline_ready(page)
    assert stored(page) == {"indexeddb": ["treffpunkt-checkin"], "local": 1, "caches": 1, "workers": 1}
    page.goto(f"{live_server}/checkin/lists/{door['list_id']}")
    expect(page.locator("#gate")).to_have_value(GATE)  # remembered for this list

    page.goto(f"{live_server}/checkin/")  # a page without the scanner's script: the server's header does it
    page.locator("form[action$='/logout'] button").click()

    expect(page).to_have_url(f"{live_server}/")
    assert stored(page) == {"indexeddb": [], "local": 0, "caches": 0, "workers": 0}


def stored(page) -> dict:
    return page.evaluate(
        """async () => ({
            indexeddb: (await indexedDB.databases()).map((d) => d.name),
            local: localStorage.length,
            caches: (await caches.keys()).length,
            workers: (await navigator.serviceWorker.getRegistrations()).length,
        })"""
    )


def test_video_helper_writes_a_looping_y4m_of_the_code(tmp_path: Path):
    video = write_qr_video(tmp_path / "qr.y4m", "ABC", width=64, height=48, fps=2, seconds=1)

    data = video.read_bytes()

    header, _, frames = data.partition(b"\n")
    assert header == b"YUV4MPEG2 W64 H48 F2:1 Ip A1:1 C420jpeg"
    assert frames.count(b"FRAME\n") == 2
    assert len(frames) == 2 * (len(b"FRAME\n") + 64 * 48 * 3 // 2)
