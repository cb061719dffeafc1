"""The World Café on paper, drawn with reportlab from plain, localized data: host sheets (A4, one table per sheet:
who comes in each round, with group and organization) and personal rotation cards (A6, round, time, table and
topic, with a QR code to the person's rotation page — never the admission secret of their ticket).

Import this module inside the view or job that renders: reportlab costs a server process some 12 MB.
"""

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import A6, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from core.pdf import draw_qr, embedded_font, qr_matrix
from events.program.printing.layout import MARGIN, TEXT_W, Block, Flow, draw_footer, new_canvas, paginate

CARD_W, CARD_H = landscape(A6)
CARD_MARGIN = 7 * mm
CARD_QR = 34 * mm  # quiet zone included
NAME_W = 70 * mm  # the name column of a host sheet; group and organization take the rest
CARD_MASK_PATTERN = 0  # every reader decodes every mask; scoring them would cost most of the rendering time


@dataclass(frozen=True)
class Labels:
    """The fixed words, already in the reader's language; `{page}` and `{pages}` are filled in when drawing."""

    language: str
    event_name: str
    cafe_title: str
    host: str
    nobody: str
    scan: str
    page: str


@dataclass(frozen=True)
class Seat:
    name: str
    group: str = ""
    organization: str = ""


@dataclass(frozen=True)
class RoundList:
    label: str  # "Runde 1 · 13:30–13:50"
    seats: Sequence[Seat]


@dataclass(frozen=True)
class HostSheet:
    title: str  # "Tisch 3 – Nachhaltige Mobilität"
    host: str
    notes: str
    rounds: Sequence[RoundList]


@dataclass(frozen=True)
class CardRow:
    round_label: str  # "Runde 1"
    time: str  # "13:30–13:50"
    table: str  # "Tisch 3 – Nachhaltige Mobilität"


@dataclass(frozen=True)
class RotationCard:
    name: str
    rows: Sequence[CardRow]
    url: str


def render_host_sheets(sheets: Sequence[HostSheet], labels: Labels) -> bytes:
    """Each table from a new page; a round's list is never split from its heading.

    :raises ValueError: if there is no sheet at all (a PDF needs a page).
    """
    if not sheets:
        raise ValueError("no host sheets to render")
    pages = paginate([flow for index, sheet in enumerate(sheets) for flow in sheet_flows(sheet, labels, index > 0)])
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, labels.language)
    canvas.setTitle(f"{labels.cafe_title} – {labels.event_name}")
    for number, page in enumerate(pages, start=1):
        for block, top in page:
            block.draw(canvas, MARGIN, top)
        page_label = labels.page.replace("{page}", str(number)).replace("{pages}", str(len(pages)))
        draw_footer(canvas, MARGIN, f"{labels.event_name} · {labels.cafe_title}", page_label)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def sheet_flows(sheet: HostSheet, labels: Labels, new_page: bool) -> list[Flow]:
    heading = Block(space_after=5 * mm)
    heading.text(sheet.title, size=20, bold=True, max_lines=3, gap=1 * mm)
    if sheet.host:
        heading.text(f"{labels.host}: {sheet.host}", size=11, max_lines=2)
    if sheet.notes:
        heading.text(sheet.notes, size=10, gray=0.3, max_lines=2)
    heading.rule(gap=1.5 * mm, gray=0)
    flows = [Flow(heading, new_page=new_page, keep_with_next=True)]
    for round_list in sheet.rounds:
        flows.append(Flow(round_block(round_list, labels), repeat=None))
    return flows


def round_block(round_list: RoundList, labels: Labels) -> Block:
    block = Block(space_after=4 * mm)
    block.text(round_list.label, size=13, bold=True, gap=1.5 * mm)
    top = block.height
    block.bottoms = {0.0: top, NAME_W: top}  # both columns start below the heading
    if not round_list.seats:
        block.text(labels.nobody, size=10, gray=0.3)
    for seat in round_list.seats:
        block.bottoms[0.0] = block.bottoms[NAME_W] = block.height  # each person on their own line
        block.text(seat.name, size=10.5, width=NAME_W - 3 * mm, bold=True, min_size=8)
        detail = " · ".join(part for part in (seat.group, seat.organization) if part)
        block.text(detail or "–", x=NAME_W, width=TEXT_W - NAME_W, size=9.5, gray=0.25, min_size=7.5)
    block.rule(gap=1.5 * mm, gray=0.8)
    return block


def render_rotation_cards(cards: Iterable[RotationCard], labels: Labels) -> bytes:
    """One A6 landscape card per person: their name, then a line per round, the QR code to their rotation page.

    :raises ValueError: if there is no card at all.
    """
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(CARD_W, CARD_H), pageCompression=1, initialFontName=embedded_font())
    canvas.setTitle(f"{labels.cafe_title} – {labels.event_name}")
    count = 0
    for card in cards:
        draw_card(canvas, card, labels)
        canvas.showPage()
        count += 1
    if not count:
        raise ValueError("no rotation cards to render")
    canvas.save()
    return buffer.getvalue()


def draw_card(canvas: Canvas, card: RotationCard, labels: Labels) -> None:
    width = CARD_W - 2 * CARD_MARGIN
    text_width = width - CARD_QR - 3 * mm
    top = CARD_H - CARD_MARGIN
    header = Block(space_after=2 * mm)
    header.text(labels.cafe_title, size=8.5, width=text_width, gray=0.35, max_lines=2)
    header.text(card.name, size=16, width=text_width, bold=True, max_lines=2, min_size=11, gap=1 * mm)
    header.text(labels.event_name, size=8.5, width=text_width, gray=0.35, max_lines=2)
    header.draw(canvas, CARD_MARGIN, top)
    qr_x = CARD_W - CARD_MARGIN - CARD_QR
    draw_qr(canvas, qr_matrix(card.url, mask_pattern=CARD_MASK_PATTERN), qr_x, top - CARD_QR, CARD_QR)
    caption = Block()
    caption.text(labels.scan, width=CARD_QR, size=6.5, gray=0.35, max_lines=3)
    caption.draw(canvas, qr_x, top - CARD_QR - 0.5 * mm)
    y = top - max(header.height + header.space_after, 0)
    rows = Block()
    time_x, table_x = 19 * mm, 44 * mm
    for row in card.rows:
        rows.bottoms = {x: rows.height for x in (0.0, time_x, table_x)}
        rows.text(row.round_label, size=11, width=time_x - 1 * mm, bold=True, min_size=8)
        rows.text(row.time, x=time_x, size=11, width=table_x - time_x - 1 * mm, min_size=8)
        rows.text(row.table, x=table_x, size=11, width=text_width - table_x, max_lines=2, min_size=8, gap=2 * mm)
    rows.draw(canvas, CARD_MARGIN, y)
