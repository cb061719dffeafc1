"""Live figures of the door: checked in against expected per list, arrivals per 15 minutes, the last scans."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from core.extensions import db
from ticketing.models import Admission, CheckIn, CheckInList, Ticket, TicketType, WorkshopSignup

BUCKET = timedelta(minutes=15)


@dataclass
class ListFigures:
    check_in_list: CheckInList
    expected: int
    checked_in: int
    arrivals: list[tuple[datetime, int]]  # start of each 15-minute slot, and how many were admitted in it
    last_scans: list[CheckIn]

    @property
    def percent(self) -> int:
        return round(100 * self.checked_in / self.expected) if self.expected else 0


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
    scans = db.session.scalars(
        select(CheckIn).where(CheckIn.list_id == check_in_list.id).order_by(CheckIn.scanned_at.desc()).limit(last)
    )
    return ListFigures(check_in_list, expected, len(times), arrivals_per_slot(times), list(scans))


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
