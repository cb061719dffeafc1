"""The ticket page on a phone at the door: the QR code large, readable from a screenshot, nothing wider than the
screen; the correction form works with the keyboard alone; no Content-Security-Policy violation."""

import io

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from core.extensions import db
from tests.ticketing.booking_helpers import event_on_sale
from tests.ticketing.selfservice.helpers import confirmed_ticket
from ticketing.models import Ticket

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
COLLECT = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@pytest.fixture
def ticket(app):
    with app.app_context():
        event, tag1 = event_on_sale()
        made = confirmed_ticket(event, tag1, name="Sören Weis", organization="Stadtwerk Kiel")
        return {"id": made.id, "secret": made.secret, "url": f"/t/{made.access_token}"}


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="de-DE", viewport=PHONE, is_mobile=True, device_scale_factor=2)
    context.add_init_script(COLLECT)
    page = context.new_page()
    yield page
    context.close()


def test_qr_code_is_large_readable_and_fits_a_phone(live_server, phone, ticket):
    phone.goto(live_server + ticket["url"])
    code = phone.locator("svg.ticket-qr")

    expect(code).to_be_visible()
    box = code.bounding_box()
    screenshot = Image.open(io.BytesIO(code.screenshot()))
    assert box["width"] >= 250 and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert [barcode.text for barcode in zxingcpp.read_barcodes(screenshot)] == [ticket["secret"]]
    assert code.get_attribute("role") == "img" and "Sören Weis" in code.get_attribute("aria-label")
    expect(phone.locator(".ticket-pass-name")).to_have_text("Sören Weis")
    expect(phone.locator(".ticket-pass-type")).to_have_text("Tag 1")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert phone.evaluate("window.__violations") == []


def test_correction_form_works_with_the_keyboard(app, live_server, phone, ticket):
    phone.goto(live_server + ticket["url"])

    phone.locator(f'a[href="{ticket["url"]}/correct"]').focus()
    phone.keyboard.press("Enter")
    expect(phone).to_have_url(live_server + ticket["url"] + "/correct")
    phone.keyboard.press("Tab")  # the skip link
    phone.keyboard.press("Enter")
    phone.keyboard.press("Tab")
    expect(phone.locator("#holder-name")).to_be_focused()
    phone.keyboard.press("ControlOrMeta+a")
    phone.keyboard.type("Søren Weiß")
    phone.keyboard.press("Tab")
    expect(phone.locator("#holder-organization")).to_be_focused()
    phone.keyboard.press("ControlOrMeta+a")
    phone.keyboard.type("Stadtwerke Kiel")
    phone.keyboard.press("Enter")

    expect(phone.locator(".ticket-pass-name")).to_have_text("Søren Weiß")
    expect(phone.locator(".ticket-pass-organization")).to_have_text("Stadtwerke Kiel")
    expect(phone.locator(".flash-success")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert phone.evaluate("window.__violations") == []
    with app.app_context():
        stored = db.session.get(Ticket, ticket["id"])
        assert (stored.attendee_name, stored.organization) == ("Søren Weiß", "Stadtwerke Kiel")
