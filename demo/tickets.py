"""Ticket holders for the demo events, booked on one timeline: from the day registration opened until `until`
(today for the coming editions), with a launch spike, a steady trickle and a bump after the newsletter; a few
cancelled later through the domain's `cancel_ticket`, and a waiting list where an event sold out.

The bookings themselves are written directly as confirmed (no emails): this is demo data, not bookings people made.
"""

import random
from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import selectinload

from core.extensions import db
from core.mail.outbox import OutboxMail
from events.models import Event, Question
from ticketing.booking import capacity, waitlist
from ticketing.booking.bookings import cancel_ticket
from ticketing.booking.capacity import ticket_types_for
from ticketing.models import Booking, Ticket, WaitlistEntry

LAUNCH_SHARE, NEWSLETTER_SHARE = 0.3, 0.15  # the rest trickles in evenly
NEWSLETTER_AT = 0.55  # the newsletter went out after this share of the booking period
CANCELLED_SHARE = 0.04
FIRST = [
    "Anna",
    "Ben",
    "Clara",
    "Deniz",
    "Emil",
    "Frieda",
    "Georg",
    "Hanna",
    "Ilse",
    "Jonas",
    "Karla",
    "Lars",
    "Maja",
    "Nils",
    "Ole",
    "Paula",
    "Rieke",
    "Sven",
    "Tomasz",
    "Ulrike",
    "Vivien",
    "Wiebke",
    "Yusuf",
    "Zoe",
]
LAST = [
    "Becker",
    "Schulz",
    "Özdemir",
    "Nowak",
    "Hansen",
    "Petersen",
    "Krüger",
    "Wolff",
    "Brandt",
    "Lange",
    "Möller",
    "Jürgens",
    "Kowalski",
    "Schröder",
    "Voß",
    "Wendt",
    "Bartels",
    "Dąbrowski",
    "Ahrens",
    "Lüth",
]
ORGANIZATIONS = {
    "administration": ["Hansestadt Stralsund", "Landkreis Vorpommern-Rügen", "Hanse- und Universitätsstadt Rostock"],
    "business": ["Stadtwerke Stralsund", "Nordic Data GmbH", "Ostsee Software AG", "Hafenlogistik Rostock"],
    "science": ["Hochschule Stralsund", "Universität Rostock", "Fraunhofer IGD Rostock"],
    "civil_society": ["Digitalwerkstatt e. V.", "Seniorenbeirat Stralsund", "Jugendring Vorpommern"],
    "politics": ["Bürgerschaft Stralsund", "Kreistag Vorpommern-Rügen"],
    "other": [""],
}


def seed_ticket_holders(event: Event, count: int, rng: random.Random, *, until: datetime) -> None:
    """`count` confirmed ticket holders spread over the event's public ticket types, in bookings of one to three,
    booked between the opening of registration and `until`, each answering the event's questions.

    Written in bulk (one multi-row INSERT for the bookings, one for the tickets) and the seats taken once per ticket
    type: NØRD's 3,000 holders would otherwise take most of the seed's time.
    """
    types = ticket_types_for(event, public_only=True)
    questions = list(db.session.scalars(select(Question).where(Question.event_id == event.id)))
    bookings, holders, seats = [], [], Counter()
    made = 0
    while made < count:
        group = rng.choice(list(ORGANIZATIONS))
        organization = rng.choice(ORGANIZATIONS[group])
        ticket_type = rng.choice(types)
        people = min(rng.choice((1, 1, 1, 2, 3)), count - made)
        seats[ticket_type] += people
        created = booking_time(event, until, rng)
        confirmed = created + timedelta(minutes=rng.randint(1, 9))  # the link in the confirmation mail
        names = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(people)]
        bookings.append(
            dict(
                event_id=event.id, submission_key=f"demo-{event.slug}-{made}", buyer_name=names[0],
                buyer_email=email_for(names[0], made), state="confirmed", created_at=created, confirmed_at=confirmed,
                consent_at=created, consent_privacy_version=event.privacy_version, consent_media=True,
            )
        )  # fmt: skip
        holders.append(
            [
                dict(
                    event_id=event.id, ticket_type_id=ticket_type.id, attendee_name=name,
                    attendee_email=email_for(name, made + offset), organization=organization,
                    stakeholder_group=group, answers=answers_for(questions, rng), state="valid", created_at=created,
                )
                for offset, name in enumerate(names)
            ]
        )  # fmt: skip
        made += people
    for ticket_type, taken in seats.items():
        capacity.take_seats(ticket_type, taken)
    booking_ids = db.session.scalars(insert(Booking).returning(Booking.id, sort_by_parameter_order=True), bookings)
    tickets = [
        dict(row, booking_id=booking_id) for booking_id, rows in zip(booking_ids, holders, strict=True) for row in rows
    ]
    db.session.execute(insert(Ticket), tickets)


def booking_time(event: Event, until: datetime, rng: random.Random) -> datetime:
    """When a booking came in: many on the day registration opened, a bump after the newsletter, the rest evenly
    spread; at night (00–07 in the event's timezone) hardly anyone books, so those move to the morning."""
    opens = event.registration_opens_at
    hours = (until - opens).total_seconds() / 3600
    draw = rng.random()
    if draw < LAUNCH_SHARE:
        offset = rng.expovariate(1 / 14)
    elif draw < LAUNCH_SHARE + NEWSLETTER_SHARE:
        offset = hours * NEWSLETTER_AT + rng.expovariate(1 / 20)
    else:
        offset = rng.uniform(0, hours)
    moment = opens + timedelta(hours=offset)
    if event.local(moment).hour < 7:
        moment += timedelta(hours=7)
    moment = min(moment, until - timedelta(minutes=15 + rng.randint(0, 120)))
    if event.local(moment).hour < 7 and moment - timedelta(hours=9) > opens:
        moment -= timedelta(hours=9)  # squeezed before `until` into the night: the evening before
    return max(moment, opens + timedelta(minutes=2))


def answers_for(questions: list[Question], rng: random.Random) -> dict:
    """Plausible answers, keyed by question id as the booking form stores them: every required question answered,
    most optional ones too."""
    answers = {}
    for question in questions:
        if not question.is_required and rng.random() < 0.3:
            continue
        if question.kind == "choice" and question.choices:
            answers[str(question.id)] = rng.choice(question.choices)
        elif question.kind == "yesno":
            answers[str(question.id)] = "yes" if rng.random() < 0.15 else "no"
        elif question.is_required or rng.random() < 0.3:
            answers[str(question.id)] = rng.choice(TEXT_ANSWERS)
    return answers


TEXT_ANSWERS = ["vegetarisch", "keine Angaben", "Ich bringe eine Kollegin mit.", "Anreise mit dem Zug", "–"]


def cancel_some(event: Event, rng: random.Random, *, now: datetime, after: datetime | None = None) -> list[Ticket]:
    """Cancel about CANCELLED_SHARE of the event's booked tickets through `cancel_ticket` (seats back, waiting list
    promoted), each some time after it was booked (and after `after`), in the order they happened."""
    booked = db.session.execute(
        select(Ticket.id, Ticket.created_at)
        .where(Ticket.event_id == event.id, Ticket.state == "valid", Ticket.booking_id.is_not(None))
        .order_by(Ticket.id)
    ).all()
    latest, wanted = now - timedelta(hours=6), max(1, round(len(booked) * CANCELLED_SHARE))
    timed = []
    for ticket_id, created_at in rng.sample(booked, len(booked)):
        if len(timed) == wanted:
            break
        start = max(created_at, after or created_at) + timedelta(hours=1)
        if start < latest:
            timed.append((start + (latest - start) * rng.uniform(0.05, 0.95), ticket_id))
    tickets = {
        ticket.id: ticket
        for ticket in db.session.scalars(
            select(Ticket)
            .where(Ticket.id.in_([ticket_id for _at, ticket_id in timed]))
            .options(selectinload(Ticket.booking).selectinload(Booking.tickets), selectinload(Ticket.ticket_type))
        )
    }
    timed = [(at, tickets[ticket_id]) for at, ticket_id in timed]
    waiting = db.session.scalar(select(WaitlistEntry.id).where(WaitlistEntry.event_id == event.id).limit(1))
    for at, ticket in sorted(timed, key=lambda pair: pair[0]):
        mark = _last_mail_id() if waiting else 0
        cancel_ticket(ticket, now=at)
        if waiting:
            claim_offers(event, rng, since=mark, at=at, now=now)
    return [ticket for _at, ticket in timed]


def claim_offers(event: Event, rng: random.Random, *, since: int, at: datetime, now: datetime) -> None:
    """The people offered a freed seat claim it a few hours later (their offer mail was sent when it was made)."""
    _mark_sent(since, at)
    for entry in db.session.scalars(
        select(WaitlistEntry).where(WaitlistEntry.event_id == event.id, WaitlistEntry.state == "offered")
    ).all():
        claimed_at = min(at + timedelta(minutes=rng.randint(20, 300)), now - timedelta(minutes=5))
        mark = _last_mail_id()
        waitlist.claim_offer(entry, now=claimed_at)
        _mark_sent(mark, claimed_at)


def seed_waitlist(event: Event, count: int, rng: random.Random, *, sold_out_at: datetime, until: datetime) -> None:
    """`count` people join the waiting list of a sold-out event between `sold_out_at` and `until`."""
    questions = list(db.session.scalars(select(Question).where(Question.event_id == event.id)))
    ticket_type = ticket_types_for(event, public_only=True)[0]
    times = sorted(sold_out_at + (until - sold_out_at) * rng.random() for _ in range(count))
    for n, at in enumerate(times):
        group = rng.choice(list(ORGANIZATIONS))
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        mark = _last_mail_id()
        waitlist.join_waitlist(
            ticket_type, name=name, email=email_for(name, 9000 + n), organization=rng.choice(ORGANIZATIONS[group]),
            stakeholder_group=group, answers=answers_for(questions, rng), consent_privacy=True, consent_media=True,
            language="de", now=at,
        )  # fmt: skip
        _mark_sent(mark, at)


def _last_mail_id() -> int:
    db.session.flush()
    return db.session.scalar(select(func.max(OutboxMail.id))) or 0


def _mark_sent(since: int, at: datetime) -> None:
    """Mails the domain queued for demo people went out when it happened (nobody is really mailed)."""
    db.session.execute(
        update(OutboxMail)
        .where(OutboxMail.id > since)
        .values(status="sent", attempts=1, created_at=at, next_attempt_at=at, sent_at=at + timedelta(seconds=5))
        .execution_options(synchronize_session=False)
    )


def email_for(name: str, n: int) -> str:
    local = name.lower().translate(str.maketrans({" ": ".", "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ą": "a"}))
    return f"{local}.{n}@example.org"
