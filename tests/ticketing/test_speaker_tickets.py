"""Speakers of accepted contributions get a ticket outside the public quotas, mailed, with a printable badge."""

from pathlib import Path

from sqlalchemy import select

from core.db import utcnow
from core.extensions import db
from events.program.models import Speaker
from tests.events.program.test_program_manage import base, make_contribution, make_speaker
from tests.factories import login, make_event, make_quota, make_ticket_type, make_user, submit
from tests.ticketing.booking.test_ticket_documents import qr_codes_on_first_page
from tests.ticketing.booking_helpers import outbox
from ticketing.checkin.scans import check_in, default_lists
from ticketing.models import Quota, Ticket


def speaker_with_email(client, event, name="Dr. Jana Wolff", email="jana.wolff@example.org") -> Speaker:
    speaker = make_speaker(client, event, name)
    response = submit(
        client, f"{base(event)}/speakers/{speaker.id}", {"name": name, "email": email, "organization": "HS Stralsund"}
    )
    assert response.status_code == 302, response.text
    return speaker


def tickets_of(speaker: Speaker) -> list[Ticket]:
    return list(db.session.scalars(select(Ticket).where(Ticket.attendee_name == speaker.name).order_by(Ticket.id)))


def organizer(client, roles=("program",)):
    make_user("programm@example.org", roles=roles)
    login(client, "programm@example.org")


def test_accepting_a_contribution_mails_its_speaker_a_ticket_that_takes_no_public_seat(client, app_ctx):
    event = make_event(days=2, status="published")
    hall = make_quota(event, "Halle", 1)
    make_ticket_type(event, [hall], "Tag 1")
    organizer(client)
    speaker = speaker_with_email(client, event)
    make_contribution(client, event, state="submitted", speaker_ids=[str(speaker.id)])
    assert tickets_of(speaker) == []  # only accepted contributions bring a ticket

    contribution = make_contribution(client, event, title="Smarte Quartiere", speaker_ids=[str(speaker.id)])
    [ticket] = tickets_of(speaker)
    assert (ticket.state, ticket.is_complimentary, ticket.ticket_type.is_public) == ("valid", True, False)
    assert ticket.ticket_type.valid_days == event.days
    assert db.session.get(Speaker, speaker.id).ticket_id == ticket.id
    assert db.session.scalar(select(Quota.seats_taken).where(Quota.id == hall.id)) == 0
    [mail] = outbox(f"ticket:{ticket.id}")
    assert mail.to_address == "jana.wolff@example.org"
    assert "Referent*in" not in client.get(f"/e/{event.slug}/book").text  # never offered to the public
    assert f"speaker-badges.pdf?speaker={speaker.id}" in client.get(base(event)).text

    submit(client, f"{base(event)}/contributions/{contribution.id}", {**_data(contribution), "title": "Neu"})
    assert len(tickets_of(speaker)) == 1  # a second save or contribution keeps the one ticket


def _data(contribution) -> dict:
    return {
        "title": contribution.title,
        "format": contribution.format,
        "duration_minutes": str(contribution.duration_minutes),
        "language": contribution.language,
        "state": contribution.state,
        "speaker_ids": [str(s.id) for s in contribution.speakers],
    }


def test_a_speaker_without_accepted_contributions_loses_the_ticket_and_gets_a_new_one_later(client, app_ctx):
    event = make_event(status="published")
    organizer(client)
    speaker = speaker_with_email(client, event)
    contribution = make_contribution(client, event, speaker_ids=[str(speaker.id)])
    [first] = tickets_of(speaker)

    submit(client, f"{base(event)}/contributions/{contribution.id}", {**_data(contribution), "state": "rejected"})
    assert db.session.get(Ticket, first.id).state == "cancelled"
    assert db.session.get(Speaker, speaker.id).ticket_id is None

    submit(client, f"{base(event)}/contributions/{contribution.id}", {**_data(contribution), "state": "accepted"})
    first_again, second = tickets_of(speaker)
    assert (first_again.state, second.state) == ("cancelled", "valid")
    assert db.session.get(Speaker, speaker.id).ticket_id == second.id


def test_taking_a_speaker_off_the_contribution_withdraws_the_ticket(client, app_ctx):
    event = make_event(status="published")
    organizer(client)
    jana, ole = speaker_with_email(client, event), speaker_with_email(client, event, "Ole Hansen", "ole@example.org")
    contribution = make_contribution(client, event, format="panel", speaker_ids=[str(jana.id), str(ole.id)])
    submit(
        client, f"{base(event)}/contributions/{contribution.id}", {**_data(contribution), "speaker_ids": [str(jana.id)]}
    )
    assert [t.state for t in tickets_of(jana)] == ["valid"]
    assert [t.state for t in tickets_of(ole)] == ["cancelled"]


def test_the_speaker_ticket_is_admitted_at_the_main_entrance(client, app_ctx):
    event = make_event(status="published")
    organizer(client)
    speaker = speaker_with_email(client, event)
    make_contribution(client, event, speaker_ids=[str(speaker.id)])
    [ticket] = tickets_of(speaker)
    entrance = default_lists(event)[0]
    result = check_in(
        entrance, ticket, client_id="scan-1", gate="Eingang A", scanned_at=utcnow(), now=utcnow(), user=None
    )
    assert result.status == "ok"


def test_speaker_badges_print_with_the_ticket_qr_for_program_staff_only(client, app_ctx, tmp_path: Path):
    event = make_event(status="published")
    organizer(client)
    badges = f"/manage/events/{event.id}/speaker-badges.pdf"
    assert client.get(badges).status_code == 404  # nobody to print yet
    speaker = speaker_with_email(client, event)
    make_contribution(client, event, speaker_ids=[str(speaker.id)])
    [ticket] = tickets_of(speaker)

    response = client.get(f"{badges}?speaker={speaker.id}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert ("QRCode", ticket.secret) in qr_codes_on_first_page(response.data, tmp_path)

    client.post("/logout", data={})
    make_user("tuer@example.org", roles=("checkin",))
    login(client, "tuer@example.org")
    assert client.get(badges).status_code == 403
