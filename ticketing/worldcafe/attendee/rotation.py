"""A participant's rotation: for each round of a published plan, when, which table and which topic; and the
private rotation page's link (for rotation cards), which is not the ticket's admission secret."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from core.extensions import db
from core.urls import external_url
from ticketing.models import Ticket
from ticketing.worldcafe.models import CafePlan, CafeTable, WorldCafe

SALT = "worldcafe-rotation"


@dataclass(frozen=True)
class RotationStop:
    """One round of one participant: "Runde 1, 13:30: Tisch 3 – Nachhaltige Mobilität"."""

    round: int
    starts_at: datetime | None
    table_number: int
    table: CafeTable


@dataclass(frozen=True)
class Rotation:
    cafe: WorldCafe
    plan: CafePlan  # the published plan the stops come from
    stops: list[RotationStop]


def rotation_of(ticket: Ticket) -> list[Rotation]:
    """The ticket's rounds in every café of its event with a published plan that seats it."""
    plans = db.session.scalars(
        select(CafePlan)
        .join(WorldCafe, WorldCafe.id == CafePlan.cafe_id)
        .where(WorldCafe.event_id == ticket.event_id, CafePlan.state == "published")
        .order_by(WorldCafe.id)
    )
    rotations = []
    for plan in plans:
        stops = stops_of(plan.cafe, plan, ticket.id)
        if stops:
            rotations.append(Rotation(plan.cafe, plan, stops))
    return rotations


def stops_of(cafe: WorldCafe, plan: CafePlan, ticket_id: int) -> list[RotationStop]:
    numbers = {table.id: (number, table) for number, table in enumerate(cafe.tables, start=1)}
    starts = cafe.round_starts()
    stops = []
    for index, seats in enumerate(plan.seats):
        table_id = seats.get(str(ticket_id))
        if table_id is not None and int(table_id) in numbers:
            number, table = numbers[int(table_id)]
            stops.append(RotationStop(index + 1, starts[index] if index < len(starts) else None, number, table))
    return stops


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def rotation_token(ticket: Ticket) -> str:
    """A signed token for the ticket's rotation page: stable, unforgeable without the app's key, and unrelated to
    the QR secret (a photo of a rotation card admits nobody) and to the ticket page's token (it cancels nothing)."""
    return _serializer().dumps(ticket.id)


def ticket_by_rotation_token(token: str) -> Ticket | None:
    try:
        ticket_id = _serializer().loads(token)
    except BadSignature:
        return None
    ticket = db.session.get(Ticket, ticket_id) if isinstance(ticket_id, int) else None
    return ticket if ticket is not None and ticket.state == "valid" else None


def rotation_url(ticket: Ticket) -> str:
    """The absolute link to the ticket's rotation page, for rotation cards (as a QR) and mails."""
    return external_url("worldcafe_attendee.rotation", token=rotation_token(ticket))


def rotation_calendar_events(ticket: Ticket, host: str) -> list:
    """The ticket's café rounds as calendar entries for its personal feed: "World Café, Runde 1: Tisch 3 – Bildung".

    A re-plan that moves the person publishes a new plan, so SEQUENCE (minutes since the epoch of publishing) rises
    and subscribed calendars take the new table.
    """
    from events.ical import CalendarEvent

    entries = []
    for rotation in rotation_of(ticket):
        cafe, published_at = rotation.cafe, rotation.plan.published_at
        sequence = int(published_at.timestamp()) // 60 if published_at else 0
        room = cafe.contribution.room.name if cafe.contribution.room else ""
        for stop in rotation.stops:
            if stop.starts_at is None:
                continue
            table = _("Table %(number)s – %(title)s", number=stop.table_number, title=stop.table.title)
            entries.append(
                CalendarEvent(
                    uid=f"worldcafe-{cafe.id}-round-{stop.round}-ticket-{ticket.id}@{host}",
                    summary=f"{cafe.title}, {_('Round %(number)s', number=stop.round)}: {table}",
                    starts_at=stop.starts_at,
                    ends_at=stop.starts_at + timedelta(minutes=cafe.round_minutes),
                    timezone=cafe.event.timezone,
                    location=room,
                    description=stop.table.description or "",
                    sequence=sequence,
                )
            )
    return entries
