"""The personal agendas and workshop seats as the timetable planner's interest, and the mail about moves.

`connect()` (from create_app's `register_signal_receivers`) registers `favourites_of` as a provider of
`events.program.planner.interest` (per ticket an opaque id and the contributions it favours: never a name or an
address) and listens to `program_moved`: one mail per person listing every change to their agenda or workshops.
"""

from collections import defaultdict

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core.extensions import db
from core.mail.composing import render_mail
from core.mail.outbox import enqueue_mail
from core.urls import external_url
from events.models import Event, Room
from events.program.models import Contribution
from events.program.planner.interest import Move, program_moved, register_provider
from ticketing.models import AgendaItem, Ticket, WorkshopSignup


def favourites_of(event: Event) -> dict[str, set[int]]:
    """Per valid ticket of the event (by an id that says nothing about its holder), the contributions in its
    personal agenda and the workshops it holds a seat in."""
    found: dict[str, set[int]] = defaultdict(set)
    for ticket_id, contribution_id in db.session.execute(_agenda_rows(event)):
        found[str(ticket_id)].add(contribution_id)
    for ticket_id, contribution_id in db.session.execute(_seat_rows(event)):
        found[str(ticket_id)].add(contribution_id)
    return dict(found)


def _agenda_rows(event: Event, contribution_ids=None):
    query = (
        select(AgendaItem.ticket_id, AgendaItem.contribution_id)
        .join(Ticket, Ticket.id == AgendaItem.ticket_id)
        .where(Ticket.event_id == event.id, Ticket.state == "valid")
    )
    return query if contribution_ids is None else query.where(AgendaItem.contribution_id.in_(contribution_ids))


def _seat_rows(event: Event, contribution_ids=None):
    query = (
        select(WorkshopSignup.ticket_id, WorkshopSignup.contribution_id)
        .join(Ticket, Ticket.id == WorkshopSignup.ticket_id)
        .where(Ticket.event_id == event.id, Ticket.state == "valid", WorkshopSignup.state == "signed_up")
    )
    return query if contribution_ids is None else query.where(WorkshopSignup.contribution_id.in_(contribution_ids))


def notify_moved(event: Event, moves: list[Move]) -> int:
    """Queue one mail per person (by address) who has a moved contribution in their agenda or a seat in a moved
    workshop, listing all their changes, in the caller's transaction. Returns how many mails."""
    before = {move.contribution_id: move for move in moves}
    if not before:
        return 0
    holders: dict[int, set[int]] = defaultdict(set)
    for query in (_agenda_rows(event, list(before)), _seat_rows(event, list(before))):
        for ticket_id, contribution_id in db.session.execute(query):
            holders[ticket_id].add(contribution_id)
    if not holders:
        return 0
    tickets = db.session.scalars(select(Ticket).where(Ticket.id.in_(holders)).order_by(Ticket.id))
    people: dict[str, tuple[Ticket, set[int]]] = {}
    for ticket in tickets:
        if ticket.anonymised_at is not None or not ticket.attendee_email:
            continue
        key = ticket.attendee_email.strip().lower()
        first, ids = people.setdefault(key, (ticket, set()))
        ids.update(holders[ticket.id])
    contributions = {c.id: c for c in db.session.scalars(select(Contribution).where(Contribution.id.in_(before)))}
    rooms = {r.id: r for r in db.session.scalars(select(Room).where(Room.event_id == event.id))}
    for ticket, ids in people.values():
        changes = [
            (contributions[cid], rooms.get(before[cid].room_id_before), before[cid].starts_at_before)
            for cid in sorted(ids, key=lambda cid: (contributions[cid].starts_at is None, contributions[cid].starts_at))
        ]
        _moved_mail(event, ticket, changes)
    return len(people)


def _moved_mail(event: Event, ticket: Ticket, changes: list) -> None:
    subject, body = render_mail(
        ticket.language,
        _l("Changes in your program: %(event)s"),
        "program_moved",
        {"event": event.name},
        event=event,
        ticket=ticket,
        changes=changes,
        agenda_url=external_url("agenda.page", token=ticket.access_token),
    )
    enqueue_mail(to=ticket.attendee_email, subject=subject, body_text=body, reference=f"program_moved:{ticket.id}")


def _on_program_moved(event: Event, *, moves: list[Move]) -> None:
    notify_moved(event, moves)


def connect() -> None:
    """Provide favourites to the planner and listen for moves (connecting twice keeps one of each)."""
    register_provider(favourites_of)
    program_moved.connect(_on_program_moved)
