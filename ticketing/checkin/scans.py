"""Checking tickets in at a gate: online, or queued offline and uploaded later (idempotent by the scan's client id).

Every scan of a ticket that belongs on the list is recorded; the first one admits. The `Admission` row's primary key
(ticket, list) makes "first" a decision of the database; an offline scan that turns out earlier takes it over.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, func, or_, select, update

from core.caching.versions import execute_rows
from core.db import insert_unless_exists
from core.extensions import db
from core.models import User
from events.models import Event
from events.program.models import Contribution
from ticketing.models import Admission, CheckIn, CheckInList, Ticket, TicketType, WorkshopSignup
from ticketing.models.capacity import days_from_text

STATUSES = ("ok", "already", "wrong_list", "cancelled", "unknown")


@dataclass(frozen=True)
class DoorTicket:
    """A ticket as the door sees it: what decides a scan and what the gate shows. Read as one row per scan, or
    taken from a loaded `Ticket` (walk-ins, the demo)."""

    id: int
    event_id: int
    state: str
    ticket_type_id: int
    attendee_name: str
    organization: str
    ticket_type: str  # its name
    valid_days_text: str

    @classmethod
    def of(cls, ticket: "Ticket | DoorTicket") -> "DoorTicket":
        if isinstance(ticket, DoorTicket):
            return ticket
        kind = ticket.ticket_type
        return cls(ticket.id, ticket.event_id, ticket.state, ticket.ticket_type_id, ticket.attendee_name,
                   ticket.organization, kind.name, kind.valid_days_text)  # fmt: skip

    @property
    def valid_days(self) -> list[date]:
        return days_from_text(self.valid_days_text)


@dataclass(frozen=True)
class Door:
    """A check-in list as a scan needs it."""

    id: int
    event_id: int
    day: date | None
    ticket_type_id: int | None
    contribution_id: int | None


ListOrDoor = CheckInList | Door  # the ORM list (walk-ins, the demo) or the scan API's row


@dataclass
class ScanResult:
    """What the scanner shows: a status, who the ticket belongs to, and for "already" when and where it was first."""

    status: str
    client_id: str
    ticket: DoorTicket | None = None
    detail: str = ""
    first_at: datetime | None = None
    first_gate: str = ""

    def as_json(self) -> dict:
        ticket = self.ticket
        return {
            "client_id": self.client_id,
            "status": self.status,
            "detail": self.detail,
            "ticket_id": ticket.id if ticket else None,
            "name": ticket.attendee_name if ticket else "",
            "organization": ticket.organization if ticket else "",
            "ticket_type": ticket.ticket_type if ticket else "",
            "first_checked_in_at": self.first_at.isoformat() if self.first_at else None,
            "first_gate": self.first_gate,
        }


# Built once, read as plain rows: a scan runs them per request, and building a statement or loading ORM objects costs
# more than SQLite's work for them.
_TICKET_COLUMNS = (
    Ticket.id, Ticket.event_id, Ticket.state, Ticket.ticket_type_id, Ticket.attendee_name, Ticket.organization,
    TicketType.name, TicketType.valid_days_text,
)  # fmt: skip
_DOOR_TICKET = select(*_TICKET_COLUMNS).join(TicketType, TicketType.id == Ticket.ticket_type_id)
TICKET_BY_SECRET = _DOOR_TICKET.where(Ticket.secret == bindparam("secret"))
TICKET_BY_ID = _DOOR_TICKET.where(Ticket.id == bindparam("id"))
_DOOR_COLUMNS = (
    CheckInList.id, CheckInList.event_id, CheckInList.day, CheckInList.ticket_type_id, CheckInList.contribution_id,
)  # fmt: skip
# A door uploads one scan at a time: its list and the scanned ticket (if any has the code) in one statement.
DOOR_WITH_TICKET = (
    select(*_DOOR_COLUMNS, *_TICKET_COLUMNS)
    .join(Event, Event.id == CheckInList.event_id)
    .outerjoin(Ticket, Ticket.secret == bindparam("secret"))
    .outerjoin(TicketType, TicketType.id == Ticket.ticket_type_id)
    .where(CheckInList.id == bindparam("id"), Event.status != "draft")
)
ADMISSION = select(Admission.check_in_id, Admission.scanned_at, Admission.gate).where(
    Admission.ticket_id == bindparam("ticket_id"), Admission.list_id == bindparam("list_id")
)
SEAT_IN_WORKSHOP = select(WorkshopSignup.id).where(
    WorkshopSignup.ticket_id == bindparam("ticket_id"),
    WorkshopSignup.contribution_id == bindparam("contribution_id"),
    WorkshopSignup.state == "signed_up",
)


def _secret(code: str) -> str | None:
    """The secret a scanned code stands for (as the QR holds it), or None for what cannot be one."""
    code = code.strip().upper()
    return code if code and len(code) <= 64 else None


def ticket_for_code(code: str) -> DoorTicket | None:
    secret = _secret(code)
    return _door_ticket(TICKET_BY_SECRET, {"secret": secret}) if secret else None


def ticket_by_id(ticket_id: int) -> DoorTicket | None:
    return _door_ticket(TICKET_BY_ID, {"id": ticket_id})


def _door_ticket(statement, params: dict) -> DoorTicket | None:
    row = execute_rows(statement, params).first()
    return DoorTicket(*row) if row else None


def door_with_ticket(list_id: int, code: str | None) -> tuple[Door | None, DoorTicket | None]:
    """The list with `list_id` and the ticket `ticket_for_code(code)` finds, read in one statement. No door if there
    is no such list or its event is a draft (a draft's lists answer nobody), and then no ticket either."""
    secret = _secret(code) if code is not None else None
    row = execute_rows(DOOR_WITH_TICKET, {"id": list_id, "secret": secret}).first()
    if row is None:
        return None, None
    door_part, ticket_part = row[: len(_DOOR_COLUMNS)], row[len(_DOOR_COLUMNS) :]
    return Door(*door_part), DoorTicket(*ticket_part) if ticket_part[0] is not None else None


def on_list(check_in_list: ListOrDoor, ticket: DoorTicket) -> bool:
    """Whether a ticket of the event belongs on the list (ignoring its state): a workshop's list admits only the
    tickets with a seat in it, a type's list only that type, a day's list the types valid that day."""
    if check_in_list.contribution_id is not None:
        seat = {"ticket_id": ticket.id, "contribution_id": check_in_list.contribution_id}
        return execute_rows(SEAT_IN_WORKSHOP, seat).first() is not None
    if check_in_list.ticket_type_id is not None and ticket.ticket_type_id != check_in_list.ticket_type_id:
        return False
    return check_in_list.day is None or check_in_list.day in ticket.valid_days


def check_in(
    check_in_list: ListOrDoor,
    ticket: Ticket | DoorTicket | None,
    *,
    client_id: str,
    gate: str,
    scanned_at: datetime,
    now: datetime,
    user: User | None,
    offline: bool = False,
) -> ScanResult:
    """Check `ticket` in on the list and say what the gate should show.

    The device's time is recorded with every scan, but it decides only between scans queued offline: a ticket
    admitted before an online scan arrives is "already admitted", whatever the scanning device's clock says.
    """
    ticket = DoorTicket.of(ticket) if ticket is not None else None
    refusal = _refusal(check_in_list, ticket, client_id)
    if refusal is not None:
        return refusal
    scanned_at, gate = min(scanned_at, now), gate[:80]  # a device clock ahead of ours must not win "earliest"
    admitted_at = scanned_at if offline else now
    scan_id = insert_unless_exists(
        CheckIn, CheckIn.id, ticket_id=ticket.id, list_id=check_in_list.id, scanned_at=scanned_at, received_at=now,
        gate=gate, client_id=client_id, user_id=user.id if user else None,
    )  # fmt: skip
    if scan_id is None:  # this scan was uploaded before (a lost answer, a retry): answer as then, record nothing
        previous = db.session.scalar(select(CheckIn.id).where(CheckIn.client_id == client_id))
        return _outcome(check_in_list, ticket, previous, client_id)
    if _admit(check_in_list, ticket, scan_id, admitted_at, gate, offline=offline):
        return ScanResult("ok", client_id, ticket, first_at=admitted_at, first_gate=gate)
    return _outcome(check_in_list, ticket, scan_id, client_id)


def _refusal(check_in_list: ListOrDoor, ticket: DoorTicket | None, client_id: str) -> ScanResult | None:
    if ticket is None or ticket.state == "held":
        return ScanResult("unknown", client_id)
    if ticket.event_id != check_in_list.event_id:
        return ScanResult("wrong_list", client_id, ticket, detail="other_event")
    if ticket.state == "cancelled":
        return ScanResult("cancelled", client_id, ticket)
    if not on_list(check_in_list, ticket):
        return ScanResult("wrong_list", client_id, ticket, detail=refusal_detail(check_in_list))
    return None


def refusal_detail(check_in_list: ListOrDoor) -> str:
    """Why a ticket of the event is not on the list: another day, another type, or no seat in the workshop."""
    if check_in_list.contribution_id is not None:
        return "not_signed_up"
    return "other_type" if check_in_list.ticket_type_id is not None else "other_day"


def _admit(
    check_in_list: ListOrDoor,
    ticket: DoorTicket,
    scan_id: int,
    scanned_at: datetime,
    gate: str,
    *,
    offline: bool,
) -> bool:
    """Make the scan the admission unless one exists; an offline scan takes over a later offline admission
    (offline at two gates: the earliest wins). True if it now is the admission."""
    key = {"ticket_id": ticket.id, "list_id": check_in_list.id}
    if insert_unless_exists(
        Admission, Admission.ticket_id, **key, check_in_id=scan_id, scanned_at=scanned_at, gate=gate, offline=offline
    ):
        return True
    if not offline:
        return False
    taken_over = execute_rows(
        update(Admission)
        .where(Admission.ticket_id == ticket.id, Admission.list_id == check_in_list.id)
        .where(Admission.offline.is_(True), Admission.scanned_at > scanned_at)
        .values(check_in_id=scan_id, scanned_at=scanned_at, gate=gate)
        .execution_options(synchronize_session=False)
    )
    return taken_over.rowcount == 1


def _outcome(check_in_list: ListOrDoor, ticket: DoorTicket, check_in_id: int, client_id: str) -> ScanResult:
    """The answer for a recorded scan: "ok" if it is the admission, else "already" with its time and gate."""
    key = {"ticket_id": ticket.id, "list_id": check_in_list.id}
    first_id, first_at, first_gate = execute_rows(ADMISSION, key).one()
    status = "ok" if first_id == check_in_id else "already"
    return ScanResult(status, client_id, ticket, first_at=first_at, first_gate=first_gate)


def default_lists(event) -> list[CheckInList]:
    """The event's check-in lists; "Alle Tickets" and one per day are made on first use, and one per workshop with
    sign-up as soon as it is placed (renamed when it moves)."""
    lists = list(
        db.session.scalars(select(CheckInList).where(CheckInList.event_id == event.id).order_by(CheckInList.id))
    )
    if not lists:
        lists = [CheckInList(event=event, name="Alle Tickets")]
        if len(event.days) > 1:
            lists += [CheckInList(event=event, name=f"Tag {n}", day=day) for n, day in enumerate(event.days, 1)]
        db.session.add_all(lists)
    by_workshop = {lst.contribution_id: lst for lst in lists if lst.contribution_id is not None}
    for workshop in _workshops_with_seats(event):
        name = workshop_list_name(event, workshop)
        if workshop.id not in by_workshop:
            lists.append(CheckInList(event=event, name=name, contribution_id=workshop.id))
            db.session.add(lists[-1])
        elif by_workshop[workshop.id].name != name:
            by_workshop[workshop.id].name = name
    db.session.flush()
    return lists


def _workshops_with_seats(event) -> list[Contribution]:
    query = select(Contribution).where(
        Contribution.event_id == event.id,
        Contribution.seats.is_not(None),
        Contribution.starts_at.is_not(None),
        Contribution.room_id.is_not(None),
    )
    return list(db.session.scalars(query.order_by(Contribution.starts_at, Contribution.room_id)))


def workshop_list_name(event, workshop: Contribution) -> str:
    """The workshop's title and its start in the event's timezone, e.g. "Workshop: Open Data · 27.05. 10:40"."""
    when = event.local(workshop.starts_at).strftime("%d.%m. %H:%M")
    return f"{workshop.title[: 120 - len(when) - 3]} · {when}"


def search(check_in_list: CheckInList, text: str, *, limit: int = 20) -> list[Ticket]:
    """Valid and cancelled tickets of the event whose holder's name, email or organization contains `text`."""
    needle = text.strip().lower()
    if len(needle) < 2:
        return []
    columns = (Ticket.attendee_name, Ticket.attendee_email, Ticket.organization)
    query = (
        select(Ticket)
        .where(Ticket.event_id == check_in_list.event_id, Ticket.state.in_(("valid", "cancelled")))
        .where(or_(*(func.lower(c).contains(needle, autoescape=True) for c in columns)))
        .order_by(Ticket.attendee_name, Ticket.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def admission_for(check_in_list: CheckInList, ticket: Ticket) -> Admission | None:
    return db.session.get(Admission, (ticket.id, check_in_list.id))


def register_walk_in(
    check_in_list: CheckInList,
    *,
    name: str,
    organization: str,
    email: str,
    ticket_type: TicketType,
    take_seat: bool,
    client_id: str,
    gate: str,
    now: datetime,
    user: User | None,
) -> ScanResult:
    """A person without a ticket at the desk: make a valid ticket and check it in. :raises BookingError: sold_out.

    Without `take_seat` the ticket takes no seat from the quotas (the desk sees the room has space).
    """
    from ticketing.booking import capacity
    from ticketing.errors import BookingError

    if ticket_type.event_id != check_in_list.event_id:
        raise BookingError("ticket_type_unavailable")
    if take_seat:
        try:
            capacity.take_seats(ticket_type, 1)
        except capacity.CapacityError as error:
            raise BookingError("sold_out", ticket_type=ticket_type) from error
    ticket = Ticket(
        event_id=check_in_list.event_id, ticket_type=ticket_type, attendee_name=name, attendee_email=email,
        organization=organization, stakeholder_group="other", state="valid", is_complimentary=not take_seat,
        created_at=now,
    )  # fmt: skip
    db.session.add(ticket)
    db.session.flush()
    return check_in(check_in_list, ticket, client_id=client_id, gate=gate, scanned_at=now, now=now, user=user)
