"""Shared set-up for self-service tests: confirmed tickets, reading the QR code off the ticket page, posting the
correction form the way a browser does."""

import re

import zxingcpp
from PIL import Image

from core.db import utcnow
from core.extensions import db
from tests.factories import csrf_from
from tests.ticketing.booking_helpers import book, person
from ticketing.booking import bookings as booking
from ticketing.models import Ticket

SVG = re.compile(r"<svg[^>]*class=\"ticket-qr\".*?</svg>", re.S)
RUN = re.compile(r"M(\d+) (\d+)h(\d+)v1h-\d+z")


def confirmed_tickets(event, ticket_type, people) -> list[Ticket]:
    """One confirmed booking holding a ticket for each AttendeeData in `people`."""
    made = book(event, people)
    booking.confirm_booking(made, now=utcnow())
    db.session.commit()
    return list(made.tickets)


def confirmed_ticket(event, ticket_type, n=1, **attendee) -> Ticket:
    return confirmed_tickets(event, ticket_type, [person(ticket_type, n, **attendee)])[0]


def qr_svg_on(html: str) -> str | None:
    found = SVG.search(html)
    return found.group(0) if found else None


def matrix_of(svg: str) -> list[list[bool]]:
    """The module matrix an SVG of ticket-qr draws (its viewBox is the matrix' side, one unit per module)."""
    side = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    matrix = [[False] * side for _ in range(side)]
    for x, y, width in RUN.findall(re.search(r'<path d="([^"]+)"', svg).group(1)):
        for column in range(int(x), int(x) + int(width)):
            matrix[int(y)][column] = True
    return matrix


def decode(matrix: list[list[bool]], scale: int = 8) -> list[str]:
    """What zxing-cpp reads from the matrix drawn black on white."""
    side = len(matrix)
    image = Image.new("L", (side * scale, side * scale), 255)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                image.paste(0, (x * scale, y * scale, (x + 1) * scale, (y + 1) * scale))
    return [barcode.text for barcode in zxingcpp.read_barcodes(image)]


def post_correction(client, ticket, name, organization="", *, with_token=True, follow_redirects=True):
    data = {"holder-name": name, "holder-organization": organization}
    if with_token:
        page = client.get(f"/t/{ticket.access_token}/correct").text
        data["holder-csrf_token"] = csrf_from_holder_form(page) if "holder-csrf_token" in page else session_csrf(client)
    return client.post(f"/t/{ticket.access_token}/correct", data=data, follow_redirects=follow_redirects)


def csrf_from_holder_form(html: str) -> str:
    match = re.search(r'name="holder-csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, "page has no correction form"
    return match.group(1)


def session_csrf(client) -> str:
    """The session's CSRF token from any page with a form (for a post where the form is no longer offered)."""
    return csrf_from(client.get("/login").text)
