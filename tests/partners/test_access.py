"""Who may open which partner and organizer page: every route under /partner and /manage has a row in the table
(access_rows_portal.py, access_rows_review.py), and each role gets exactly the answer its row expects."""

from datetime import datetime, time

import pytest

from core.db import utcnow
from core.extensions import db
from events import services
from events.models import Room
from events.program.models import Contribution, Speaker, Track
from partners.models import BoothStaff, Invitation, OrganizationMessage
from partners.portal import accounts
from tests.cockpit import access_rows as cockpit_rows
from tests.cockpit.badges import access_rows as badges_rows
from tests.cockpit.messages import access_rows as messages_rows
from tests.cockpit.users import access_rows as users_rows
from tests.events.program.planner import access_rows as planner_rows
from tests.factories import BERLIN, csrf_from, login, make_event, make_quota, make_ticket_type, make_user
from tests.partners import access_rows_portal, access_rows_review
from tests.partners.access_matrix import LOGIN, REFUSALS, ROLES
from tests.partners.portal_helpers import add_member, make_organization, make_package, make_partner
from tests.ticketing.worldcafe import access_rows as worldcafe_rows
from ticketing.models import Ticket

ROWS = access_rows_portal.ROWS + access_rows_review.ROWS + worldcafe_rows.ROWS + planner_rows.ROWS + cockpit_rows.ROWS
GUARDED = ("/partner", "/manage")
ACCOUNTS = {
    "member_of_a": "owner-a@firma-a.example",
    "member": "member-b@firma-b.example",
    "owner": "owner-b@firma-b.example",
    "checkin": "tuer@example.org",
    "program": "programm@example.org",
    "admin": "admin@example.org",
}


def guarded(rule: str) -> bool:
    return rule.startswith(GUARDED) and not rule.startswith("/partners")  # /partners is the public directory


def guarded_rules(app) -> set[str]:
    return {rule.rule for rule in app.url_map.iter_rules() if guarded(rule.rule)}


def test_every_partner_and_organizer_route_has_exactly_one_row(app):
    rows = [row.rule for row in ROWS]

    assert sorted(guarded_rules(app) - set(rows)) == [], "routes without a row in the access table"
    assert sorted(set(rows) - guarded_rules(app)) == [], "rows for routes that do not exist"
    assert len(rows) == len(set(rows)), "a route with two rows"


def test_rows_name_the_methods_their_routes_take(app):
    methods = {rule.rule: rule.methods for rule in app.url_map.iter_rules() if guarded(rule.rule)}

    wrong = [row.rule for row in ROWS if row.rule in methods and row.method not in methods[row.rule]]
    post_only = [row.rule for row in ROWS if row.rule in methods and "GET" not in methods[row.rule]]

    assert wrong == []
    assert sorted(post_only) == sorted(row.rule for row in ROWS if row.method == "POST")


def build_world() -> dict:
    """One event; organization B (approved) with an owner, a member and everything a partner route may touch;
    organization A whose owner plays "member of A"; organizer objects of the event; one account per role."""
    event = make_event()
    for role in ("checkin", "program", "admin"):
        make_user(ACCOUNTS[role], roles=(role,))
    owner_b, member_b = make_partner(ACCOUNTS["owner"], "Bea Owner"), make_partner(ACCOUNTS["member"], "Ben Member")
    package = make_package(event)
    b = make_organization(event, owner_b, "Hafenwerk eG", state="approved")
    add_member(b, member_b)
    make_organization(event, make_partner(ACCOUNTS["member_of_a"], "Anna Owner"), "Nordnetz GmbH")
    unconfirmed = make_partner("neu@firma-b.example", confirmed=False)
    quota = make_quota(event)
    ticket_type = make_ticket_type(event, [quota])
    question = services.save_question(event, label="Essen?", kind="text")
    b_id = b.id  # read before building objects: loading it would flush them half-made
    invitation = Invitation(organization=b, email="gast@firma-b.example", expires_at=utcnow().replace(year=2100))
    staff = BoothStaff(organization=b, name="Standkraft", email="stand@firma-b.example")
    message = OrganizationMessage(organization=b, state="approved", body="Willkommen!")
    room = Room(event=event, name="Forum", kind="stage", capacity=100)
    track, speaker = Track(event=event, name="KI"), Speaker(event=event, name="Ada")
    contribution = Contribution(event=event, title="Glasfaser", state="accepted", organization_id=b_id)
    ticket = Ticket(event=event, ticket_type=ticket_type, attendee_name="Gast", attendee_email="g@example.org")
    workshop = Contribution(event=event, title="Löten", format="workshop", state="accepted", seats=10, seats_taken=0)
    speaker_ticket = Ticket(event=event, ticket_type=ticket_type, attendee_name="Ada", state="valid")
    db.session.add_all(
        [invitation, staff, message, room, track, speaker, contribution, ticket, workshop, speaker_ticket]
    )
    db.session.flush()
    contribution.room, contribution.starts_at = room, datetime.combine(event.days[0], time(10), BERLIN)
    workshop.room, workshop.starts_at = room, datetime.combine(event.days[0], time(14), BERLIN)
    speaker.ticket_id = speaker_ticket.id
    cafe = worldcafe_rows.world_cafe(event, [ticket.id, speaker_ticket.id]) | planner_rows.proposal(event)
    # cockpit users (c4): an organizer account to act on
    cafe |= users_rows.world()
    # cockpit messages (c2): a draft message
    cafe |= messages_rows.world(event)
    # cockpit badges (c3): a finished badge job
    cafe |= badges_rows.world(event)
    db.session.commit()
    return {
        "event": event.id, "event_slug": event.slug, "organization": b_id, "user": member_b.id,
        "invitation": invitation.id, "invitation_token": invitation.token,
        "confirm_token": accounts.confirmation_token(unconfirmed), "reset_token": accounts.reset_token(owner_b),
        "package": package.id, "staff": staff.id, "message": message.id, "contribution": contribution.id,
        "room": room.id, "track": track.id, "speaker": speaker.id, "quota": quota.id, "ticket_type": ticket_type.id,
        "question": question.id, "ticket": ticket.id, "workshop": workshop.id, "event_day": event.days[0].isoformat(),
    } | cafe  # fmt: skip


def snapshot() -> dict:
    """Every row of every table: what a refused request must leave as it was."""
    db.session.expire_all()
    return {
        table.name: sorted(map(repr, db.session.execute(table.select()).all())) for table in db.metadata.sorted_tables
    }


def answer(response) -> int | str:
    if response.status_code == 302 and response.headers["Location"].startswith("/login"):
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_answer_its_rows_expect(client, app_ctx, role):
    world = build_world()
    if role != "anonymous":
        login(client, ACCOUNTS[role])
    token = csrf_from(client.get("/login").text)
    methods = {rule.rule: rule.methods for rule in client.application.url_map.iter_rules()}

    got, expected = {}, {}
    for row in ROWS:
        url, want = row.url(world), row.expected[role]
        if row.method == "GET":
            got[f"GET {url}"], expected[f"GET {url}"] = answer(client.get(url)), want
        if want in REFUSALS and "POST" in methods[row.rule]:
            before = snapshot()
            got[f"POST {url}"] = answer(client.post(url, data={"csrf_token": token}))
            expected[f"POST {url}"] = want
            assert snapshot() == before, f"POST {url} as {role} changed the database"

    differing = {k: f"got {v}, the table says {expected[k]}" for k, v in got.items() if expected[k] != v}
    assert differing == {}, f"answers differing from the table for {role}"


@pytest.mark.parametrize("role", ["anonymous", "owner"])
def test_an_empty_form_posted_to_any_partner_route_is_never_a_server_error(client, app_ctx, role):
    world = build_world()
    if role != "anonymous":
        login(client, ACCOUNTS[role])
    token = csrf_from(client.get("/login").text)
    methods = {rule.rule: rule.methods for rule in client.application.url_map.iter_rules()}

    answers = {
        row.url(world): client.post(row.url(world), data={"csrf_token": token}).status_code
        for row in ROWS
        if row.rule.startswith("/partner") and "POST" in methods[row.rule]
    }

    assert {url: status for url, status in answers.items() if status >= 500} == {}
    assert len(answers) >= 12
