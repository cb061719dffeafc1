"""The audit log page: who did what when, filtered and paged; rows about anonymised people lose their text."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from cockpit.audit import queries
from core.extensions import db
from core.models import AuditLog
from core.services import record_action
from tests.factories import csrf_from, login, make_event, make_user
from tests.ticketing.booking_helpers import book, event_on_sale, person
from ticketing.attendees.retention import anonymise_ended_events


@pytest.fixture
def admin(app_ctx, client):
    user = make_user("chefin@example.org", roles=("admin",))
    client.get("/language/en")
    login(client, "chefin@example.org")
    return user


def rows_on(page: str) -> list[str]:
    """The action column of the page's table, top to bottom."""
    import re

    return re.findall(r"<td><code>([^<]+)</code></td>", page)


def add_rows(user, count: int, action="event.update", at=None) -> None:
    for n in range(count):
        record_action(user, action, f"noerd {n}")
        if at is not None:
            db.session.flush()
            db.session.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first().at = at
    db.session.commit()


def test_real_actions_show_who_did_what(admin, client):
    make_event("noerd")  # written by nobody: the system
    event = make_event("regio", name="Regionalkonferenz")
    token = csrf_from(client.get(f"/manage/events/{event.id}").text)
    client.post(f"/manage/events/{event.id}/status/draft", data={"csrf_token": token})

    page = client.get("/manage/audit/").text

    assert "event.create" in rows_on(page) and "System" in page
    by_her = client.get(f"/manage/audit/?user={admin.id}").text
    assert all(action.startswith("event.") for action in rows_on(by_her))
    assert "chefin@example.org" in by_her


def test_filters_by_person_kind_object_and_dates(admin, client, app_ctx):
    other = make_user("helfer@example.org", roles=("program",))
    long_ago = datetime(2026, 1, 10, 12, tzinfo=UTC)
    add_rows(admin, 3, "event.update")
    add_rows(other, 2, "room.save", at=long_ago)
    record_action(admin, "ticket.cancel", "noerd: ticket 17, booking 5", subject=("ticket", 17))
    record_action(admin, "ticket.cancel", "noerd: ticket 170, booking 50", subject=("ticket", 170))
    db.session.commit()

    assert rows_on(client.get(f"/manage/audit/?user={other.id}").text) == ["room.save"] * 2
    assert rows_on(client.get("/manage/audit/?action=room").text) == ["room.save"] * 2
    assert rows_on(client.get("/manage/audit/?action=ticket.cancel").text) == ["ticket.cancel"] * 2
    assert rows_on(client.get("/manage/audit/?object=ticket+17").text) == ["ticket.cancel"]
    assert rows_on(client.get("/manage/audit/?object=noerd+1").text).count("event.update") == 1
    january = client.get("/manage/audit/?since=2026-01-10&until=2026-01-10").text
    assert rows_on(january) == ["room.save"] * 2
    assert rows_on(client.get("/manage/audit/?until=2026-01-09").text) == []


def test_bad_filter_input_gets_a_message_and_no_error(admin, client):
    add_rows(admin, 2)

    answers = [
        client.get(query)
        for query in (
            "/manage/audit/?since=gestern",
            "/manage/audit/?since=0001-01-01",
            "/manage/audit/?user=999999",
            "/manage/audit/?action=%25",
            "/manage/audit/?before=-3",
            "/manage/audit/?before=abc",
            "/manage/audit/?before=99999999999999999999999",
            "/manage/audit/?object=%25_",
        )
    ]

    assert [answer.status_code for answer in answers] == [200] * 8
    assert "Please correct the marked fields." in answers[0].text and "2000" in answers[1].text
    assert rows_on(answers[0].text) == ["event.update"] * 2  # the bad field is left out, the rest applies
    assert rows_on(answers[7].text) == []  # % and _ are plain characters


def test_pages_by_key_newest_first(admin, client, app_ctx):
    add_rows(admin, queries.PER_PAGE + 5)
    add_rows(admin, 2, at=datetime(2026, 1, 10, 12, tzinfo=UTC))  # written late about something early
    ids = db.session.scalars(select(AuditLog.id).order_by(AuditLog.at.desc(), AuditLog.id.desc())).all()

    first = queries.audit_page(queries.AuditFilter())
    second = queries.audit_page(queries.AuditFilter(), before=first.next_before)

    assert [row.id for row in first.rows + second.rows] == ids
    assert second.next_before is None and len(second.rows) == 7
    page = client.get("/manage/audit/").text
    assert f"before={first.next_before}" in page and 'rel="next"' in page
    last = client.get(f"/manage/audit/?before={first.next_before}").text
    assert len(rows_on(last)) == 7 and 'rel="next"' not in last and "Newest entries" in last


def test_filters_are_kept_while_paging(admin, client, app_ctx):
    add_rows(admin, queries.PER_PAGE + 1, "room.save")
    add_rows(admin, 5, "event.update")

    page = client.get("/manage/audit/?action=room").text

    assert "action=room" in page.split('rel="next"')[0].rsplit("href=", 1)[1]


def test_retention_blanks_rows_about_anonymised_tickets(admin, client, app):
    event, ticket_type = event_on_sale(seats=5, slug="regio")
    booking = book(event, [person(ticket_type, name="Greta Gast", email="greta@example.org")])
    ticket = booking.tickets[0]
    # A row naming the holder (a message log, say), and a real cancellation through the attendee list.
    record_action(
        admin, "attendees.note", f"Greta Gast <greta@example.org>, ticket {ticket.id}", subject=("ticket", ticket.id)
    )
    record_action(admin, "event.update", "regio: Greta Gast spoke")  # not about a ticket: untouched
    db.session.commit()
    token = csrf_from(client.get(f"/manage/events/{event.id}/attendees/").text)
    client.post(f"/manage/events/{event.id}/attendees/{ticket.id}/cancel", data={"csrf_token": token})
    about_ticket = client.get(f"/manage/audit/?object=ticket+{ticket.id}").text
    assert "Greta Gast" in about_ticket and "ticket.cancel" in rows_on(about_ticket)

    after_retention = event.ends_at + timedelta(days=app.config["RETENTION_DAYS"] + 1)
    anonymise_ended_events(after_retention, retention=timedelta(days=app.config["RETENTION_DAYS"]))
    db.session.commit()

    targets = dict(db.session.execute(select(AuditLog.action, AuditLog.target)).all())
    assert targets["attendees.note"] == f"ticket {ticket.id}" and targets["ticket.cancel"] == f"ticket {ticket.id}"
    assert targets["event.update"] == "regio: Greta Gast spoke"
    assert "greta" not in client.get(f"/manage/audit/?object=ticket+{ticket.id}").text.lower()
