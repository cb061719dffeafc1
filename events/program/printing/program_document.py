"""The printable program: a cover line, then each day from a new page, room by room, sessions by time."""

import io

from reportlab.lib.units import mm

from events.program.printing.content import ProgramPrint, SessionPrint
from events.program.printing.layout import (
    MARGIN,
    TEXT_W,
    Block,
    Flow,
    draw_footer,
    new_canvas,
    paginate,
    times_width,
)


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
    time_width = times_width((s.times for s in sessions), 10) + 4 * mm
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
