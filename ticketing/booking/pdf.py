"""PDF tickets (A4 with a cut-out A6) and name badges (A6), drawn with reportlab from plain data."""

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, A6, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from core.pdf import Column, draw_qr, symbol_modules
from ticketing.booking.qr import qr_matrix

LABELS = {
    "de": {
        "cut": "hier abtrennen",
        "hint": "Bitte zeigen Sie diesen QR-Code am Eingang.",
        "booking": "Buchung",
        "note": "Drucken Sie diese Seite aus und schneiden Sie das Ticket entlang der gestrichelten Linie aus, "
        "oder zeigen Sie den QR-Code auf dem Smartphone vor. Der QR-Code ist Ihr Zugang: Bitte geben Sie ihn nicht "
        "weiter.",
    },
    "en": {
        "cut": "cut here",
        "hint": "Please show this QR code at the entrance.",
        "booking": "Booking",
        "note": "Print this page and cut the ticket out along the dashed line, or show the QR code on your phone. "
        "The QR code is your admission: please do not share it.",
    },
}
TICKET_W, TICKET_H = landscape(A6)
QR_TICKET_BOX = 64 * mm  # quiet zone included: the symbol itself is 46 mm (version 1) or larger
QR_BADGE_SYMBOL = 30 * mm
# Scoring the eight masks would take 20 of the 30 s budget for 5,000 badges. Every reader decodes every mask, and in
# a blur/rotation/noise test with zxing-cpp (800 secrets) fixed masks decoded as often as the best-scored one.
BADGE_MASK_PATTERN = 0


@dataclass(frozen=True, kw_only=True)
class TicketPrint:
    """What a ticket or badge shows; the caller passes text already localized (days, times)."""

    secret: str
    event_name: str
    venue: str
    address: str
    attendee_name: str
    organization: str = ""
    ticket_type: str
    days: Sequence[str] = ()
    times_text: str = ""
    booking_reference: str = ""
    language: str = "de"

    def __post_init__(self) -> None:
        if self.language not in LABELS:
            raise ValueError(f"unsupported language {self.language!r}")
        object.__setattr__(self, "days", tuple(self.days))


def render_ticket_pdf(ticket: TicketPrint) -> bytes:
    """Render one ticket as an A4 page with the ticket in a dashed A6 area to cut out."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"Ticket – {ticket.event_name}")
    x, y = (A4[0] - TICKET_W) / 2, A4[1] - 22 * mm - TICKET_H
    _draw_cut_frame(canvas, x, y, LABELS[ticket.language]["cut"])
    _draw_ticket(canvas, ticket, x, y)
    note = Column(canvas, x, y - 8 * mm, TICKET_W, bottom=y - 40 * mm)
    note.text(LABELS[ticket.language]["note"], size=9, max_lines=4)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def render_badges_pdf(badges: Iterable[TicketPrint]) -> bytes:
    """Render name badges, one A6 page each, consuming the iterable page by page.

    :raises ValueError: if there is no badge at all.
    """
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A6, pageCompression=1)
    canvas.setTitle("Badges")
    pages = 0
    for badge in badges:
        _draw_badge(canvas, badge)
        canvas.showPage()
        pages += 1
    if not pages:
        raise ValueError("no badges to render")
    canvas.save()
    return buffer.getvalue()


def _draw_cut_frame(canvas: Canvas, x: float, y: float, label: str) -> None:
    """Draw the dashed cut line around the ticket and a scissors hint above it."""
    canvas.saveState()
    canvas.setStrokeGray(0.45)
    canvas.setLineWidth(0.6)
    canvas.setDash(4, 3)
    canvas.rect(x, y, TICKET_W, TICKET_H, stroke=1, fill=0)
    canvas.setFillGray(0.45)
    canvas.setFont("ZapfDingbats", 9)
    canvas.drawString(x, y + TICKET_H + 2 * mm, "\u2702")  # reportlab maps the Unicode scissors to Dingbats
    canvas.setFont("Helvetica", 7.5)
    canvas.drawString(x + 5 * mm, y + TICKET_H + 2 * mm, label)
    canvas.restoreState()


def _draw_ticket(canvas: Canvas, ticket: TicketPrint, x: float, y: float) -> None:
    """Draw the ticket into the A6 landscape area whose lower left corner is (x, y)."""
    pad = 6 * mm
    rule_y = y + TICKET_H - 23 * mm
    header = Column(canvas, x + pad, y + TICKET_H - pad, TICKET_W - 2 * pad, bottom=rule_y + 1 * mm)
    header.text(ticket.event_name, bold=True, size=16, min_size=11, max_lines=2)
    canvas.setStrokeGray(0.7)
    canvas.setLineWidth(0.5)
    canvas.line(x + pad, rule_y, x + TICKET_W - pad, rule_y)

    qr_x, qr_y = x + 2 * mm, rule_y - 1 * mm - QR_TICKET_BOX
    draw_qr(canvas, qr_matrix(ticket.secret), qr_x, qr_y, QR_TICKET_BOX)
    hint = Column(canvas, qr_x + 4 * mm, qr_y, QR_TICKET_BOX - 8 * mm, bottom=y + 3 * mm, centered=True)
    hint.text(LABELS[ticket.language]["hint"], size=8.5, min_size=7, max_lines=2)

    text_x = x + 70 * mm
    width = x + TICKET_W - pad - text_x
    column = Column(canvas, text_x, rule_y - 3 * mm, width, bottom=y + 11 * mm)
    column.text(ticket.attendee_name, bold=True, size=16, min_size=10, max_lines=2, gap=1 * mm)
    column.text(ticket.organization, size=10, min_size=8, max_lines=2, gap=1 * mm)
    column.text(ticket.ticket_type, bold=True, size=11, min_size=9, max_lines=2, gap=3 * mm)
    column.text("\n".join(ticket.days), size=9.5, min_size=8, max_lines=4)
    column.text(ticket.times_text, size=9.5, min_size=8, gap=3 * mm)
    column.text(ticket.venue, bold=True, size=9.5, min_size=8, max_lines=2)
    column.text(ticket.address, size=9, min_size=7.5, max_lines=3)
    if ticket.booking_reference:
        booking = f"{LABELS[ticket.language]['booking']}: {ticket.booking_reference}"
        Column(canvas, text_x, y + 9 * mm, width, bottom=y + 4 * mm).text(booking, size=8, gray=0.35)


def _draw_badge(canvas: Canvas, badge: TicketPrint) -> None:
    """Draw one badge on the current A6 portrait page."""
    width, height = A6
    pad = 7 * mm
    matrix = qr_matrix(badge.secret, mask_pattern=BADGE_MASK_PATTERN)
    box = QR_BADGE_SYMBOL * len(matrix) / symbol_modules(matrix)
    qr_y = 4 * mm
    header = Column(canvas, pad, height - pad, width - 2 * pad, bottom=height - 26 * mm, centered=True)
    header.text(badge.event_name, bold=True, size=11, min_size=8, max_lines=2, gray=0.35)
    main = Column(canvas, pad, height - 32 * mm, width - 2 * pad, bottom=qr_y + box, centered=True)
    main.text(badge.attendee_name, bold=True, size=28, min_size=16, max_lines=3, gap=3 * mm)
    main.text(badge.organization, size=14, min_size=10, max_lines=2, gap=3 * mm)
    main.text(badge.ticket_type, size=10, min_size=8, gray=0.35)
    draw_qr(canvas, matrix, (width - box) / 2, qr_y, box)
