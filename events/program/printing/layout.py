"""Layout primitives of the printed program and door signs: A4 page geometry, blocks of text laid out before they are
drawn (so a page break never splits a session and every page can say "page 3 of 12"), pagination, the canvas and
its footer. Every document prints with the embedded DejaVu font: one look, and any name prints (Ø, Ł, ş).
"""

import io
from collections.abc import Iterable
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from core.pdf import clean, cut, embedded_font, fit

PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
TEXT_W = PAGE_W - 2 * MARGIN
TOP, BOTTOM = PAGE_H - MARGIN, 20 * mm  # the footer lives below BOTTOM
FOOTER_SIZE = 8


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


def times_width(times: Iterable[str], size: float) -> float:
    """The widest time range at `size` (English "10:30 AM–11:15 AM" needs more room than "10:30–11:15")."""
    font = embedded_font(True)
    return max((stringWidth(t, font, size) for t in times), default=stringWidth("00:00–00:00", font, size))
