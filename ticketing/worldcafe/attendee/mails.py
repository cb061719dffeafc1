"""The rotation mail: on publishing, every participant with an address learns their tables, rounds and times."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core.extensions import db
from core.mail.composing import render_mail
from core.mail.outbox import enqueue_mail
from core.urls import external_url
from ticketing.models import Ticket
from ticketing.worldcafe.attendee.rotation import rotation_url, stops_of
from ticketing.worldcafe.models import CafePlan, WorldCafe


def rotation_mails(cafe: WorldCafe, plan: CafePlan) -> int:
    """Queue one mail per seated participant with an email address (in the caller's transaction); how many."""
    ids = sorted({int(ticket) for seats in plan.seats for ticket in seats})
    tickets = db.session.scalars(select(Ticket).where(Ticket.id.in_(ids), Ticket.state == "valid")).all()
    sent = 0
    for ticket in tickets:
        if not ticket.attendee_email:
            continue  # a walk-in without an address
        subject, body = render_mail(
            ticket.language,
            _l("Your World Café tables: %(event)s"),
            "worldcafe_rotation",
            {"event": cafe.event.name},
            ticket=ticket,
            cafe=cafe,
            stops=stops_of(cafe, plan, ticket.id),
            rotation_url=rotation_url(ticket),
            ticket_url=external_url("ticketing.ticket", token=ticket.access_token),
        )
        enqueue_mail(to=ticket.attendee_email, subject=subject, body_text=body, reference=f"worldcafe:{cafe.id}")
        sent += 1
    return sent
