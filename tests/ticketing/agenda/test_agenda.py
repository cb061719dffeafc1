"""The agenda over HTTP: the ticket holder's page (add, remove, CSRF), the secret feed and its new link, and the
visitor's feed built from contribution ids."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import icalendar
import pytest
import requests
import vobject
from sqlalchemy import select

from core.extensions import db
from events.program import placing as program
from tests.factories import csrf_from
from tests.live_server import gunicorn_server_fixture  # noqa: F401 (the gunicorn_server fixture)
from tests.ticketing.agenda_helpers import at, published_program
from ticketing.booking import bookings as booking
from ticketing.models.program import AgendaItem, WorkshopSignup

FEED_URL = re.compile(r'value="(http://[^"]+/agenda/([A-Za-z0-9_-]+)\.ics)"')


@pytest.fixture
def noerd(app_ctx, client):
    client.get("/language/en")  # assert on the English texts, whatever the German catalog says
    return published_program()


@pytest.fixture
def vobject_timezones():
    """vobject keeps every VTIMEZONE it reads in a process-wide map by TZID: restore it after the test."""
    registry = vars(vobject.icalendar)["__tzidMap"]
    saved = dict(registry)
    yield
    registry.clear()
    registry.update(saved)


def agenda_url(noerd) -> str:
    return f"/t/{noerd.ticket.access_token}/agenda"


def post(client, noerd, action, contribution_id):
    page = client.get(agenda_url(noerd))
    data = {"csrf_token": csrf_from(page.text), "contribution_id": contribution_id}
    return client.post(f"{agenda_url(noerd)}/{action}", data=data, follow_redirects=True)


def marked(noerd) -> list[int]:
    query = select(AgendaItem.contribution_id).where(AgendaItem.ticket_id == noerd.ticket.id)
    return sorted(db.session.scalars(query))


def feed_of(client, noerd):
    response = client.get(f"/agenda/{noerd.ticket.feed_token}.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return response.data


def test_ticket_page_links_to_the_agenda(client, noerd):
    page = client.get(f"/t/{noerd.ticket.access_token}")

    assert 'id="agenda-heading">My agenda</h2>' in page.text
    assert f'href="/t/{noerd.ticket.access_token}/agenda"' in page.text


def test_agenda_page_offers_the_program_and_the_private_feed(client, noerd):
    page = client.get(agenda_url(noerd))

    assert page.status_code == 200
    assert page.text.count('name="contribution_id"') == 3  # the three scheduled contributions, each with Add
    assert "Noch ohne Platz" not in page.text
    url, token = FEED_URL.search(page.text).groups()
    assert token == noerd.ticket.feed_token
    assert url == f"http://127.0.0.1:5000/agenda/{token}.ics"
    assert f'href="webcal://127.0.0.1:5000/agenda/{token}.ics"' in page.text
    assert "This link is private" in page.text


def test_add_and_remove_through_the_page(client, noerd):
    keynote = noerd.talks["Eröffnung"]

    added = post(client, noerd, "add", keynote.id)

    assert added.status_code == 200
    assert "Added to your agenda: Eröffnung" in added.text
    assert marked(noerd) == [keynote.id]
    assert added.text.count("Remove<span") == 2  # in "Your agenda" and beside it in the program

    removed = post(client, noerd, "remove", keynote.id)

    assert "Removed from your agenda." in removed.text
    assert marked(noerd) == []


def test_adding_without_the_csrf_token_is_refused(client, noerd):
    response = client.post(f"{agenda_url(noerd)}/add", data={"contribution_id": noerd.talks["Eröffnung"].id})

    assert response.status_code == 400
    assert marked(noerd) == []


def test_a_wrong_token_is_a_404(client, noerd):
    page = client.get(agenda_url(noerd))
    data = {"csrf_token": csrf_from(page.text), "contribution_id": noerd.talks["Eröffnung"].id}

    assert client.get("/t/not-a-token/agenda").status_code == 404
    assert client.post("/t/not-a-token/agenda/add", data=data).status_code == 404
    assert marked(noerd) == []


def test_another_events_contribution_is_refused_with_a_message(client, noerd):
    other = published_program("smart-city").talks["Eröffnung"]

    response = post(client, noerd, "add", other.id)

    assert response.status_code == 200
    assert "This contribution is not in the published program of your ticket&#39;s event." in response.text
    assert marked(noerd) == []


@pytest.mark.parametrize("value", ["", "abc", "0", "99999999999"])
def test_a_malformed_contribution_id_gets_a_message_not_an_error(client, noerd, value):
    response = post(client, noerd, "add", value)

    assert response.status_code == 200
    assert "Please choose a contribution." in response.text


def test_feed_is_valid_ical_for_both_readers_with_the_schedules_uids(client, noerd, vobject_timezones):
    keynote, talk = noerd.talks["Eröffnung"], noerd.talks["Tag zwei"]
    post(client, noerd, "add", keynote.id)
    post(client, noerd, "add", talk.id)

    body = feed_of(client, noerd)

    calendar = icalendar.Calendar.from_ical(body)
    schedule = icalendar.Calendar.from_ical(client.get("/e/noerd/schedule.ics").data)
    uids = sorted(str(v["UID"]) for v in calendar.walk("VEVENT"))
    assert uids == sorted(str(v["UID"]) for v in schedule.walk("VEVENT") if str(v["SUMMARY"]) != "Threat Modeling")
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert b"DTSTART;TZID=Europe/Berlin:" in body
    parsed = vobject.readOne(body.decode())  # the second reader
    starts = {v.summary.value: v.dtstart.value for v in parsed.vevent_list}
    assert starts == {"Eröffnung": at(noerd.event, 9), "Tag zwei": at(noerd.event, 14, day=1)}


def test_feed_follows_a_moved_contribution(client, noerd):
    talk = noerd.talks["Tag zwei"]
    post(client, noerd, "add", talk.id)
    (before,) = icalendar.Calendar.from_ical(feed_of(client, noerd)).walk("VEVENT")

    program.schedule(talk, talk.room, at(noerd.event, 16, day=1), actor=None)
    db.session.commit()
    (after,) = icalendar.Calendar.from_ical(feed_of(client, noerd)).walk("VEVENT")

    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after.decoded("DTSTART") == at(noerd.event, 16, day=1)


def test_feed_includes_a_signed_up_workshop(client, noerd):
    db.session.add(WorkshopSignup(ticket=noerd.ticket, contribution=noerd.talks["Threat Modeling"]))
    db.session.commit()

    calendar = icalendar.Calendar.from_ical(feed_of(client, noerd))

    assert [str(v["SUMMARY"]) for v in calendar.walk("VEVENT")] == ["Threat Modeling"]
    assert "Workshop seat" in client.get(agenda_url(noerd)).text


def test_unknown_feed_token_and_a_cancelled_tickets_feed_are_404(client, noerd):
    assert client.get("/agenda/not-a-token.ics").status_code == 404

    booking.cancel_ticket(noerd.ticket, now=noerd.ticket.created_at)
    db.session.commit()

    assert client.get(f"/agenda/{noerd.ticket.feed_token}.ics").status_code == 404


def test_rotating_the_feed_link_retires_the_old_one(client, noerd):
    old = noerd.ticket.feed_token
    page = client.get(agenda_url(noerd))

    response = client.post(
        f"{agenda_url(noerd)}/feed", data={"csrf_token": csrf_from(page.text)}, follow_redirects=True
    )

    new = FEED_URL.search(response.text).group(2)
    assert "the old one no longer works" in response.text
    assert new != old
    assert client.get(f"/agenda/{old}.ics").status_code == 404
    assert client.get(f"/agenda/{new}.ics").status_code == 200


def test_a_ticket_without_a_feed_secret_can_create_one(client, noerd):
    noerd.ticket.feed_token = None
    db.session.commit()
    page = client.get(agenda_url(noerd))
    assert FEED_URL.search(page.text) is None

    response = client.post(
        f"{agenda_url(noerd)}/feed", data={"csrf_token": csrf_from(page.text)}, follow_redirects=True
    )

    db.session.refresh(noerd.ticket)
    assert FEED_URL.search(response.text).group(2) == noerd.ticket.feed_token
    assert client.get(f"/agenda/{noerd.ticket.feed_token}.ics").status_code == 200


def test_rotating_needs_the_csrf_token(client, noerd):
    old = noerd.ticket.feed_token

    assert client.post(f"{agenda_url(noerd)}/feed").status_code == 400
    db.session.refresh(noerd.ticket)
    assert noerd.ticket.feed_token == old


def test_the_holder_who_deleted_their_data_has_no_agenda_or_feed(client, noerd):
    post(client, noerd, "add", noerd.talks["Eröffnung"].id)
    feed = f"/agenda/{noerd.ticket.feed_token}.ics"
    booking.delete_attendee_data(noerd.ticket, now=noerd.ticket.created_at)
    db.session.commit()

    assert client.get(agenda_url(noerd)).status_code == 404
    assert client.get(feed).status_code == 404
    assert marked(noerd) == []  # what they chose to see is gone with their name
    assert noerd.ticket.feed_token is None


def test_before_the_program_is_published_the_page_says_so_and_the_feed_is_empty(client, app_ctx):
    client.get("/language/en")
    unpublished = published_program(publish=False)

    page = client.get(agenda_url(unpublished))
    feed = icalendar.Calendar.from_ical(client.get(f"/agenda/{unpublished.ticket.feed_token}.ics").data)

    assert "The program is not published yet." in page.text
    assert 'name="contribution_id"' not in page.text
    assert feed.walk("VEVENT") == []


def test_a_double_click_on_add_stores_one_item_and_no_request_fails(app_ctx, gunicorn_server):
    noerd = published_program()
    url, keynote_id = gunicorn_server.url + agenda_url(noerd), noerd.talks["Eröffnung"].id
    db.session.commit()  # end the read: on SQLite the test's open transaction would block the server's writers
    with requests.Session() as browser:
        token = csrf_from(browser.get(url, timeout=30).text)
        barrier = threading.Barrier(6)

        def press_add(_):
            barrier.wait(timeout=30)
            data = {"csrf_token": token, "contribution_id": keynote_id}
            return browser.post(f"{url}/add", data=data, allow_redirects=False, timeout=60).status_code

        with ThreadPoolExecutor(max_workers=6) as pool:
            statuses = list(pool.map(press_add, range(6)))

    assert statuses == [302] * 6, gunicorn_server.log()
    assert marked(noerd) == [keynote_id]


# The visitor without a ticket -------------------------------------------------------------------------------------


def test_visitor_feed_lists_the_chosen_contributions_of_this_event_only(client, noerd):
    keynote, talk = noerd.talks["Eröffnung"], noerd.talks["Tag zwei"]
    other = published_program("smart-city").talks["Eröffnung"]
    unplaced = noerd.talks["Noch ohne Platz"]

    response = client.get(f"/e/noerd/agenda.ics?c={talk.id},{keynote.id},{other.id},{unplaced.id},{talk.id}")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.data)
    assert [str(v["SUMMARY"]) for v in calendar.walk("VEVENT")] == ["Eröffnung", "Tag zwei"]


@pytest.mark.parametrize("query", ["", "?c=", "?c=abc", "?c=1;2", "?c=1,,2", "?c=99999999999", "?c=-3"])
def test_visitor_feed_with_bad_ids_is_a_clear_400(client, noerd, query):
    response = client.get(f"/e/noerd/agenda.ics{query}")

    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert response.text == "The address must list contribution numbers separated by commas, e.g. ?c=12,15.\n"


def test_visitor_feed_caps_the_number_of_ids(client, noerd):
    response = client.get("/e/noerd/agenda.ics?c=" + ",".join(str(n) for n in range(1, 102)))

    assert response.status_code == 400
    assert response.text == "A feed can hold at most 100 contributions.\n"


def test_visitor_pages_need_a_published_schedule(client, app_ctx):
    unpublished = published_program(publish=False)

    assert client.get("/e/noerd/agenda").status_code == 404
    assert client.get(f"/e/noerd/agenda.ics?c={unpublished.talks['Eröffnung'].id}").status_code == 404


def test_schedule_pages_carry_hidden_bookmark_toggles_and_the_saved_page_its_feed_address(client, noerd):
    keynote = noerd.talks["Eröffnung"]

    grid = client.get(f"/e/noerd/schedule?day={noerd.event.days[0].isoformat()}")
    listed = client.get(f"/e/noerd/schedule?day={noerd.event.days[0].isoformat()}&view=list")
    detail = client.get(f"/e/noerd/contributions/{keynote.id}")
    saved = client.get("/e/noerd/agenda")

    toggle = f'data-save="{keynote.id}" aria-pressed="false" hidden>Bookmark<span class="visually-hidden"> Eröffnung'
    assert toggle in grid.text and toggle in listed.text and toggle in detail.text
    assert 'src="/static/js/agenda.js"' in grid.text
    assert saved.status_code == 200
    assert 'data-feed="http://127.0.0.1:5000/e/noerd/agenda.ics"' in saved.text
    assert 'data-api="/api/events/noerd/contributions"' in saved.text
