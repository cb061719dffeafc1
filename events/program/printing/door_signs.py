"""Door signs: one A4 page per room and day, the sessions as large as they fit, a QR code to the room's schedule."""

import io
from collections.abc import Iterable

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from core.pdf import clean, draw_qr, embedded_font, qr_matrix
from events.program.printing.content import DoorSign, SessionPrint
from events.program.printing.layout import BOTTOM, PAGE_H, PAGE_W, Block, draw_footer, new_canvas, times_width

SIGN_MARGIN = 14 * mm
QR_BOX = 42 * mm  # quiet zone included
# Scoring the eight masks is most of a QR code's time; every reader decodes every mask
# (see ticketing/booking/documents/pdf.py).
SIGN_MASK_PATTERN = 0
SIGN_SCALES = [1 - step / 20 for step in range(11)]  # full size down to half, in steps of 5 %


def render_door_signs(signs: Iterable[DoorSign]) -> bytes:
    """One A4 portrait page per sign, consuming the iterable page by page.

    :raises ValueError: if there is no sign at all.
    """
    buffer = io.BytesIO()
    canvas = None
    for sign in signs:
        if canvas is None:
            canvas = new_canvas(buffer, sign.labels.language)
            canvas.setTitle(f"{sign.labels.door_sign} – {sign.event_name}")
        draw_sign(canvas, sign)
        canvas.showPage()
    if canvas is None:
        raise ValueError("no door signs to render")
    canvas.save()
    return buffer.getvalue()


def draw_sign(canvas: Canvas, sign: DoorSign) -> None:
    """The room's name very large, its access notes and the day; the QR code top right; then the sessions."""
    width, top = PAGE_W - 2 * SIGN_MARGIN, PAGE_H - SIGN_MARGIN
    header = sign_header(sign, width - QR_BOX - 6 * mm)
    header.draw(canvas, SIGN_MARGIN, top)
    qr_x = PAGE_W - SIGN_MARGIN - QR_BOX
    draw_qr(canvas, qr_matrix(sign.url, mask_pattern=SIGN_MASK_PATTERN), qr_x, top - QR_BOX, QR_BOX)
    caption = Block()
    caption.text(sign.labels.scan, width=QR_BOX, size=8, gray=0.3, max_lines=3)
    caption.draw(canvas, qr_x, top - QR_BOX - 0.5 * mm)
    y = top - max(header.height, QR_BOX + caption.height) - 4 * mm
    canvas.setStrokeGray(0)
    canvas.setLineWidth(1.2)
    canvas.line(SIGN_MARGIN, y, PAGE_W - SIGN_MARGIN, y)
    y -= 5 * mm
    for block in sign_sessions(sign, width, y - BOTTOM):
        block.draw(canvas, SIGN_MARGIN, y)
        y -= block.height + block.space_after
    draw_footer(canvas, SIGN_MARGIN, f"{sign.labels.online} {sign.url}", sign.event_name)


def sign_header(sign: DoorSign, width: float) -> Block:
    header = Block()
    header.text(sign.event_name, width=width, size=12, gray=0.35, max_lines=2, gap=2 * mm)
    name_size = one_line_size(sign.room.name, width, largest=60)
    if name_size >= 34:  # on one line as large as it goes; wrapped only when that would be too small
        header.text(sign.room.name, width=width, size=name_size, bold=True, gap=2 * mm)
    else:
        header.text(sign.room.name, width=width, size=60, min_size=28, bold=True, max_lines=2, gap=2 * mm)
    if sign.room.access_notes:
        access = f"{sign.labels.access}: {sign.room.access_notes}"
        header.text(access, width=width, size=15, min_size=11, max_lines=2, gap=2 * mm)
    header.text(sign.day, width=width, size=20, bold=True, max_lines=2)
    return header


def one_line_size(text: str, width: float, *, largest: float) -> float:
    """The largest size up to `largest` at which text fits on one line (in the bold font)."""
    natural = stringWidth(clean(text).replace("\n", " "), embedded_font(True), largest)
    return largest if natural <= width else largest * width / natural * 0.999  # a hair less: no float rounding wraps


def sign_sessions(sign: DoorSign, width: float, height: float) -> list[Block]:
    """The sessions as large as they fit in `height`; at the smallest size, as many as fit and a pointer to the QR."""
    sessions, labels = sign.room.sessions, sign.labels
    if not sessions:
        empty = Block()
        empty.text(labels.no_sessions, width=width, size=18, max_lines=3)
        return [empty]

    def layout(scale: float) -> list[Block]:
        time_width = times_width((s.times for s in sessions), 18 * scale) + 6 * mm * scale
        return [sign_session(s, labels.changed, width, time_width, scale) for s in sessions]

    def fits(blocks: list[Block]) -> bool:
        return sum(b.height + b.space_after for b in blocks) - blocks[-1].space_after <= height

    # Smaller text never needs more room, so a binary search finds the largest scale that fits in four layouts.
    low, high = 0, len(SIGN_SCALES) - 1
    while low < high:
        middle = (low + high) // 2
        low, high = (low, middle) if fits(layout(SIGN_SCALES[middle])) else (middle + 1, high)
    blocks = layout(SIGN_SCALES[low])
    if fits(blocks):
        return blocks
    reserve = more_block(labels.more, len(blocks), width).height
    kept, used = [], 0.0
    for block in blocks:
        if used + block.height + block.space_after + reserve > height:
            break
        kept.append(block)
        used += block.height + block.space_after
    return kept + [more_block(labels.more, len(blocks) - len(kept), width)]


def sign_session(session: SessionPrint, changed: str, width: float, time_width: float, scale: float) -> Block:
    block = Block(space_after=3.5 * mm * scale)
    block.text(session.times, width=time_width, size=18 * scale, bold=True, max_lines=2)
    if session.is_changed:
        block.badge(changed, size=11 * scale)
    x, rest = time_width, width - time_width
    block.text(session.title, x=x, width=rest, size=18 * scale, bold=True, max_lines=3, gap=0.5 * mm)
    block.text(session.speakers, x=x, width=rest, size=13 * scale, gray=0.3, max_lines=2)
    return block


def more_block(text: str, count: int, width: float) -> Block:
    block = Block()
    block.text(text.replace("{count}", str(count)), width=width, size=12, bold=True, max_lines=2)
    return block
