"""The program and door sign PDFs, drawn with reportlab from plain, localized data
(events.program.printing.prints feeds them).

Both always print with the embedded DejaVu font: one look for the whole document, and any name prints (Ø, Ł, ş).
Text is laid out in blocks before it is drawn, so a page break never splits a session and every page can say
"page 3 of 12"; the footer carries the event's name.
"""

import io
from collections.abc import Iterable
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from core.pdf import clean, cut, draw_qr, embedded_font, fit, qr_matrix

PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
TEXT_W = PAGE_W - 2 * MARGIN
TOP, BOTTOM = PAGE_H - MARGIN, 20 * mm  # the footer lives below BOTTOM
SIGN_MARGIN = 14 * mm
QR_BOX = 42 * mm  # quiet zone included
# Scoring the eight masks is most of a QR code's time; every reader decodes every mask (see ticketing/pdf.py).
SIGN_MASK_PATTERN = 0
SIGN_SCALES = [1 - step / 20 for step in range(11)]  # full size down to half, in steps of 5 %
FOOTER_SIZE = 8


@dataclass(frozen=True)
class Labels:
    """The fixed words of both documents in one language; `{page}`, `{pages}` and `{count}` are filled in later."""

    language: str  # the document's language (PDF /Lang), as screen readers need it
    program: str
    door_sign: str
    page: str
    changed: str
    legend: str
    continued: str
    access: str
    no_program: str
    no_sessions: str
    more: str
    scan: str
    online: str


@dataclass(frozen=True)
class SessionPrint:
    """One contribution as printed: times in the event's timezone, labels in the document's language."""

    times: str
    title: str
    details: str  # format · language · track
    speakers: str  # names with their organization
    is_changed: bool


@dataclass(frozen=True)
class RoomPrint:
    name: str
    access_notes: str
    sessions: tuple[SessionPrint, ...]


@dataclass(frozen=True)
class DayPrint:
    label: str
    rooms: tuple[RoomPrint, ...]


@dataclass(frozen=True)
class ProgramPrint:
    event_name: str
    dates: str
    place: str
    days: tuple[DayPrint, ...]
    labels: Labels


@dataclass(frozen=True)
class DoorSign:
    event_name: str
    day: str
    room: RoomPrint
    url: str  # the room's schedule of the day online, for the QR code
    labels: Labels


class Block:
    """Text laid out in columns (keyed by their x) before it is drawn, so a page knows whether it still fits."""

    def __init__(self, space_after: float = 0.0) -> None:
        self.items: list[tuple] = []
        self.bottoms: dict[float, float] = {}  # how far down from the block's top each column reaches
        self.space_after = space_after

    @property
    def height(self) -> float:
        return max(self.bottoms.values(), default=0.0)

    def text(
        self,
        text: str,
        *,
        size: float,
        x: float = 0.0,
        width: float = TEXT_W,
        bold: bool = False,
        max_lines: int = 1,
        min_size: float | None = None,
        gray: float = 0.0,
        gap: float = 0.0,
    ) -> None:
        """Add text shrunk down to min_size, then wrapped to max_lines, then cut with an ellipsis."""
        text = clean(text)
        if not text:
            return
        font = embedded_font(bold)
        size, lines = fit(text, font, size, min_size or size, width, max_lines)
        top, leading = self.bottoms.get(x, 0.0), size * 1.2
        self.items += [("text", x, top + i * leading + size, font, size, gray, line) for i, line in enumerate(lines)]
        self.bottoms[x] = top + len(lines) * leading + gap

    def badge(self, text: str, *, size: float, x: float = 0.0) -> None:
        """A bold word in a frame (the "changed" mark): it stands out in black and white print."""
        font, top = embedded_font(True), self.bottoms.get(x, 0.0) + size * 0.2
        self.items.append(("badge", x, top, font, size, stringWidth(text, font, size) + size, size * 1.5, text))
        self.bottoms[x] = top + size * 1.5 + size * 0.3

    def rule(self, *, gap: float, gray: float, width: float = TEXT_W) -> None:
        """A line across the block below everything in it."""
        y = self.height + gap
        self.items.append(("rule", 0.0, y, width, gray))
        self.bottoms = {x: y + gap for x in self.bottoms}

    def draw(self, canvas: Canvas, left: float, top: float) -> None:
        for kind, x, y, *rest in self.items:
            if kind == "text":
                font, size, gray, line = rest
                canvas.setFillGray(gray)
                canvas.setFont(font, size)
                canvas.drawString(left + x, top - y, line)
            elif kind == "badge":
                font, size, width, height, word = rest
                canvas.setLineWidth(size / 10)
                canvas.setStrokeGray(0)
                canvas.roundRect(left + x, top - y - height, width, height, size / 4, stroke=1, fill=0)
                canvas.setFillGray(0)
                canvas.setFont(font, size)
                canvas.drawString(left + x + size / 2, top - y - height + size * 0.42, word)
            else:
                width, gray = rest
                canvas.setStrokeGray(gray)
                canvas.setLineWidth(0.5)
                canvas.line(left + x, top - y, left + x + width, top - y)
        canvas.setFillGray(0)


@dataclass
class Flow:
    """A block in the program's sequence, with what pagination must know about it."""

    block: Block
    new_page: bool = False
    keep_with_next: bool = False
    repeat: Block | None = None  # the heading shown again on top of a page that this block opens


# The program ---------------------------------------------------------------------------------------------------------


def render_program(program: ProgramPrint) -> bytes:
    """The program on A4 pages: a cover line, then each day (from a new page) room by room, sessions by time."""
    pages = paginate(program_flows(program))
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, program.labels.language)
    canvas.setTitle(f"{program.labels.program} – {program.event_name}")
    for number, page in enumerate(pages, start=1):
        for block, top in page:
            block.draw(canvas, MARGIN, top)
        page_label = program.labels.page.replace("{page}", str(number)).replace("{pages}", str(len(pages)))
        draw_footer(canvas, MARGIN, program.event_name, page_label)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def program_flows(program: ProgramPrint) -> list[Flow]:
    labels = program.labels
    sessions = [s for day in program.days for room in day.rooms for s in room.sessions]
    time_width = times_width(sessions, 10) + 4 * mm
    cover = Block(space_after=6 * mm)
    cover.text(program.event_name, size=22, bold=True, max_lines=3, gap=1 * mm)
    cover.text(f"{labels.program} · {program.dates}", size=12, max_lines=2, gap=0.5 * mm)
    cover.text(program.place, size=10, gray=0.3, max_lines=2, gap=1 * mm)
    if any(s.is_changed for s in sessions):
        cover.text(labels.legend, size=9, gray=0.3, max_lines=2)
    flows = [Flow(cover)]
    if not program.days:
        empty = Block()
        empty.text(labels.no_program, size=11, max_lines=2)
        flows.append(Flow(empty))
    for index, day in enumerate(program.days):
        heading = Block(space_after=4 * mm)
        heading.text(day.label, size=16, bold=True)
        heading.rule(gap=1.5 * mm, gray=0)
        flows.append(Flow(heading, new_page=index > 0, keep_with_next=True))
        day_again = continued(f"{day.label} ({labels.continued})")
        for room in day.rooms:
            title = Block(space_after=2.5 * mm)
            title.text(room.name, size=13, bold=True, max_lines=2)
            if room.access_notes:
                title.text(f"{labels.access}: {room.access_notes}", size=9, gray=0.3, max_lines=2)
            flows.append(Flow(title, keep_with_next=True, repeat=day_again))
            room_again = continued(f"{day.label} · {room.name} ({labels.continued})")
            for session in room.sessions:
                flows.append(Flow(session_block(session, labels.changed, time_width), repeat=room_again))
            flows[-1].block.space_after = 6 * mm  # a wider gap before the next room's heading
    return flows


def session_block(session: SessionPrint, changed: str, time_width: float) -> Block:
    block = Block(space_after=2 * mm)
    block.text(session.times, width=time_width, size=10, bold=True, max_lines=2)
    if session.is_changed:
        block.badge(changed, size=8)
    x, width = time_width, TEXT_W - time_width
    block.text(session.title, x=x, width=width, size=10.5, bold=True, max_lines=5, gap=0.6 * mm)
    block.text(session.details, x=x, width=width, size=8.5, gray=0.3, max_lines=2, gap=0.6 * mm)
    block.text(session.speakers, x=x, width=width, size=9, max_lines=4)
    block.rule(gap=1.2 * mm, gray=0.8)
    return block


def continued(text: str) -> Block:
    block = Block(space_after=3 * mm)
    block.text(text, size=9, bold=True, gray=0.35, max_lines=2)
    return block


def paginate(flows: list[Flow]) -> list[list[tuple[Block, float]]]:
    """Place blocks top down; a block that does not fit (with those kept with it: a day's heading, its first room's
    heading and that room's first session) opens a new page."""
    pages: list[list[tuple[Block, float]]] = [[]]
    y = TOP
    for index, flow in enumerate(flows):
        need, last = flow.block.height, index
        while flows[last].keep_with_next and last + 1 < len(flows):
            need += flows[last].block.space_after + flows[last + 1].block.height
            last += 1
        if pages[-1] and (flow.new_page or y - need < BOTTOM):
            pages.append([])
            y = TOP
            if flow.repeat is not None and not flow.new_page:
                pages[-1].append((flow.repeat, y))
                y -= flow.repeat.height + flow.repeat.space_after
        pages[-1].append((flow.block, y))
        y -= flow.block.height + flow.block.space_after
    return pages


def new_canvas(buffer: io.BytesIO, language: str) -> Canvas:
    """An A4 canvas in `language` whose every font is the embedded one (not even Helvetica as the initial font)."""
    return Canvas(buffer, pagesize=A4, pageCompression=1, initialFontName=embedded_font(), lang=language)


def draw_footer(canvas: Canvas, margin: float, left: str, right: str) -> None:
    """A rule, then `left` (cut to fit) and `right` on the page's foot."""
    font, width = embedded_font(False), PAGE_W - 2 * margin
    canvas.setStrokeGray(0.7)
    canvas.setLineWidth(0.5)
    canvas.line(margin, 13 * mm, PAGE_W - margin, 13 * mm)
    canvas.setFillGray(0.35)
    canvas.setFont(font, FOOTER_SIZE)
    right = clean(right)
    room = width - stringWidth(right, font, FOOTER_SIZE) - 6 * mm
    left_lines = cut([clean(left).replace("\n", " ")], font, FOOTER_SIZE, room, 1) if clean(left) else []
    if left_lines:
        canvas.drawString(margin, 9 * mm, left_lines[0])
    canvas.drawRightString(PAGE_W - margin, 9 * mm, right)
    canvas.setFillGray(0)


def times_width(sessions: Iterable[SessionPrint], size: float) -> float:
    """The widest time range at `size` (English "10:30 AM–11:15 AM" needs more room than "10:30–11:15")."""
    font = embedded_font(True)
    return max((stringWidth(s.times, font, size) for s in sessions), default=stringWidth("00:00–00:00", font, size))


# Door signs ----------------------------------------------------------------------------------------------------------


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
        time_width = times_width(sessions, 18 * scale) + 6 * mm * scale
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
