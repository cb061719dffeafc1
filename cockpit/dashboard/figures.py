"""Every figure of the dashboard, from the database in few aggregate queries: plain functions on an event that tests
call without HTTP. Labels and translations come later (`cockpit.dashboard.panels`); here are keys and counts."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Date, cast, func, select
from sqlalchemy.orm import selectinload

from core.extensions import db
from events.models import Event
from events.program.models import CONTRIBUTION_STATES, Contribution
from partners.models import Organization
from partners.review.decisions import state_counts
from ticketing.checkin.figures import arrivals_per_slot
from ticketing.models import (
    STAKEHOLDER_GROUPS,
    Admission,
    CheckInList,
    Quota,
    Ticket,
    TicketType,
    WaitlistEntry,
    WorkshopSignup,
    ticket_type_quota,
)

WAITING = ("waiting", "offered")  # an offered seat is not taken yet: the person still waits for it
WEEKLY_AFTER_DAYS = 70  # a longer sale is shown week by week, so chart and table stay readable
TOP_ORGANIZATIONS = 10


@dataclass
class BookingCurve:
    """Valid tickets booked up to the end of each point in time (a day, or a week for long sales), per ticket type."""

    points: list[date]
    per_type: dict[str, list[int]]  # ticket type name → cumulative count at each point
    per_quota: dict[str, list[int]]  # quota name → seats those tickets take in it, cumulative
    limits: dict[str, int]  # quota name → seats that may be handed out

    @property
    def total(self) -> list[int]:
        return [sum(values) for values in zip(*self.per_type.values(), strict=True)] if self.per_type else []


@dataclass
class QuotaSeats:
    name: str
    limit: int
    taken: int
    waiting: int

    @property
    def free(self) -> int:
        return max(self.limit - self.taken, 0)


@dataclass
class DayAttendance:
    day: date
    expected: int
    came: int
    past: bool  # only a day that has begun has no-shows

    @property
    def no_shows(self) -> int:
        return max(self.expected - self.came, 0) if self.past else 0


@dataclass
class WorkshopFill:
    title: str
    seats: int
    taken: int
    waiting: int


@dataclass
class GateArrivals:
    """Admissions per 15-minute slot of one event day, one count list per gate (slots shared by all gates)."""

    day: date
    slots: list[datetime]
    per_gate: dict[str, list[int]] = field(default_factory=dict)


def local_day(column, event: Event):
    """The calendar day of a UTC timestamp column in the event's timezone, computed by the database."""
    if db.session.get_bind().dialect.name == "postgresql":
        return cast(func.timezone(event.timezone, column), Date)
    offset = int(event.starts_at.astimezone(event.tz).utcoffset().total_seconds() // 60)
    return func.date(column, f"{offset:+d} minutes")  # SQLite keeps UTC text; one offset is close enough for days


def as_date(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def booking_curve(event: Event, today: date) -> BookingCurve:
    """Valid public tickets per ticket type and day of booking, added up from the opening of registration on."""
    types = list(
        db.session.scalars(
            select(TicketType)
            .where(TicketType.event_id == event.id, TicketType.is_public)
            .options(selectinload(TicketType.quotas))
        )
    )
    types.sort(key=lambda t: (t.position, t.id))
    day = local_day(Ticket.created_at, event)
    rows = db.session.execute(
        select(Ticket.ticket_type_id, day, func.count())
        .where(Ticket.event_id == event.id, Ticket.state == "valid", Ticket.is_complimentary.is_(False))
        .group_by(Ticket.ticket_type_id, day)
    ).all()
    per_day = {(type_id, as_date(d)): n for type_id, d, n in rows}
    first = event.local(event.registration_opens_at).date()
    last = min(today, event.local(event.registration_closes_at).date())
    booked_days = [d for _, d in per_day]
    first, last = min([first, *booked_days]), max([first, last, *booked_days])
    step = 7 if (last - first).days > WEEKLY_AFTER_DAYS else 1
    points = [first + timedelta(days=step * i) for i in range((last - first).days // step + 1)]
    if points[-1] < last:
        points.append(last)
    per_type, per_quota = {}, {}
    for ticket_type in types:
        counts = [(d, n) for (t, d), n in per_day.items() if t == ticket_type.id]
        per_type[ticket_type.name] = curve = [sum(n for d, n in counts if d <= point) for point in points]
        for quota in ticket_type.quotas:  # a ticket takes one seat in each quota of its type
            seats = per_quota.setdefault(quota.id, [0] * len(points))
            per_quota[quota.id] = [a + b for a, b in zip(seats, curve, strict=True)]
    quotas = list(db.session.scalars(select(Quota).where(Quota.event_id == event.id).order_by(Quota.id)))
    seats = {q.name: per_quota.get(q.id, [0] * len(points)) for q in quotas}
    return BookingCurve(points, per_type, seats, {q.name: q.seat_limit for q in quotas})


def quota_seats(event: Event) -> list[QuotaSeats]:
    """Seats per quota: the limit (capacity and planned overbooking), taken, and people waiting for a type using it."""
    quotas = list(db.session.scalars(select(Quota).where(Quota.event_id == event.id).order_by(Quota.id)))
    waiting = db.session.execute(
        select(ticket_type_quota.c.quota_id, func.count(WaitlistEntry.id))
        .join(WaitlistEntry, WaitlistEntry.ticket_type_id == ticket_type_quota.c.ticket_type_id)
        .where(WaitlistEntry.event_id == event.id, WaitlistEntry.state.in_(WAITING))
        .group_by(ticket_type_quota.c.quota_id)
    )
    waiting = dict(waiting.all())
    return [QuotaSeats(q.name, q.seat_limit, q.seats_taken, waiting.get(q.id, 0)) for q in quotas]


@dataclass(frozen=True)
class TicketCount:
    """How many tickets of one type share a state, a stakeholder group and being complimentary or not."""

    type_name: str
    valid_days: tuple[date, ...]
    state: str
    group: str
    complimentary: bool
    count: int


def ticket_counts(event: Event) -> list[TicketCount]:
    """The event's tickets counted in one grouped query, in ticket type order: the groups, the cancellations and the
    expected attendance are all sums over it (one scan of the tickets instead of three)."""
    rows = db.session.execute(
        select(
            TicketType.name,
            TicketType.valid_days_text,
            Ticket.state,
            Ticket.stakeholder_group,
            Ticket.is_complimentary,
            func.count(),
        )  # fmt: skip
        .join(TicketType, TicketType.id == Ticket.ticket_type_id)
        .where(Ticket.event_id == event.id)
        .group_by(TicketType.position, TicketType.id, Ticket.state, Ticket.stakeholder_group, Ticket.is_complimentary)
        .order_by(TicketType.position, TicketType.id)
    )
    return [
        TicketCount(name, tuple(date.fromisoformat(d) for d in days.split(",") if d), state, group, bool(comp), n)
        for name, days, state, group, comp, n in rows
    ]


def stakeholder_groups(event: Event, counts: list[TicketCount] | None = None) -> dict[str, int]:
    """Valid booked tickets per stakeholder group, every group listed."""
    groups = dict.fromkeys(STAKEHOLDER_GROUPS, 0)
    for c in ticket_counts(event) if counts is None else counts:
        if c.state == "valid" and not c.complimentary:
            groups[c.group] = groups.get(c.group, 0) + c.count
    return groups


def top_organizations(event: Event, limit: int = TOP_ORGANIZATIONS) -> tuple[list[tuple[str, int]], int]:
    """The organizations with the most valid booked tickets (ties by name), and how many organizations there are."""
    rows = db.session.execute(
        select(Ticket.organization, func.count())
        .where(
            Ticket.event_id == event.id,
            Ticket.state == "valid",
            Ticket.is_complimentary.is_(False),
            Ticket.organization != "",
        )
        .group_by(Ticket.organization)
    ).all()
    ranked = sorted(rows, key=lambda row: (-row[1], row[0]))  # in Python: the databases collate names differently
    return [(name, n) for name, n in ranked[:limit]], len(rows)


def ticket_states(event: Event, counts: list[TicketCount] | None = None) -> dict[str, Counter]:
    """Booked tickets per ticket type and state ("valid", "cancelled", "held")."""
    states: dict[str, Counter] = {}
    for c in ticket_counts(event) if counts is None else counts:
        if not c.complimentary:
            states.setdefault(c.type_name, Counter())[c.state] += c.count
    return states


def attendance(event: Event, today: date, counts: list[TicketCount] | None = None) -> list[DayAttendance]:
    """Per event day: valid tickets for the day (speakers' and booth staff's too), those admitted on any list that
    day, and so the no-shows."""
    expected = Counter()
    for c in ticket_counts(event) if counts is None else counts:
        if c.state == "valid":
            for day in c.valid_days:
                expected[day] += c.count
    day = local_day(Admission.scanned_at, event)
    came = db.session.execute(
        select(day, func.count(func.distinct(Admission.ticket_id)))
        .join(CheckInList, CheckInList.id == Admission.list_id)
        .join(Ticket, Ticket.id == Admission.ticket_id)
        .where(CheckInList.event_id == event.id, Ticket.state == "valid")
        .group_by(day)
    )
    came = {as_date(d): n for d, n in came}
    return [DayAttendance(d, expected[d], came.get(d, 0), d <= today) for d in event.days]


def workshop_fill(event: Event) -> list[WorkshopFill]:
    """Workshops with sign-up: seats, seats taken and the waiting list, in program order."""
    waiting = (
        select(func.count(WorkshopSignup.id))
        .where(WorkshopSignup.contribution_id == Contribution.id, WorkshopSignup.state == "waiting")
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Contribution.title, Contribution.seats, Contribution.seats_taken, waiting)
        .where(Contribution.event_id == event.id, Contribution.seats.is_not(None), Contribution.state == "accepted")
        .order_by(Contribution.starts_at, Contribution.title)
    )
    return [WorkshopFill(*row) for row in rows]


def partner_states(event: Event) -> dict[str, int]:
    return state_counts(event)


def contribution_states(event: Event) -> dict[str, int]:
    """Contributions per state, every state listed."""
    rows = db.session.execute(
        select(Contribution.state, func.count()).where(Contribution.event_id == event.id).group_by(Contribution.state)
    )
    return {state: 0 for state in CONTRIBUTION_STATES} | dict(rows.all())


def gate_arrivals(event: Event) -> list[GateArrivals]:
    """Admissions per 15 minutes and gate for each day with admissions; the slots are the door page's
    (`ticketing.checkin.figures.arrivals_per_slot`), shared by the gates of one day."""
    rows = db.session.execute(
        select(Admission.scanned_at, Admission.gate)
        .join(CheckInList, CheckInList.id == Admission.list_id)
        .where(CheckInList.event_id == event.id)
        .order_by(Admission.scanned_at)
    ).all()
    by_day: dict[date, dict[str, list[datetime]]] = defaultdict(lambda: defaultdict(list))
    for scanned_at, gate in rows:
        by_day[event.local(scanned_at).date()][gate or ""].append(scanned_at)
    result = []
    for day in sorted(by_day):
        gates = by_day[day]
        slots = [slot for slot, _ in arrivals_per_slot([t for times in gates.values() for t in times])]
        figures = GateArrivals(day, slots)
        for gate in sorted(gates):
            counts = dict(arrivals_per_slot(gates[gate]))
            figures.per_gate[gate] = [counts.get(slot, 0) for slot in slots]
        result.append(figures)
    return result


@dataclass
class EventSummary:
    """One line of the overview across events."""

    tickets: int = 0
    seat_limit: int = 0
    seats_taken: int = 0
    waiting: int = 0
    partners_to_review: int = 0
    contributions_to_review: int = 0

    @property
    def seats_free(self) -> int:
        return max(self.seat_limit - self.seats_taken, 0)


def event_summaries(events: list[Event]) -> dict[int, EventSummary]:
    """The overview's figures for many events in five grouped queries (not five per event)."""
    ids = [e.id for e in events]
    summaries = {event_id: EventSummary() for event_id in ids}

    def per_event(query, attribute: str) -> None:
        for event_id, value in db.session.execute(query):
            setattr(summaries[event_id], attribute, value or 0)

    valid = (Ticket.state == "valid", Ticket.is_complimentary.is_(False), Ticket.event_id.in_(ids))
    per_event(select(Ticket.event_id, func.count()).where(*valid).group_by(Ticket.event_id), "tickets")
    quotas = select(Quota.event_id, func.sum(Quota.seats_taken)).where(Quota.event_id.in_(ids))
    per_event(quotas.group_by(Quota.event_id), "seats_taken")
    limits = db.session.scalars(select(Quota).where(Quota.event_id.in_(ids)))
    for quota in limits:
        summaries[quota.event_id].seat_limit += quota.seat_limit
    waiting = select(WaitlistEntry.event_id, func.count()).where(
        WaitlistEntry.event_id.in_(ids), WaitlistEntry.state.in_(WAITING)
    )
    per_event(waiting.group_by(WaitlistEntry.event_id), "waiting")
    partners = select(Organization.event_id, func.count()).where(
        Organization.event_id.in_(ids), Organization.state == "submitted"
    )
    per_event(partners.group_by(Organization.event_id), "partners_to_review")
    submitted = select(Contribution.event_id, func.count()).where(
        Contribution.event_id.in_(ids), Contribution.state == "submitted"
    )
    per_event(submitted.group_by(Contribution.event_id), "contributions_to_review")
    return summaries
