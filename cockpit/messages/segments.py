"""Who a message reaches: a segment is an audience (ticket holders, the waiting list, partners or the contacts of the
event's series) and criteria that all must hold (AND). Each segment becomes one SQL statement; counting happens in SQL.

Plain functions on explicit arguments, so tests call them on SQLite and PostgreSQL without HTTP."""

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields

from sqlalchemy import ColumnElement, Select, exists, false, func, select

from core.extensions import db
from events.models import Event, Question
from events.program.models import Contribution
from partners.models import ORGANIZATION_STATES, Organization, Package
from ticketing.models import (
    STAKEHOLDER_GROUPS,
    Admission,
    Booking,
    SeriesContact,
    Ticket,
    TicketType,
    WaitlistEntry,
    WorkshopSignup,
)

AUDIENCES = ("tickets", "waitlist", "partners", "series")
CHECKIN_STATES = ("came", "absent")
WAITING = ("waiting", "offered")
# Which criteria each audience knows; any other set criterion is a mistake, not something silently ignored.
CRITERIA = {
    "tickets": {"ticket_type_id", "question_id", "answer", "stakeholder_group", "checkin", "workshop_id"},
    "waitlist": {"ticket_type_id", "question_id", "answer", "stakeholder_group"},
    "partners": {"partner_state", "package_id"},
    "series": set(),
}


class SegmentError(ValueError):
    """A segment that cannot be asked for; `code` names why, `field` the criterion."""

    def __init__(self, code: str, field: str):
        super().__init__(code)
        self.code, self.field = code, field


@dataclass(frozen=True)
class Segment:
    """The recipients of a message. An empty `answer` with a question means "answered it at all"; `consent_only`
        (optional messages) keeps ticket holders whose booking agreed to hear more; the series' contacts all agreed, and
    nobody else has such a consent."""

    audience: str = "tickets"
    ticket_type_id: int | None = None
    question_id: int | None = None
    answer: str = ""
    stakeholder_group: str = ""
    checkin: str = ""
    workshop_id: int | None = None
    partner_state: str = ""
    package_id: int | None = None
    consent_only: bool = False

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping) -> "Segment":
        names = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in names})

    def criteria(self) -> set[str]:
        """The criteria set (besides audience and consent)."""
        unset = Segment()
        known = CRITERIA["tickets"] | CRITERIA["partners"]
        return {name for name in known if getattr(self, name) != getattr(unset, name)}


@dataclass(frozen=True)
class Recipient:
    """One person a message goes to, with what placeholders need."""

    key: str
    id: int
    email: str
    name: str
    language: str
    organization: str = ""
    ticket_type: str = ""
    access_token: str = ""
    unsubscribe_token: str = ""  # series contacts: the secret of their unsubscribe link


def check_segment(event: Event, segment: Segment) -> None:
    """:raises SegmentError: an unknown audience or value, a criterion its audience lacks, another event's object."""
    if segment.audience not in AUDIENCES:
        raise SegmentError("audience_unknown", "audience")
    for name in sorted(segment.criteria() - CRITERIA[segment.audience]):
        raise SegmentError("criterion_not_for_audience", name)
    if segment.answer and segment.question_id is None:
        raise SegmentError("answer_without_question", "answer")
    if segment.stakeholder_group and segment.stakeholder_group not in STAKEHOLDER_GROUPS:
        raise SegmentError("value_unknown", "stakeholder_group")
    if segment.checkin and segment.checkin not in CHECKIN_STATES:
        raise SegmentError("value_unknown", "checkin")
    if segment.partner_state and segment.partner_state not in ORGANIZATION_STATES:
        raise SegmentError("value_unknown", "partner_state")
    owned = (
        ("ticket_type_id", TicketType),
        ("question_id", Question),
        ("workshop_id", Contribution),
        ("package_id", Package),
    )
    for name, model in owned:
        object_id = getattr(segment, name)
        if object_id is not None:
            row = db.session.get(model, object_id)
            if row is None or row.event_id != event.id:
                raise SegmentError("value_unknown", name)


def ticket_conditions(event: Event, segment: Segment) -> list[ColumnElement]:
    """Valid tickets of the event with an address, narrowed by each criterion set."""
    conditions = [Ticket.event_id == event.id, Ticket.state == "valid", Ticket.attendee_email != ""]
    if segment.ticket_type_id is not None:
        conditions.append(Ticket.ticket_type_id == segment.ticket_type_id)
    if segment.question_id is not None:
        conditions.append(answered(Ticket.answers, segment.question_id, segment.answer))
    if segment.stakeholder_group:
        conditions.append(Ticket.stakeholder_group == segment.stakeholder_group)
    if segment.checkin:
        came = exists().where(Admission.ticket_id == Ticket.id)
        conditions.append(came if segment.checkin == "came" else ~came)
    if segment.workshop_id is not None:
        conditions.append(
            exists().where(
                WorkshopSignup.ticket_id == Ticket.id,
                WorkshopSignup.contribution_id == segment.workshop_id,
                WorkshopSignup.state == "signed_up",
            )
        )
    if segment.consent_only:
        conditions.append(exists().where(Booking.id == Ticket.booking_id, Booking.series_consent.is_(True)))
    return conditions


def waitlist_conditions(event: Event, segment: Segment) -> list[ColumnElement]:
    """People still waiting (or holding an offer) for a seat; nobody on the list gave a consent to optional mail."""
    conditions = [WaitlistEntry.event_id == event.id, WaitlistEntry.state.in_(WAITING), WaitlistEntry.email != ""]
    if segment.ticket_type_id is not None:
        conditions.append(WaitlistEntry.ticket_type_id == segment.ticket_type_id)
    if segment.question_id is not None:
        conditions.append(answered(WaitlistEntry.answers, segment.question_id, segment.answer))
    if segment.stakeholder_group:
        conditions.append(WaitlistEntry.stakeholder_group == segment.stakeholder_group)
    if segment.consent_only:
        conditions.append(false())
    return conditions


def partner_conditions(event: Event, segment: Segment) -> list[ColumnElement]:
    """Organizations' contacts; partners are written to about the event only, never with optional mail."""
    conditions = [Organization.event_id == event.id, Organization.contact_email != ""]
    if segment.partner_state:
        conditions.append(Organization.state == segment.partner_state)
    if segment.package_id is not None:
        conditions.append(Organization.package_id == segment.package_id)
    if segment.consent_only:
        conditions.append(false())
    return conditions


def series_conditions(event: Event, segment: Segment) -> list[ColumnElement]:
    """People of the event's series who agreed to hear about its next editions (those who unsubscribed are gone),
    except those already holding a valid ticket of this event. All of them consented, so an optional message
    reaches them too."""
    if not event.series:
        return [false()]
    has_ticket = exists().where(
        Ticket.event_id == event.id,
        Ticket.state == "valid",
        func.lower(Ticket.attendee_email) == func.lower(SeriesContact.email),
    )
    return [SeriesContact.series == event.series, SeriesContact.email != "", ~has_ticket]


def answered(answers, question_id: int, answer: str) -> ColumnElement:
    """The booking answer to a question (a JSON key) equals `answer`, or is not empty when `answer` is empty."""
    value = answers[str(question_id)].as_string()
    return value == answer if answer else func.coalesce(value, "") != ""


def count_statement(event: Event, segment: Segment) -> Select:
    """One statement counting the segment's recipients."""
    table, conditions = _source(event, segment)
    return select(func.count()).select_from(table).where(*conditions)


def count(event: Event, segment: Segment) -> int:
    return db.session.scalar(count_statement(event, segment)) or 0


def recipients(event: Event, segment: Segment, *, after_id: int = 0, limit: int | None = None) -> list[Recipient]:
    """The segment's recipients in id order, from after `after_id` (a job's resume point), at most `limit`."""
    table, conditions = _source(event, segment)
    if segment.audience == "tickets":
        columns = (
            Ticket.id, Ticket.attendee_email, Ticket.attendee_name, Ticket.language, Ticket.organization,
            TicketType.name, Ticket.access_token,
        )  # fmt: skip
        statement = select(*columns).join(TicketType, TicketType.id == Ticket.ticket_type_id)
    elif segment.audience == "waitlist":
        columns = (
            WaitlistEntry.id, WaitlistEntry.email, WaitlistEntry.name, WaitlistEntry.language,
            WaitlistEntry.organization, TicketType.name,
        )  # fmt: skip
        statement = select(*columns).join(TicketType, TicketType.id == WaitlistEntry.ticket_type_id)
    elif segment.audience == "series":
        columns = (
            SeriesContact.id, SeriesContact.email, SeriesContact.name, SeriesContact.language, SeriesContact.token,
        )  # fmt: skip
        statement = select(*columns)
    else:
        columns = (Organization.id, Organization.contact_email, Organization.contact_name, Organization.name)
        statement = select(*columns)
    statement = statement.where(*conditions, table.id > after_id).order_by(table.id).limit(limit)
    return [_recipient(segment.audience, row) for row in db.session.execute(statement)]


def _recipient(audience: str, row) -> Recipient:
    if audience == "tickets":
        id_, email, name, language, organization, ticket_type, token = row
        return Recipient(f"ticket:{id_}", id_, email, name, language, organization, ticket_type, token)
    if audience == "waitlist":
        id_, email, name, language, organization, ticket_type = row
        return Recipient(f"waitlist:{id_}", id_, email, name, language, organization, ticket_type)
    if audience == "series":
        id_, email, name, language, token = row
        return Recipient(f"contact:{id_}", id_, email, name, language, unsubscribe_token=token)
    id_, email, contact, organization = row
    return Recipient(f"partner:{id_}", id_, email, contact or organization, "de", organization)


def _source(event: Event, segment: Segment):
    if segment.audience == "tickets":
        return Ticket, ticket_conditions(event, segment)
    if segment.audience == "waitlist":
        return WaitlistEntry, waitlist_conditions(event, segment)
    if segment.audience == "series":
        return SeriesContact, series_conditions(event, segment)
    return Organization, partner_conditions(event, segment)
