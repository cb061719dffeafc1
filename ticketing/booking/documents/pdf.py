"""PDF tickets (A4 with a cut-out A6) and name badges (A6 pages or label sheets), drawn with reportlab from plain
data."""

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from reportlab.lib.pagesizes import A4, A6, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from core.pdf import Column, draw_qr, symbol_modules
from ticketing.booking.documents.qr import qr_matrix

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
# A badge on a label: its QR symbol no smaller than this (read from a chest at arm's length), its text column no
# narrower than this (a name of 16 characters at 8 pt).
MIN_LABEL_QR_SYMBOL = 15 * mm
MIN_LABEL_TEXT_WIDTH = 28 * mm
MIN_LABEL_TEXT_HEIGHT = 12 * mm
LABEL_PAD = 3 * mm
QR_LABEL_MARGIN = 1.5 * mm  # between the QR code's box (its quiet zone inside) and the label's edge


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


@dataclass(frozen=True)
class BadgeSheet:
    """A page size and the boxes (x, y, width, height in points, lower left origin) badges fill, in order."""

    page: tuple[float, float]
    boxes: tuple[tuple[float, float, float, float], ...]


A6_SHEET = BadgeSheet(A6, ((0.0, 0.0, A6[0], A6[1]),))


def render_badges_pdf(badges: Iterable[TicketPrint]) -> bytes:
    """Render name badges, one A6 page each, consuming the iterable page by page.

    :raises ValueError: if there is no badge at all.
    """
    buffer = io.BytesIO()
    render_badges(badges, buffer)
    return buffer.getvalue()


def render_badges(badges: Iterable[TicketPrint], out: BinaryIO | str, sheet: BadgeSheet = A6_SHEET) -> int:
    """Render badges into `out` (a file or its path), filling the sheet's boxes in order, a new page when they are
    full; the iterable is consumed badge by badge (a page is finished before the next is loaded). Returns how many.

    :raises ValueError: if there is no badge at all, or a box is too small for a badge (see `badge_fits`).
    """
    for _, _, width, height in sheet.boxes:
        if not badge_fits(width, height):
            raise ValueError(f"a box of {width / mm:.1f} x {height / mm:.1f} mm is too small for a badge")
    canvas = Canvas(out, pagesize=sheet.page, pageCompression=1)
    canvas.setTitle("Badges")
    count = 0
    for badge in badges:
        draw_badge(canvas, badge, *sheet.boxes[count % len(sheet.boxes)])
        count += 1
        if count % len(sheet.boxes) == 0:
            canvas.showPage()
    if not count:
        raise ValueError("no badges to render")
    if count % len(sheet.boxes):
        canvas.showPage()
    canvas.save()
    return count


def badge_fits(width: float, height: float) -> bool:
    """Whether a box of this size (points) holds a badge: its QR code of at least MIN_LABEL_QR_SYMBOL and the name."""
    if height >= width:
        return _portrait_scale(width, height) * QR_BADGE_SYMBOL >= MIN_LABEL_QR_SYMBOL
    box = _landscape_qr_box(width, height)
    symbol = box * 25 / 33  # a ticket secret (32 base32 characters) makes a version 2 symbol: 25 + 8 modules
    text_width = width - box - QR_LABEL_MARGIN - LABEL_PAD
    return (
        symbol >= MIN_LABEL_QR_SYMBOL
        and text_width >= MIN_LABEL_TEXT_WIDTH
        and height - 2 * LABEL_PAD >= MIN_LABEL_TEXT_HEIGHT
    )


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


def draw_badge(canvas: Canvas, badge: TicketPrint, x: float, y: float, width: float, height: float) -> None:
    """Draw one badge into the box at (x, y): an upright box gets the A6 badge (scaled to fit), a wide label the
    name on the left and the QR code on the right. The A6 page printed at the door and in bulk are the same."""
    matrix = qr_matrix(badge.secret, mask_pattern=BADGE_MASK_PATTERN)
    if height >= width:
        _draw_upright_badge(canvas, badge, matrix, x, y, width, height)
    else:
        _draw_wide_badge(canvas, badge, matrix, x, y, width, height)


def _portrait_scale(width: float, height: float) -> float:
    return min(width / A6[0], height / A6[1])


def _landscape_qr_box(width: float, height: float) -> float:
    return min(height - 2 * QR_LABEL_MARGIN, 0.45 * width)


def _draw_upright_badge(canvas: Canvas, badge: TicketPrint, matrix, x: float, y: float, width: float, height: float):
    """The A6 badge, drawn at scale k into a box of A6 proportions centred in the given one (k = 1 on an A6 page)."""
    k = _portrait_scale(width, height)
    x, y = x + (width - A6[0] * k) / 2, y + (height - A6[1] * k) / 2
    width, height = A6[0] * k, A6[1] * k
    pad = 7 * mm * k
    box = QR_BADGE_SYMBOL * k * len(matrix) / symbol_modules(matrix)
    qr_y = y + 4 * mm * k
    top = y + height
    header = Column(canvas, x + pad, top - pad, width - 2 * pad, bottom=top - 26 * mm * k, centered=True)
    header.text(badge.event_name, bold=True, size=11 * k, min_size=8 * k, max_lines=2, gray=0.35)
    main = Column(canvas, x + pad, top - 32 * mm * k, width - 2 * pad, bottom=qr_y + box, centered=True)
    main.text(badge.attendee_name, bold=True, size=28 * k, min_size=16 * k, max_lines=3, gap=3 * mm * k)
    main.text(badge.organization, size=14 * k, min_size=10 * k, max_lines=2, gap=3 * mm * k)
    main.text(badge.ticket_type, size=10 * k, min_size=8 * k, gray=0.35)
    draw_qr(canvas, matrix, x + (width - box) / 2, qr_y, box)


def _draw_wide_badge(canvas: Canvas, badge: TicketPrint, matrix, x: float, y: float, width: float, height: float):
    """A label: event, name, organization and ticket type in a column on the left, the QR code on the right."""
    box = _landscape_qr_box(width, height)
    draw_qr(canvas, matrix, x + width - QR_LABEL_MARGIN - box, y + (height - box) / 2, box)
    column_width = width - box - QR_LABEL_MARGIN - LABEL_PAD
    column = Column(canvas, x + LABEL_PAD, y + height - LABEL_PAD, column_width, bottom=y + LABEL_PAD)
    scale = min(1.0, height / (50 * mm))  # sizes meant for a 50 mm high label, smaller on lower ones
    column.text(badge.event_name, bold=True, size=8 * scale, min_size=6, gray=0.35, gap=1.5 * mm * scale)
    column.text(badge.attendee_name, bold=True, size=18 * scale, min_size=9, max_lines=2, gap=1 * mm * scale)
    column.text(badge.organization, size=11 * scale, min_size=7, max_lines=2, gap=1 * mm * scale)
    column.text(badge.ticket_type, size=8 * scale, min_size=6, gray=0.35)
