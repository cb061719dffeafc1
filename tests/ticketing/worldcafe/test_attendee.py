"""The attendee's side through the test client: ranking topics on the ticket page (plain selects), opting in, the
rotation on the ticket page once published, and the rotation page behind its own token."""

from datetime import timedelta

import icalendar
import pytest

from core.db import utcnow
from core.extensions import db
from tests.factories import csrf_from
from tests.ticketing.worldcafe.helpers import latin_plan, make_cafe
from ticketing.agenda.personal import rotate_feed_token
from ticketing.worldcafe.attendee import choices
from ticketing.worldcafe.attendee.rotation import rotation_token, rotation_url
from ticketing.worldcafe.plan import plans


@pytest.fixture
def made(app_ctx):
    return make_cafe()


def ticket_page(client, ticket):
    return client.get(f"/t/{ticket.access_token}")


def rank(client, ticket, cafe_id, ranks, *, with_token=True):
    data = {f"rank_{i}": key for i, key in enumerate(ranks, start=1)}
    if with_token:
        data["csrf_token"] = csrf_from(client.get("/login").text)  # any page with a form has the session's token
    return client.post(f"/t/{ticket.access_token}/worldcafe/{cafe_id}/choices", data=data, follow_redirects=True)


def test_ticket_page_offers_one_select_per_rank(client, made):
    page = ticket_page(client, made.ticket(0))

    assert page.status_code == 200
    assert page.text.count('<select id="cafe-') == 3
    assert '<option value="mobility" selected>Nachhaltige Mobilität</option>' in page.text


def test_attendee_ranks_topics(client, made):
    answer = rank(client, made.ticket(0), made.cafe_id, ["security", "mobility", ""])

    assert "Ihre Themenwahl ist gespeichert." in answer.text
    assert choices.choice_of(made.cafe, made.ticket(0)) == ["security", "mobility"]


@pytest.mark.parametrize(
    ("ranks", "message"),
    [
        (["security", "security"], "Bitte wählen Sie jedes Thema nur einmal."),
        (["energie"], "Bitte wählen Sie nur Themen dieses World Cafés."),
    ],
)
def test_bad_rankings_get_a_message_and_change_nothing(client, made, ranks, message):
    answer = rank(client, made.ticket(0), made.cafe_id, ranks)

    assert message in answer.text
    assert choices.choice_of(made.cafe, made.ticket(0)) == ["mobility", "education", "security"]


def test_ranking_after_the_deadline_is_refused_and_the_page_says_choices_are_closed(client, made):
    made.cafe.choice_deadline = utcnow() - timedelta(hours=1)
    db.session.commit()

    answer = rank(client, made.ticket(0), made.cafe_id, ["security"])

    assert "Die Frist für die Themenwahl ist abgelaufen." in answer.text
    assert "Die Themenwahl ist geschlossen." in answer.text
    assert choices.choice_of(made.cafe, made.ticket(0)) == ["mobility", "education", "security"]


def test_ranking_without_csrf_token_is_refused(client, made):
    answer = rank(client, made.ticket(0), made.cafe_id, ["security"], with_token=False)

    assert answer.status_code == 400
    assert choices.choice_of(made.cafe, made.ticket(0)) == ["mobility", "education", "security"]


def test_another_events_cafe_or_a_wrong_token_is_not_found(client, made):
    other = make_cafe(slug="andere")

    wrong_cafe = rank(client, made.ticket(0), other.cafe_id, ["security"])
    wrong_token = client.post("/t/nope/worldcafe/1/choices", data={"csrf_token": csrf_from(client.get("/login").text)})

    assert (wrong_cafe.status_code, wrong_token.status_code) == (404, 404)


def test_opt_in_cafe_offers_joining_then_ranking(client, made):
    made.cafe.participation = "opt_in"
    db.session.commit()
    ticket = made.ticket(0)

    before = ticket_page(client, ticket)
    joined = client.post(f"/t/{ticket.access_token}/worldcafe/{made.cafe_id}/join",
                         data={"csrf_token": csrf_from(before.text)}, follow_redirects=True)  # fmt: skip

    assert "Teilnehmen" in before.text and '<select id="cafe-' not in before.text
    assert "Sie nehmen am World Café teil." in joined.text
    assert joined.text.count('<select id="cafe-') == 3


def test_published_rotation_shows_on_the_ticket_page_and_the_rotation_page(client, made):
    plans.store_draft(made.cafe, latin_plan(made))
    plans.publish(made.cafe, now=utcnow())
    db.session.commit()
    ticket = made.ticket(0)

    page = ticket_page(client, ticket)
    card = client.get(f"/rotation/{rotation_token(ticket)}")

    for text in (page.text, card.text):
        assert "Runde 1, 13:30: Tisch 1 – Nachhaltige Mobilität" in text
        assert "Runde 2, 13:55: Tisch 2 – Bildung" in text
        assert "Runde 3, 14:20: Tisch 3 – (Cyber-)Sicherheit" in text
    assert ticket.secret not in rotation_url(ticket) and ticket.access_token not in rotation_url(ticket)
    assert rotation_url(ticket) == rotation_url(ticket)


def test_rotation_page_refuses_forged_tokens(client, made):
    forged = rotation_token(made.ticket(0))[:-2] + "xx"

    assert client.get(f"/rotation/{forged}").status_code == 404
    assert client.get("/rotation/1").status_code == 404


def test_published_rotation_is_in_the_personal_calendar_feed(client, made):
    plans.import_plan(made.cafe, {"rounds": latin_plan(made)})
    plans.publish(made.cafe, now=utcnow(), notify=False)
    ticket = made.ticket(0)
    rotate_feed_token(ticket)  # the holder opens "My agenda", which makes the feed's secret
    db.session.commit()

    feed = icalendar.Calendar.from_ical(client.get(f"/agenda/{ticket.feed_token}.ics").data)

    rounds = sorted((e.decoded("dtstart"), str(e["summary"])) for e in feed.walk("VEVENT"))
    assert [summary for _start, summary in rounds] == [
        "World Café: Smart-City-Charta, Runde 1: Tisch 1 – Nachhaltige Mobilität",
        "World Café: Smart-City-Charta, Runde 2: Tisch 2 – Bildung",
        "World Café: Smart-City-Charta, Runde 3: Tisch 3 – (Cyber-)Sicherheit",
    ]
    assert rounds[1][0] - rounds[0][0] == timedelta(minutes=25)  # 20 minutes a round, 5 to change tables
