import re

from core.extensions import db
from tests.factories import make_event, make_quota, make_ticket_type
from ticketing.booking import capacity

EXTERNAL = re.compile(r'(?:src|href|action)="(?:https?:)?//[^"]*"')


def test_visitor_sees_upcoming_events_in_german(client, app_ctx):
    make_event("noerd", name="NØRD Digital Convention")
    make_event("entwurf", name="Noch geheim", status="draft")

    page = client.get("/")

    assert page.status_code == 200
    assert '<html lang="de">' in page.text
    assert "Kommende Veranstaltungen" in page.text
    assert "NØRD Digital Convention" in page.text
    assert "Noch geheim" not in page.text


def test_event_page_shows_venue_days_window_and_seats_left(client, app_ctx):
    event = make_event("noerd", days=2)
    day1, day2 = make_quota(event, "Halle Tag 1", 100), make_quota(event, "Halle Tag 2", 50)
    make_ticket_type(event, [day1], "Tag 1")
    both = make_ticket_type(event, [day1, day2], "Beide Tage", days=event.days)
    make_ticket_type(event, [day1], "Standpersonal", is_public=False)
    capacity.take_seats(both, 3)
    db.session.commit()

    page = client.get("/e/noerd")

    assert page.status_code == 200
    assert "HanseMesse Rostock" in page.text
    assert "97 Plätze frei" in page.text  # Tag 1: 100 - 3
    assert "47 Plätze frei" in page.text  # Beide Tage: the day-2 hall has 50 - 3
    assert "Standpersonal" not in page.text
    assert "Anmeldung" in page.text and "geöffnet" in page.text
    for day in event.days:
        assert str(day.day) in page.text


def test_sold_out_ticket_type_says_so(client, app_ctx):
    event = make_event()
    quota = make_quota(event, seats=1)
    ticket = make_ticket_type(event, [quota])
    capacity.take_seats(ticket, 1)
    db.session.commit()

    assert "ausgebucht" in client.get("/e/noerd").text


def test_draft_and_unknown_events_are_not_found(client, app_ctx):
    make_event("geheim", status="draft")

    assert client.get("/e/geheim").status_code == 404
    assert client.get("/e/gibt-es-nicht").status_code == 404
    assert "Nicht gefunden" in client.get("/e/gibt-es-nicht").text


def test_language_switch_is_remembered(client, app_ctx):
    make_event()

    switched = client.get("/language/en", query_string={"next": "/e/noerd"})
    page = client.get("/e/noerd")

    assert switched.status_code == 302 and switched.headers["Location"] == "/e/noerd"
    assert '<html lang="en">' in page.text
    assert "Registration" in page.text
    assert "Kommende" not in client.get("/").text


def test_language_switch_refuses_foreign_redirects_and_unknown_languages(client, app_ctx):
    response = client.get("/language/fr", query_string={"next": "https://evil.example/"})

    assert response.headers["Location"] == "/"
    assert '<html lang="de">' in client.get("/").text


def test_every_page_links_impressum_and_privacy_policy(client, app_ctx):
    make_event()

    for url in ("/", "/e/noerd", "/login", "/impressum", "/datenschutz", "/e/nope"):
        html = client.get(url).text
        assert 'href="/impressum"' in html and 'href="/datenschutz"' in html, url


def test_pages_load_nothing_from_other_hosts(client, app_ctx):
    make_event()

    for url in ("/", "/e/noerd", "/login"):
        html = client.get(url).text
        assert EXTERNAL.findall(html) == [], url


def test_pages_have_skip_link_and_labelled_main(client, app_ctx):
    make_event()

    html = client.get("/e/noerd").text

    assert '<a class="skip-link" href="#content">Zum Inhalt springen</a>' in html
    assert '<main id="content"' in html


def test_public_pages_set_no_cookie_for_anonymous_visitors(client, app_ctx):
    make_event()

    responses = [client.get(url) for url in ("/", "/e/noerd", "/impressum")]

    assert [r.headers.get("Set-Cookie") for r in responses] == [None, None, None]
