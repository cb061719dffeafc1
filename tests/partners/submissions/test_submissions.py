"""Contribution submissions over HTTP: an approved organization submits to the event's call while it is open,
changes its submission until the deadline (not after, and not once it is reviewed), sees the state and the
organizers' message; its speakers become the event's speakers."""

import re
from datetime import timedelta

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from core.db import utcnow
from core.extensions import db
from events.program.models import Contribution, Speaker, Track
from partners.models import ContributionCall
from partners.rules import message_for
from tests.factories import csrf_from, login, make_event, make_user, submit
from tests.partners.factories import make_call, make_member, make_organization


def text_of(app, code: str) -> str:
    with app.test_request_context():
        return str(escape(message_for(code)))


@pytest.fixture
def partner(app_ctx, client):
    """An approved organization of an event with an open call (talks and workshops) and a track; its owner logged
    in."""
    event = make_event()
    db.session.add(Track(event=event, name="Smarte Häfen", colour="#0b4f6c"))
    db.session.commit()
    make_call(event)
    org = make_organization(event, "Nordlicht GmbH")
    make_member(org, "owner@nordlicht.example")
    login(client, "owner@nordlicht.example")
    return org


def login_token(client) -> str:
    """The session's CSRF token, for posts a page would not offer (a closed call, another organization's)."""
    return csrf_from(client.get("/login").text)


def base(org) -> str:
    return f"/partner/organizations/{org.id}/contributions"


def form_data(**changes) -> dict:
    track = db.session.scalar(select(Track))
    data = {
        "title": "Datenräume für Häfen",
        "abstract": "Wie Hafenbetriebe Daten teilen, ohne sie herzugeben.",
        "format": "talk",
        "duration_minutes": "30",
        "language": "de",
        "track_id": str(track.id) if track else "",
        "speakers-0-name": "Dr. Jana Kühl",
        "speakers-0-organization": "Nordlicht GmbH",
        "speakers-0-email": "jana@nordlicht.example",
        "speakers-1-name": "Ole Hansen",
        "speakers-1-organization": "Hafen Rostock",
        "speakers-1-email": "",
    }
    return data | changes


def close_call(org, *, opens=timedelta(days=-10), deadline=timedelta(minutes=-1)):
    call = db.session.scalar(select(ContributionCall).where(ContributionCall.event_id == org.event_id))
    call.opens_at, call.deadline_at = utcnow() + opens, utcnow() + deadline
    db.session.commit()


def test_a_submission_is_stored_as_a_contribution_with_the_event_speakers(client, partner):
    response = submit(client, f"{base(partner)}/new", form_data())

    assert response.status_code == 302
    [contribution] = db.session.scalars(select(Contribution)).all()
    assert (contribution.title, contribution.format, contribution.duration_minutes, contribution.language) == (
        "Datenräume für Häfen",
        "talk",
        30,
        "de",
    )
    assert (contribution.state, contribution.organization_id, contribution.track.name) == (
        "submitted",
        partner.id,
        "Smarte Häfen",
    )
    speakers = sorted(contribution.speakers, key=lambda s: s.id)
    assert [(s.name, s.organization, s.email, s.event_id) for s in speakers] == [
        ("Dr. Jana Kühl", "Nordlicht GmbH", "jana@nordlicht.example", partner.event_id),
        ("Ole Hansen", "Hafen Rostock", "", partner.event_id),
    ]
    listing = client.get(base(partner)).text
    assert "Datenräume für Häfen" in listing


def test_the_submission_can_be_changed_until_the_deadline_and_its_speakers_follow(client, partner):
    submit(client, f"{base(partner)}/new", form_data())
    contribution = db.session.scalar(select(Contribution))
    url = f"{base(partner)}/{contribution.id}"

    edit_page = client.get(url).text
    response = submit(client, url, form_data(title="Datenräume in Häfen", **{"speakers-1-name": ""}))

    assert 'value="Dr. Jana Kühl"' in edit_page and 'value="Ole Hansen"' in edit_page
    assert response.status_code == 302
    db.session.refresh(contribution)
    assert contribution.title == "Datenräume in Häfen"
    assert [s.name for s in contribution.speakers] == ["Dr. Jana Kühl"]
    assert list(db.session.scalars(select(Speaker.name))) == ["Dr. Jana Kühl"]  # Ole's row is gone


def test_nothing_can_be_submitted_before_the_call_opens(app, client, partner):
    close_call(partner, opens=timedelta(days=1), deadline=timedelta(days=10))

    page = client.get(f"{base(partner)}/new")
    response = client.post(f"{base(partner)}/new", data={"csrf_token": csrf_from(page.text), **form_data()})

    assert text_of(app, "call_not_open") in page.text and 'id="title"' not in page.text
    assert text_of(app, "call_not_open") in response.text
    assert db.session.scalar(select(func.count(Contribution.id))) == 0


def test_nothing_can_be_submitted_after_the_deadline(app, client, partner):
    close_call(partner)

    listing = client.get(base(partner)).text
    response = client.post(f"{base(partner)}/new", data={"csrf_token": login_token(client), **form_data()})

    assert text_of(app, "call_not_open") in listing
    assert text_of(app, "call_not_open") in response.text
    assert db.session.scalar(select(func.count(Contribution.id))) == 0


def test_editing_after_the_deadline_is_refused(app, client, partner):
    submit(client, f"{base(partner)}/new", form_data())
    contribution = db.session.scalar(select(Contribution))
    close_call(partner)
    url = f"{base(partner)}/{contribution.id}"

    page = client.get(url)
    response = client.post(url, data={"csrf_token": login_token(client), **form_data(title="Zu spät")})

    assert text_of(app, "deadline_passed") in page.text and 'id="title"' not in page.text
    assert text_of(app, "deadline_passed") in response.text
    assert db.session.get(Contribution, contribution.id).title == "Datenräume für Häfen"


def test_a_reviewed_contribution_shows_state_and_message_and_can_no_longer_be_changed(app, client, partner):
    submit(client, f"{base(partner)}/new", form_data())
    contribution = db.session.scalar(select(Contribution))
    contribution.state, contribution.review_message = "rejected", "Leider zu ähnlich zu einem anderen Vortrag."
    db.session.commit()
    url = f"{base(partner)}/{contribution.id}"

    listing = client.get(base(partner)).text
    response = client.post(url, data={"csrf_token": login_token(client), **form_data(title="Neuer Versuch")})

    assert "Leider zu ähnlich zu einem anderen Vortrag." in listing
    assert text_of(app, "already_reviewed") in response.text
    assert db.session.get(Contribution, contribution.id).title == "Datenräume für Häfen"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"format": "keynote"}, "format"),  # not asked for by the call
        ({"title": ""}, "title"),
        ({"duration_minutes": "1000"}, "duration_minutes"),
        ({"language": "fr"}, "language"),
        ({"speakers-0-name": "", "speakers-1-name": ""}, None),
        ({"speakers-0-email": "no address"}, "speakers-0-email"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(client, partner, changes, field):
    response = submit(client, f"{base(partner)}/new", form_data(**changes))

    assert response.status_code == 200
    assert 'role="alert"' in response.text
    if field:
        assert f'id="{field}"' in response.text and 'aria-invalid="true"' in response.text
    assert db.session.scalar(select(func.count(Contribution.id))) == 0
    assert db.session.scalar(select(func.count(Speaker.id))) == 0


def test_a_track_of_another_event_is_refused(app, client, partner):
    foreign = Track(event=make_event("andere"), name="Fremd", colour="#000000")
    db.session.add(foreign)
    db.session.commit()

    response = submit(client, f"{base(partner)}/new", form_data(track_id=str(foreign.id)))

    assert text_of(app, "track_of_other_event") in response.text
    assert db.session.scalar(select(func.count(Contribution.id))) == 0


@pytest.mark.parametrize("state", ["submitted", "waitlisted", "rejected"])
def test_an_organization_that_is_not_approved_cannot_submit(app, client, partner, state):
    partner.state = state
    db.session.commit()

    listing = client.get(base(partner)).text
    response = client.post(f"{base(partner)}/new", data={"csrf_token": login_token(client), **form_data()})

    assert text_of(app, "not_approved") in listing
    assert text_of(app, "not_approved") in response.text
    assert db.session.scalar(select(func.count(Contribution.id))) == 0


def test_a_member_of_another_organization_cannot_see_or_change_its_contributions(client, partner):
    other = make_organization(partner.event, "Konkurrenz AG")
    theirs = Contribution(event=partner.event, title="Fremder Vortrag", organization_id=other.id)
    db.session.add(theirs)
    db.session.commit()
    token = login_token(client)

    answers = [
        client.get(base(other)).status_code,
        client.post(f"{base(other)}/new", data={"csrf_token": token, **form_data()}).status_code,
        client.get(f"{base(other)}/{theirs.id}").status_code,
        client.get(f"{base(partner)}/{theirs.id}").status_code,
        client.post(f"{base(partner)}/{theirs.id}", data={"csrf_token": token, **form_data()}).status_code,
    ]

    assert answers == [404, 404, 404, 404, 404]
    assert db.session.get(Contribution, theirs.id).title == "Fremder Vortrag"


def test_an_event_without_a_call_says_so(app, client, partner):
    db.session.delete(db.session.scalar(select(ContributionCall)))
    db.session.commit()

    listing = client.get(base(partner)).text

    assert text_of(app, "no_call") in listing


def test_accepted_submissions_of_a_partner_are_on_the_organizers_program_page(app, client, partner):
    submit(client, f"{base(partner)}/new", form_data())
    contribution = db.session.scalar(select(Contribution))
    make_user("program@example.org", roles=("program",))
    organizer = app.test_client()
    login(organizer, "program@example.org")
    submit(
        organizer, f"/manage/events/{partner.event_id}/partners/contributions/{contribution.id}", {"state": "accepted"}
    )

    program = organizer.get(f"/manage/events/{partner.event_id}/program").text

    assert f'/program/contributions/{contribution.id}">Datenräume für Häfen</a>' in program
    assert re.findall(r'/program/speakers/\d+">([^<]+)</a>', program) == ["Dr. Jana Kühl", "Ole Hansen"]


def test_a_person_on_two_submissions_of_the_organization_is_one_speaker_of_the_event(client, partner):
    submit(client, f"{base(partner)}/new", form_data())
    second = form_data(title="Workshop: Datenräume selbst bauen", format="workshop", **{"speakers-1-name": ""})

    submit(client, f"{base(partner)}/new", second)

    speakers = list(db.session.scalars(select(Speaker).order_by(Speaker.id)))
    assert [s.name for s in speakers] == ["Dr. Jana Kühl", "Ole Hansen"]
    assert sorted(c.title for c in speakers[0].contributions) == [
        "Datenräume für Häfen",
        "Workshop: Datenräume selbst bauen",
    ]


def test_a_partner_cannot_take_over_a_speaker_of_the_organizers_by_their_email(client, partner):
    keynote = Speaker(event=partner.event, name="Prof. Keynote", email="jana@nordlicht.example")
    db.session.add(keynote)
    db.session.commit()

    submit(client, f"{base(partner)}/new", form_data())

    db.session.refresh(keynote)
    assert (keynote.name, keynote.contributions) == ("Prof. Keynote", [])
    assert db.session.scalar(select(func.count(Speaker.id))) == 3
