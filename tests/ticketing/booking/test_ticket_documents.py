"""A real ticket's downloads, read back by independent tools: poppler and zxing-cpp for the QR code in the PDF,
icalendar and vobject for the calendar file (DESIGN.md, invariants 2 and 5)."""

import re
import subprocess
from datetime import datetime, time
from pathlib import Path

import icalendar
import pytest
import vobject
import zxingcpp
from PIL import Image

from core.db import utcnow
from core.extensions import db
from tests.factories import BERLIN, make_event, make_quota, make_ticket_type
from tests.ticketing.booking_helpers import book, event_on_sale, person
from ticketing.booking import bookings as booking

# The most a character of each alphabet can carry: base32 (the QR's alphanumeric mode) 5 bits, base64url 6 bits.
BITS_PER_CHARACTER = {re.compile(r"[A-Z2-7]+"): 5, re.compile(r"[A-Za-z0-9_-]+"): 6}


def capacity_in_bits(secret: str) -> int:
    """How many random bits a secret of this length and alphabet can hold at most (0 for other characters)."""
    return next((len(secret) * bits for alphabet, bits in BITS_PER_CHARACTER.items() if alphabet.fullmatch(secret)), 0)


def confirmed_ticket(event, ticket_type, n=1, **attendee):
    made = book(event, [person(ticket_type, n, **attendee)])
    booking.confirm_booking(made, now=utcnow())
    db.session.commit()
    return made.tickets[0]


def qr_codes_on_first_page(pdf: bytes, tmp_path: Path) -> list[tuple[str, str]]:
    """Rasterise page 1 at 150 dpi with pdftoppm and return (format, text) of every code zxing-cpp finds."""
    (tmp_path / "ticket.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "ticket.pdf", "page"], cwd=tmp_path, check=True
    )
    [png] = tmp_path.glob("page*.png")
    with Image.open(png) as image:
        return [(barcode.format.name, barcode.text) for barcode in zxingcpp.read_barcodes(image)]


def test_downloaded_ticket_pdf_shows_a_qr_code_of_exactly_the_ticket_secret(client, app_ctx, tmp_path):
    event, tag1 = event_on_sale()
    ticket = confirmed_ticket(event, tag1, name="Søren Weiß", email="soeren@example.org")
    other = confirmed_ticket(event, tag1, 2)

    download = client.get(f"/t/{ticket.access_token}/ticket.pdf")
    codes = qr_codes_on_first_page(download.data, tmp_path)

    assert (download.status_code, download.mimetype, download.data[:5]) == (200, "application/pdf", b"%PDF-")
    assert codes == [("QRCode", ticket.secret)]
    assert ticket.secret.isascii() and capacity_in_bits(ticket.secret) >= 128
    assert ticket.secret not in (ticket.access_token, ticket.booking.token, other.secret)


def two_day_event():
    event = make_event(days=2)
    day1, day2 = make_quota(event, "Halle Tag 1", 100), make_quota(event, "Halle Tag 2", 100)
    return event, {
        "Tag 1": make_ticket_type(event, [day1], "Tag 1"),
        "Beide Tage": make_ticket_type(event, [day1, day2], "Beide Tage", days=event.days),
    }


@pytest.mark.parametrize(("ticket_type_name", "day_count"), [("Tag 1", 1), ("Beide Tage", 2)])
def test_calendar_download_has_one_berlin_time_entry_per_valid_day_for_both_parsers(
    client, app_ctx, ticket_type_name, day_count
):
    event, types = two_day_event()
    ticket = confirmed_ticket(event, types[ticket_type_name])
    valid_days = event.days[:day_count]

    download = client.get(f"/t/{ticket.access_token}/event.ics")
    calendar = icalendar.Calendar.from_ical(download.data)
    second_reader = vobject.readOne(download.data.decode("utf-8"), transform=False)  # keeps TZID as written

    assert (download.status_code, download.mimetype) == (200, "text/calendar")
    entries = calendar.walk("VEVENT")
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert [entry["DTSTART"].params["TZID"] for entry in entries] == ["Europe/Berlin"] * day_count
    assert [entry.decoded("DTSTART") for entry in entries] == [day_at(day, time(9)) for day in valid_days]
    assert [entry.decoded("DTEND") for entry in entries] == [day_at(day, time(18)) for day in valid_days]
    assert {str(entry["SUMMARY"]) for entry in entries} == {"NØRD Test"}

    vevents = second_reader.vevent_list
    assert [zone.tzid.value for zone in second_reader.contents["vtimezone"]] == ["Europe/Berlin"]
    assert [vevent.dtstart.params["TZID"] for vevent in vevents] == [["Europe/Berlin"]] * day_count
    second_reader.transformChildrenToNative()  # times in the zone vobject builds from the file's own VTIMEZONE
    assert [vevent.dtstart.value for vevent in vevents] == [day_at(day, time(9)) for day in valid_days]
    assert len({vevent.uid.value for vevent in vevents}) == day_count


def day_at(day, moment):
    """A wall-clock time in Berlin on an event day, as an aware datetime (compares equal across tz objects)."""
    return datetime.combine(day, moment, BERLIN)
