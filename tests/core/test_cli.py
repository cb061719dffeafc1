from sqlalchemy import func, select

from core.extensions import db
from core.models import User
from events.models import Event
from ticketing.booking.capacity import ticket_types_for


def test_users_create_makes_an_organizer_with_roles(runner, app_ctx):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "Tuer@Example.org",
            "--role",
            "checkin",
            "--role",
            "program",
            "--password",
            "lang-genug-1",
        ]
    )

    user = db.session.scalar(select(User))
    assert result.exit_code == 0, result.output
    assert (user.email, user.roles) == ("tuer@example.org", frozenset({"checkin", "program"}))


def test_users_create_refuses_duplicates_short_passwords_and_unknown_roles(runner, app_ctx):
    runner.invoke(args=["users", "create", "a@example.org", "--role", "admin", "--password", "lang-genug-1"])

    twice = runner.invoke(args=["users", "create", "a@example.org", "--role", "admin", "--password", "lang-genug-1"])
    short = runner.invoke(args=["users", "create", "b@example.org", "--role", "admin", "--password", "kurz"])
    unknown = runner.invoke(args=["users", "create", "c@example.org", "--role", "root", "--password", "lang-genug-1"])

    assert (twice.exit_code, short.exit_code, unknown.exit_code) == (1, 1, 2)
    assert "email taken" in twice.output and "password too short" in short.output
    assert db.session.scalar(select(func.count(User.id))) == 1


def test_users_create_can_generate_a_password_that_logs_in(runner, client, app_ctx):
    from tests.factories import submit

    result = runner.invoke(args=["users", "create", "neu@example.org", "--role", "admin", "--generate"])
    password = result.output.split("Password: ")[1].strip()

    response = submit(client, "/login", {"email": "neu@example.org", "password": password})

    assert response.status_code == 302


def test_demo_seed_builds_noerd_and_the_regionalkonferenz_once(runner, app_ctx):
    first = runner.invoke(args=["demo", "seed"])
    second = runner.invoke(args=["demo", "seed"])

    events = {e.slug: e for e in db.session.scalars(select(Event))}
    noerd, smart_city = events["noerd"], events["regionalkonferenz-smart-city"]
    assert "Demo data created." in first.output and "Organizer login: admin@treffpunkt.example / " in first.output
    assert "Partner login:   partner@treffpunkt.example / " in first.output
    assert "Demo data already present." in second.output and len(events) == 4  # with the past Regionalkonferenz
    assert [t.name for t in ticket_types_for(noerd)] == ["Tag 1", "Tag 2", "Beide Tage", "Referent*in"]
    assert not ticket_types_for(noerd)[-1].is_public  # the speakers' tickets, outside the public quotas
    assert [q.name for q in ticket_types_for(noerd)[2].quotas] == ["Halle Tag 1", "Halle Tag 2"]
    assert {r.name for r in noerd.rooms} >= {"NØRD Forum", "NØRD Workzone", "NØRD Lounge"}
    assert len(noerd.days) == 2 and len(smart_city.days) == 1
    assert smart_city.local(smart_city.starts_at).hour == 13 and smart_city.local(smart_city.ends_at).hour == 18
    assert (smart_city.days[0] - smart_city.local(smart_city.registration_closes_at).date()).days == 2
    assert ticket_types_for(smart_city)[0].seats_left == 0  # sold out, as the demo's waiting list says
    assert len(smart_city_tickets(smart_city)) == 80
    assert all(e.registration_state(e.created_at) == "open" for e in events.values() if e.ends_at > e.created_at)


def smart_city_tickets(event):
    from ticketing.models import Ticket

    booked = select(Ticket).where(Ticket.event_id == event.id, Ticket.state == "valid", ~Ticket.is_complimentary)
    return list(db.session.scalars(booked))  # the speakers' own tickets are not counted


def test_users_create_refuses_what_the_login_form_would_refuse(runner, app_ctx):
    result = runner.invoke(args=["users", "create", "not-an-email", "--role", "admin", "--password", "lang-genug-1"])

    assert result.exit_code == 1
    assert result.output.strip() == 'Error: "not-an-email" is not an email address.'
    assert db.session.scalar(select(func.count(User.id))) == 0
