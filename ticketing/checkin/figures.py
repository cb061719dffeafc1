"""Live figures of the door: checked in against expected per list and per gate, arrivals per 15 minutes (with the
chart's geometry), the last scans with repeated scans marked."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from core.extensions import db
from ticketing.models import Admission, CheckIn, CheckInList, Ticket, TicketType, WorkshopSignup

BUCKET = timedelta(minutes=15)


@dataclass
class LastScan:
    """One scan of the list; `repeated` when the ticket had been admitted by an earlier scan (at `admitted_at`)."""

    scan: CheckIn
    repeated: bool
    admitted_at: datetime | None


@dataclass
class ListFigures:
    check_in_list: CheckInList
    expected: int
    checked_in: int
    arrivals: list[tuple[datetime, int]]  # start of each 15-minute slot, and how many were admitted in it
    last_scans: list[LastScan]
    gates: list[tuple[str, int]] = field(default_factory=list)  # admissions per gate, walk-ins at the desk included

    @property
    def percent(self) -> int:
        return round(100 * self.checked_in / self.expected) if self.expected else 0

    @property
    def chart(self) -> "ArrivalChart | None":
        return arrival_chart(self.arrivals) if self.arrivals else None


def admitted_type_ids(check_in_list: CheckInList) -> list[int]:
    """The ticket types whose tickets belong on the list."""
    types = db.session.scalars(select(TicketType).where(TicketType.event_id == check_in_list.event_id))
    return [
        t.id
        for t in types
        if (check_in_list.ticket_type_id in (None, t.id))
        and (check_in_list.day is None or check_in_list.day in t.valid_days)
    ]


def figures(check_in_list: CheckInList, *, last: int = 10) -> ListFigures:
    expected = select(func.count(Ticket.id)).where(
        Ticket.event_id == check_in_list.event_id,
        Ticket.state == "valid",
        Ticket.ticket_type_id.in_(admitted_type_ids(check_in_list)),
    )
    if check_in_list.contribution_id is not None:  # a workshop's door expects those with a seat
        seats = select(WorkshopSignup.ticket_id).where(
            WorkshopSignup.contribution_id == check_in_list.contribution_id, WorkshopSignup.state == "signed_up"
        )
        expected = expected.where(Ticket.id.in_(seats))
    expected = db.session.scalar(expected)
    times = list(db.session.scalars(select(Admission.scanned_at).where(Admission.list_id == check_in_list.id)))
    return ListFigures(
        check_in_list,
        expected,
        len(times),
        arrivals_per_slot(times),
        last_scans(check_in_list, last),
        admissions_per_gate(check_in_list),
    )


def last_scans(check_in_list: CheckInList, last: int) -> list[LastScan]:
    """The latest scans of the list, newest first; a scan that is not its ticket's admission is a repeated one."""
    rows = db.session.execute(
        select(CheckIn, Admission.check_in_id, Admission.scanned_at)
        .outerjoin(Admission, (Admission.ticket_id == CheckIn.ticket_id) & (Admission.list_id == CheckIn.list_id))
        .where(CheckIn.list_id == check_in_list.id)
        .options(joinedload(CheckIn.ticket))
        .order_by(CheckIn.scanned_at.desc(), CheckIn.id.desc())
        .limit(last)
    )
    return [
        LastScan(scan, repeated=admission_id is not None and admission_id != scan.id, admitted_at=admitted_at)
        for scan, admission_id, admitted_at in rows
    ]


def admissions_per_gate(check_in_list: CheckInList) -> list[tuple[str, int]]:
    """How many tickets each gate admitted, most first; walk-ins count at the gate of the desk that registered them."""
    count = func.count()
    rows = db.session.execute(
        select(Admission.gate, count)
        .where(Admission.list_id == check_in_list.id)
        .group_by(Admission.gate)
        .order_by(count.desc(), Admission.gate)
    )
    return [(gate, n) for gate, n in rows]


def arrivals_per_slot(times: list[datetime]) -> list[tuple[datetime, int]]:
    """Admissions counted per 15-minute slot, from the first to the last, empty slots included."""
    if not times:
        return []

    def slot(t: datetime) -> datetime:
        return t.replace(minute=t.minute - t.minute % 15, second=0, microsecond=0)

    counts: dict[datetime, int] = {}
    for t in times:
        counts[slot(t)] = counts.get(slot(t), 0) + 1
    first, last = min(counts), max(counts)
    slots = [first + BUCKET * i for i in range(int((last - first) / BUCKET) + 1)]
    return [(s, counts.get(s, 0)) for s in slots]


@dataclass
class Bar:
    x: int
    y: int
    width: int
    height: int
    slot: datetime
    count: int


@dataclass
class AxisLabel:
    x: int  # the label's centre (text-anchor: middle)
    y: int  # its baseline
    slot: datetime


@dataclass
class ArrivalChart:
    """The arrivals chart's geometry: every bar and time label lies inside `view_box` (no label clipped)."""

    width: int
    height: int
    bars: list[Bar]
    labels: list[AxisLabel]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


BAR_STEP, BAR_GAP, PLOT_TOP, PLOT_HEIGHT = 24, 4, 8, 100
# Room at both sides for half a time label ("10:45" at 11 px is about 30 px wide), and below the axis for the label.
SIDE_MARGIN, LABEL_BASELINE, CHART_HEIGHT = 24, PLOT_TOP + PLOT_HEIGHT + 18, PLOT_TOP + PLOT_HEIGHT + 26


def arrival_chart(arrivals: list[tuple[datetime, int]], *, label_every: int = 4) -> ArrivalChart:
    """Bars per 15-minute slot scaled to the peak, a time label every hour, centred under its bar."""
    peak = max((count for _, count in arrivals), default=0) or 1
    bars, labels = [], []
    for i, (slot, count) in enumerate(arrivals):
        height = round(PLOT_HEIGHT * count / peak)
        x = SIDE_MARGIN + i * BAR_STEP
        bars.append(Bar(x, PLOT_TOP + PLOT_HEIGHT - height, BAR_STEP - BAR_GAP, height, slot, count))
        if i % label_every == 0:
            labels.append(AxisLabel(x + (BAR_STEP - BAR_GAP) // 2, LABEL_BASELINE, slot))
    width = 2 * SIDE_MARGIN + len(arrivals) * BAR_STEP - BAR_GAP
    return ArrivalChart(width, CHART_HEIGHT, bars, labels)
