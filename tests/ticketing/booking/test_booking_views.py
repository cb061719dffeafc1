"""The public booking pages through the test client, as a visitor uses them, with every mail delivered by a real
SMTP server on loopback and every link taken from the mail that arrived."""

import re
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from babel.dates import format_datetime
from sqlalchemy import func, select

from core.db import utcnow
from core.extensions import db
from core.mail.delivery import mail_settings_from, send_pending
from core.mail.outbox import OutboxMail
from tests.factories import BERLIN, csrf_from, login, make_ticket_type, make_user, submit
from tests.smtp import smtp_server_fixture  # noqa: F401 (the smtp_server fixture)
from tests.ticketing.booking_helpers import book, event_on_sale, person
from ticketing.booking import bookings as booking
from ticketing.booking import capacity, mails, waitlist
from ticketing.models import Booking, Ticket, WaitlistEntry

BOOK = "/e/noerd/book"
NOT_FOUND = ("Nicht gefunden", "Unter dieser Adresse gibt es keine Seite.")
ERIKA = {"name": "Erika Mustermann", "email": "erika@example.org", "organization": "Stadtwerke Rostock"}
JONAS = {"name": "Jonas Weber", "email": "jonas@example.org", "organization": "Hochschule Wismar"}


class PageReader(HTMLParser):
    """What a visitor sees of a page: POST forms (hidden fields, filled-in values, fieldset legends, buttons), links,
    flash messages, notices and error messages.

    The language switch in the header is left out: it is on every page.
    """

    def __init__(self, html: str):
        super().__init__()
        self.forms: list[dict] = []
        self.links: dict[str, str] = {}
        self.errors: list[str] = []
        self.flashes: list[str] = []
        self.notices: list[str] = []
        self._form: dict | None = None
        self._in_summary = False
        self._open: list[tuple[str, object, str, list[str]]] = []  # tag, where the text goes, key, text so far
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        css = (attrs.get("class") or "").split()
        if tag == "form":
            is_action = attrs.get("method") == "post" and attrs.get("action") != "/language"
            self._form = {"action": attrs.get("action"), "fields": {}, "values": {}, "legends": [], "buttons": []}
            self._form = self._form if is_action else None
            if is_action:
                self.forms.append(self._form)
        elif tag == "input" and self._form is not None:
            kind = "fields" if attrs.get("type") == "hidden" else "values"
            self._form[kind][attrs["name"]] = attrs.get("value", "")
        elif tag in ("button", "legend") and self._form is not None:
            self._open.append((tag, self._form[f"{tag}s"], "", []))
        elif tag == "a" and attrs.get("href"):
            self._open.append((tag, self.links, attrs["href"], []))
        elif tag == "div" and "error-summary" in css:
            self._in_summary = True
        elif tag == "p":
            kind = (
                "error"
                if "error" in css or self._in_summary
                else next((c for c in css if c in ("flash", "notice")), "")
            )
            target = {"error": self.errors, "flash": self.flashes, "notice": self.notices}.get(kind)
            if target is not None:
                self._open.append((tag, target, "", []))

    def handle_data(self, data):
        for *_, text in self._open:
            text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "div":
            self._in_summary = False
        if self._open and self._open[-1][0] == tag:
            _, target, key, text = self._open.pop()
            words = " ".join("".join(text).split())
            if isinstance(target, dict):
                target[words] = key
            else:
                target.append(words)


def read(response) -> PageReader:
    return PageReader(response.text)


def path_of(url: str) -> str:
    """A link from a mail as the test client requests it (mails carry BASE_URL's host)."""
    return urlsplit(url).path


def links_to(message, fragment: str) -> list[str]:
    return [
        path_of(url)
        for url in re.findall(r"https?://\S+", message.get_body(("plain",)).get_content())
        if fragment in url
    ]


def attendee(n: int, ticket_type, person: dict, stakeholder_group="administration") -> dict:
    fields = {**person, "stakeholder_group": stakeholder_group, "ticket_type_id": str(ticket_type.id)}
    return {f"attendees-{n}-{key}": value for key, value in fields.items()}


def booking_form(client, ticket_type, people=(ERIKA,), *, consent=True) -> dict:
    """Open the booking form and fill it in the way a visitor does."""
    data = dict(read(client.get(BOOK)).forms[0]["fields"])
    for n, someone in enumerate(people):
        data |= attendee(n, ticket_type, someone)
    return data | ({"consent_privacy": "y"} if consent else {}) | {"submit": "1"}


def post_with_csrf(client, path: str, data=None, *, follow_redirects=False):
    """Press a one-button form: the CSRF token comes from a page, as in a browser."""
    token = csrf_from(client.get("/login").text)  # any page with a form carries the session's token
    return client.post(path, data={"csrf_token": token, **(data or {})}, follow_redirects=follow_redirects)


def bookings() -> int:
    return db.session.scalar(select(func.count(Booking.id)))


def queued() -> int:
    return db.session.scalar(select(func.count(OutboxMail.id)))


@pytest.fixture
def deliver(app_ctx, smtp_server):
    """Send the outbox to the loopback SMTP server, as `flask mail send` does; returns the messages that arrived."""
    app_ctx.config.update(MAIL_BACKEND="smtp", MAIL_SERVER=smtp_server.host, MAIL_PORT=smtp_server.port)

    def run():
        before = len(smtp_server.messages)
        report = send_pending(now=utcnow(), smtp_settings=mail_settings_from(app_ctx.config))
        assert (report.retried, report.failed, report.skipped) == (0, 0, 0)
        return smtp_server.wait_for(before + report.sent)[before:]

    return run


def confirmed_booking(people=(ERIKA, JONAS), seats=10):
    """A booking confirmed through the services, for tests that start after the opt-in."""
    event, tag1 = event_on_sale(seats=seats)
    attendees = [person(tag1, n, **someone) for n, someone in enumerate(people)]
    made = book(event, attendees)
    booking.confirm_booking(made, now=utcnow())
    db.session.commit()
    return event, tag1, made


def test_booking_for_oneself_and_a_colleague_is_confirmed_by_mail_and_each_holder_gets_their_ticket(
    client, app_ctx, deliver
):
    event, tag1 = event_on_sale(seats=10)
    form = read(client.get(BOOK)).forms[0]
    with_colleague = client.post(BOOK, data=form["fields"] | attendee(0, tag1, ERIKA) | {"add_attendee": "1"})
    form = read(with_colleague).forms[0]

    booked = client.post(
        BOOK,
        data=form["fields"]
        | attendee(0, tag1, ERIKA)
        | attendee(1, tag1, JONAS)
        | {"consent_privacy": "y", "submit": "1"},
    )
    check_mail = client.get(booked.headers["Location"])
    [confirmation] = deliver()

    assert (with_colleague.status_code, form["legends"]) == (
        200,
        ["Ticket 1: Sie selbst", "Ticket 2: Kollegin oder Kollege"],
    )
    assert (form["values"]["attendees-0-name"], form["values"]["attendees-1-name"]) == ("Erika Mustermann", "")
    assert (booked.status_code, booked.headers["Location"]) == (302, "/e/noerd/booked")
    assert "<h1>Bitte prüfen Sie Ihre E-Mails</h1>" in check_mail.text
    made = db.session.scalars(select(Booking)).one()
    assert [
        (t.attendee_name, t.attendee_email, t.organization, t.stakeholder_group, t.state) for t in made.tickets
    ] == [
        ("Erika Mustermann", "erika@example.org", "Stadtwerke Rostock", "administration", "held"),
        ("Jonas Weber", "jonas@example.org", "Hochschule Wismar", "administration", "held"),
    ]
    assert (made.buyer_email, made.state, tag1.seats_left) == ("erika@example.org", "pending", 8)
    assert (confirmation["To"], confirmation["Subject"]) == (
        "erika@example.org",
        "Bitte bestätigen Sie Ihre Buchung für NØRD Test",
    )
    assert links_to(confirmation, "/confirm") == [f"/booking/{made.token}/confirm"]

    confirm_page = client.get(f"/booking/{made.token}/confirm")

    [confirm_form] = read(confirm_page).forms
    assert (confirm_page.status_code, confirm_form["buttons"]) == (200, ["Buchung bestätigen"])
    assert (made.state, [t.state for t in made.tickets]) == ("pending", ["held", "held"])
    assert deliver() == []  # opening the link sent nothing

    confirmed = client.post(f"/booking/{made.token}/confirm", data=confirm_form["fields"], follow_redirects=True)
    ticket_mails = deliver()

    assert read(confirmed).flashes == [
        "Vielen Dank! Ihre Buchung ist bestätigt; jede Person erhält ihr Ticket per E-Mail."
    ]
    assert (made.state, [t.state for t in made.tickets], tag1.seats_left) == ("confirmed", ["valid", "valid"], 8)
    assert sorted((m["To"], m["Subject"]) for m in ticket_mails) == [
        ("erika@example.org", "Ihr Ticket für NØRD Test"),
        ("jonas@example.org", "Ihr Ticket für NØRD Test"),
    ]
    for message in ticket_mails:
        ticket = next(t for t in made.tickets if t.attendee_email == message["To"])
        pdf, ics = message.iter_attachments()
        assert (pdf.get_filename(), pdf.get_content_type(), pdf.get_content()[:5]) == (
            "ticket.pdf",
            "application/pdf",
            b"%PDF-",
        )
        assert (ics.get_filename(), ics.get_content_type(), ics.get_content().splitlines()[0]) == (
            "event.ics",
            "text/calendar",
            "BEGIN:VCALENDAR",
        )
        assert links_to(message, "/t/") == [f"/t/{ticket.access_token}"]


def test_ticket_link_from_the_mail_shows_the_ticket_and_downloads_pdf_and_calendar(client, app_ctx, deliver):
    event, tag1, made = confirmed_booking(people=(ERIKA,))
    [ticket_mail] = [m for m in deliver() if m["Subject"] == "Ihr Ticket für NØRD Test"]
    [ticket_page_path] = links_to(ticket_mail, "/t/")

    page = client.get(ticket_page_path)
    links = read(page).links
    pdf = client.get(links["Ticket herunterladen (PDF)"])
    ics = client.get(links["Zum Kalender hinzufügen"])

    assert page.status_code == 200
    assert "<dd>Erika Mustermann</dd>" in page.text and "<dd>Tag 1</dd>" in page.text
    assert (pdf.status_code, pdf.mimetype, pdf.data[:5]) == (200, "application/pdf", b"%PDF-")
    assert pdf.headers["Content-Disposition"] == 'attachment; filename="ticket-noerd.pdf"'
    assert (ics.status_code, ics.mimetype, ics.data.splitlines()[0]) == (200, "text/calendar", b"BEGIN:VCALENDAR")
    assert ics.headers["Content-Disposition"] == 'attachment; filename="noerd.ics"'


def test_cancelling_one_ticket_on_the_booking_page_returns_its_seat(client, app_ctx):
    event, tag1, made = confirmed_booking()
    page = read(client.get(f"/booking/{made.token}"))
    [cancel_jonas] = [form for form in page.forms if form["buttons"] == ["Ticket von Jonas Weber stornieren"]]

    cancelled = client.post(cancel_jonas["action"], data=cancel_jonas["fields"], follow_redirects=True)

    assert read(cancelled).flashes == ["Das Ticket ist storniert und der Platz freigegeben."]
    assert [form["buttons"] for form in read(cancelled).forms] == [["Ticket von Erika Mustermann stornieren"]]
    assert ([t.state for t in made.tickets], made.state, tag1.seats_left) == (["valid", "cancelled"], "confirmed", 9)


def test_the_release_link_in_the_reminder_asks_first_and_releases_the_seat_on_post(client, app_ctx, deliver):
    event, tag1, made = confirmed_booking(people=(ERIKA,))
    ticket = made.tickets[0]
    mails.reminder_mail(ticket)
    db.session.commit()
    [reminder] = [m for m in deliver() if m["Subject"] == "Erinnerung: NØRD Test"]
    [release_path] = links_to(reminder, "/release")

    page = client.get(release_path)

    [release_form] = read(page).forms
    assert (page.status_code, release_form["buttons"]) == (200, ["Platz freigeben"])
    assert (ticket.state, tag1.seats_left) == ("valid", 9)

    released = client.post(release_path, data=release_form["fields"], follow_redirects=True)

    assert read(released).flashes == ["Vielen Dank: Ihr Platz ist für jemand anderen freigegeben."]
    assert (ticket.state, made.state, tag1.seats_left) == ("cancelled", "cancelled", 10)
    assert read(client.get(release_path)).notices == ["Dieses Ticket ist bereits storniert."]


def test_deleting_my_data_anonymises_me_and_keeps_the_ticket_count(client, app_ctx):
    event, tag1, made = confirmed_booking()
    erika = made.tickets[0]
    [delete_form] = read(client.get(f"/t/{erika.access_token}/delete")).forms

    deleted = client.post(f"/t/{erika.access_token}/delete", data=delete_form["fields"])
    event_page = client.get(deleted.headers["Location"])

    assert (deleted.status_code, deleted.headers["Location"]) == (302, "/e/noerd")
    assert read(event_page).flashes == ["Ihre Daten sind gelöscht."]
    assert (erika.attendee_name, erika.attendee_email, erika.organization, erika.state) == ("—", "", "", "cancelled")
    assert (made.buyer_name, made.buyer_email) == ("—", "")
    assert made.tickets[1].attendee_name == "Jonas Weber"
    assert (db.session.scalar(select(func.count(Ticket.id))), tag1.seats_left) == (2, 9)
    assert "Erika" not in client.get(f"/t/{erika.access_token}").text


@pytest.mark.parametrize(
    ("change", "messages"),
    [
        pytest.param(
            {"attendees-0-email": "erika@"},
            ["Bitte korrigieren Sie die markierten Felder.", "Ungültige E-Mail-Adresse."],
            id="invalid-email",
        ),
        pytest.param(
            {"attendees-0-name": "E" * 201},
            ["Bitte korrigieren Sie die markierten Felder.", "Feld kann nicht länger als 200 Zeichen sein."],
            id="name-of-201-characters",
        ),
        pytest.param(
            {"consent_privacy": None},
            ["Bitte korrigieren Sie die markierten Felder.", "Bitte stimmen Sie dem Datenschutzhinweis zu."],
            id="no-consent",
        ),
        pytest.param("six-attendees", ["Zu viele Tickets für eine Buchung."], id="six-tickets-where-five-are-allowed"),
        pytest.param(
            "other-event-type",
            ["Bitte korrigieren Sie die markierten Felder.", "Keine gültige Auswahl."],
            id="ticket-type-of-another-event",
        ),
        pytest.param(
            "hidden-type",
            ["Bitte korrigieren Sie die markierten Felder.", "Keine gültige Auswahl."],
            id="hidden-ticket-type",
        ),
    ],
)
def test_bad_booking_input_shows_a_clear_message_and_changes_nothing(client, app_ctx, change, messages):
    event, tag1 = event_on_sale(seats=10)
    other_event, other_type = event_on_sale(slug="andere")
    hidden = make_ticket_type(event, tag1.quotas, "Standpersonal", is_public=False)
    data = booking_form(client, tag1)
    if change == "six-attendees":
        data = booking_form(client, tag1, [dict(ERIKA, name=f"Person {n}") for n in range(6)])
    elif change == "other-event-type":
        data["attendees-0-ticket_type_id"] = str(other_type.id)
    elif change == "hidden-type":
        data["attendees-0-ticket_type_id"] = str(hidden.id)
    else:
        data = {key: value for key, value in (data | change).items() if value is not None}

    response = client.post(BOOK, data=data)

    assert (response.status_code, read(response).errors) == (200, messages)
    assert (bookings(), queued(), tag1.seats_left, other_type.seats_left) == (0, 0, 10, 10)


@pytest.mark.parametrize("key", ["k" * 65, "<script>", ""], ids=["too-long", "not-url-safe", "empty"])
def test_a_form_key_we_did_not_issue_is_replaced_and_the_booking_goes_through(client, app_ctx, key):
    event, tag1 = event_on_sale(seats=10)

    response = client.post(BOOK, data=booking_form(client, tag1) | {"submission_key": key})

    made = db.session.scalars(select(Booking)).one()
    assert (response.status_code, response.headers["Location"]) == (302, "/e/noerd/booked")
    assert (made.submission_key != key, len(made.submission_key), tag1.seats_left) == (True, 22, 9)


def test_two_visitors_of_the_once_rendered_form_get_their_own_token_and_key_and_both_book(app, app_ctx):
    event, tag1 = event_on_sale(seats=10)
    alice, bob = app.test_client(), app.test_client()

    pages = [alice.get(BOOK), bob.get(BOOK), alice.get(BOOK)]
    fields = [read(page).forms[0]["fields"] for page in pages]
    stolen = bob.post(BOOK, data=fields[0] | attendee(0, tag1, JONAS) | {"consent_privacy": "y", "submit": "1"})
    booked = [
        client.post(BOOK, data=form | attendee(0, tag1, someone) | {"consent_privacy": "y", "submit": "1"})
        for client, form, someone in ((alice, fields[0], ERIKA), (bob, fields[1], JONAS))
    ]

    assert all("hole" not in page.text for page in pages)
    assert len({f["submission_key"] for f in fields}) == 3  # a fresh key each time the form opens
    assert fields[0]["csrf_token"] != fields[1]["csrf_token"]
    assert (stolen.status_code, bookings()) != (302, 1)  # another visitor's token is refused
    assert [r.status_code for r in booked] == [302, 302]
    assert sorted(b.buyer_email for b in db.session.scalars(select(Booking))) == [ERIKA["email"], JONAS["email"]]


def test_a_question_the_organizers_add_shows_on_the_booking_form_at_once(app, app_ctx, client):
    event, _ = event_on_sale()
    before = client.get(BOOK).text
    make_user()
    organizer = app.test_client()
    login(organizer)

    added = submit(
        organizer, f"/manage/events/{event.id}/questions/new", {"label": "Woher kommen Sie?", "kind": "text"}
    )

    assert added.status_code == 302
    assert "Woher kommen Sie?" not in before and "Woher kommen Sie?" in client.get(BOOK).text


def test_the_booking_form_offers_a_ticket_type_by_itself_when_its_sale_starts(app_ctx, client, monkeypatch):
    event, tag1 = event_on_sale()
    early = make_ticket_type(event, tag1.quotas, "Frühbucher", sale_starts_at=utcnow() + timedelta(hours=1))
    before = client.get(BOOK).text

    later = early.sale_starts_at + timedelta(seconds=1)
    for module in ("core.caching.pages", "ticketing.booking.views"):
        monkeypatch.setattr(f"{module}.utcnow", lambda: later)

    assert "Frühbucher" not in before and "Frühbucher" in client.get(BOOK).text


def test_nul_bytes_in_the_form_are_refused_as_a_bad_request_and_change_nothing(client, app_ctx):
    event, tag1 = event_on_sale(seats=10)

    response = client.post(BOOK, data=booking_form(client, tag1) | {"attendees-0-name": "Erika\x00 Mustermann"})

    assert (response.status_code, "<h1>Ungültige Anfrage</h1>" in response.text) == (400, True)
    assert (bookings(), queued(), tag1.seats_left) == (0, 0, 10)


@pytest.mark.parametrize(
    ("window", "notice"),
    [
        pytest.param("not-yet", "Die Anmeldung öffnet am {opens}.", id="not-yet-open"),
        pytest.param("closed", "Die Anmeldung ist geschlossen.", id="closed"),
    ],
)
def test_booking_outside_the_registration_window_says_so_on_the_form_page(client, app_ctx, window, notice):
    opens = utcnow() + (timedelta(days=2) if window == "not-yet" else timedelta(days=-3))
    closes = utcnow() + (timedelta(days=5) if window == "not-yet" else timedelta(days=-1))
    event, tag1 = event_on_sale(registration_opens_at=opens, registration_closes_at=closes)
    expected = notice.format(opens=format_datetime(opens, "short", tzinfo=BERLIN, locale="de"))

    page = client.get(BOOK)
    posted = post_with_csrf(client, BOOK, attendee(0, tag1, ERIKA) | {"consent_privacy": "y", "submit": "1"})

    assert (page.status_code, read(page).notices, read(page).forms) == (200, [expected], [])
    assert (posted.status_code, read(posted).notices) == (200, [expected])
    assert (bookings(), queued(), tag1.seats_left) == (0, 0, 10)


def test_tampered_or_unknown_links_show_the_not_found_page_and_change_nothing(client, app_ctx):
    event, tag1, made = confirmed_booking(people=(ERIKA,), seats=1)
    entry = waitlist.join_waitlist(
        tag1, name="Wartend", email="wait@example.org", organization="", stakeholder_group="other", answers={},
        consent_privacy=True, consent_media=False, language="de", now=utcnow(),
    )  # fmt: skip
    db.session.commit()
    ticket = made.tickets[0]

    def tamper(token):
        return token[:-1] + ("A" if token[-1] != "A" else "B")

    pages = [
        f"/booking/{tamper(made.token)}",
        f"/booking/{tamper(made.token)}/confirm",
        f"/t/{tamper(ticket.access_token)}",
        f"/t/{tamper(ticket.access_token)}/ticket.pdf",
        f"/t/{tamper(ticket.access_token)}/event.ics",
        f"/t/{tamper(ticket.access_token)}/release",
        f"/t/{tamper(ticket.access_token)}/delete",
        f"/t/{ticket.secret}",  # the QR secret is not a ticket link
        f"/waitlist/{tamper(entry.token)}/claim",
        f"/waitlist/{tamper(entry.token)}/leave",
        f"/waitlist/{'x' * 500}/claim",
        f"/e/noerd/waitlist/{2**63}",
    ]
    actions = [
        f"/booking/{tamper(made.token)}/confirm",
        f"/booking/{tamper(made.token)}/tickets/{ticket.id}/cancel",
        f"/booking/{made.token}/tickets/{ticket.id + 1000}/cancel",
        f"/t/{tamper(ticket.access_token)}/cancel",
        f"/t/{tamper(ticket.access_token)}/delete",
        f"/waitlist/{tamper(entry.token)}/claim",
        f"/waitlist/{tamper(entry.token)}/leave",
    ]

    answers = [client.get(path) for path in pages] + [post_with_csrf(client, path) for path in actions]

    assert [response.status_code for response in answers] == [404] * (len(pages) + len(actions))
    for response in answers:
        assert (read(response).errors, response.text.count(NOT_FOUND[0]), NOT_FOUND[1] in response.text) == (
            [],
            2,  # title and heading
            True,
        )
    assert (ticket.state, ticket.attendee_name, entry.state, tag1.seats_left) == (
        "valid",
        "Erika Mustermann",
        "waiting",
        0,
    )


def test_confirming_twice_says_so_and_sends_no_second_ticket(client, app_ctx, deliver):
    event, tag1 = event_on_sale()
    made = book(event, [person(tag1, 1, **ERIKA)])
    deliver()
    [confirm_form] = read(client.get(f"/booking/{made.token}/confirm")).forms
    client.post(f"/booking/{made.token}/confirm", data=confirm_form["fields"], follow_redirects=True)
    [first_ticket_mail] = deliver()

    again = client.post(f"/booking/{made.token}/confirm", data=confirm_form["fields"], follow_redirects=True)
    page_again = client.get(f"/booking/{made.token}/confirm")

    assert first_ticket_mail["Subject"] == "Ihr Ticket für NØRD Test"
    assert read(again).flashes == ["Diese Buchung ist bereits bestätigt."]
    assert (read(page_again).notices, read(page_again).forms) == (
        ["Diese Buchung ist bereits bestätigt. Zu Ihrer Buchung"],
        [],
    )
    assert deliver() == []
    assert (made.state, len(made.tickets), tag1.seats_left) == ("confirmed", 1, 9)


def test_submitting_the_same_form_twice_makes_one_booking(client, app_ctx, deliver):
    event, tag1 = event_on_sale(seats=10)
    data = booking_form(client, tag1, [ERIKA, JONAS])

    first = client.post(BOOK, data=data)
    second = client.post(BOOK, data=data)

    assert [first.status_code, second.status_code] == [302, 302]
    assert (bookings(), db.session.scalar(select(func.count(Ticket.id))), tag1.seats_left) == (1, 2, 8)
    assert [m["To"] for m in deliver()] == ["erika@example.org"]


def test_sold_out_says_ausgebucht_and_links_the_waiting_list(client, app_ctx):
    event, tag1 = event_on_sale(seats=1)
    capacity.take_seats(tag1, 1)
    db.session.commit()

    response = client.post(BOOK, data=booking_form(client, tag1))

    page = read(response)
    assert (response.status_code, page.errors) == (200, ["Ausgebucht.", "Auf die Warteliste für „Tag 1“ setzen"])
    assert page.links["Auf die Warteliste für „Tag 1“ setzen"] == f"/e/noerd/waitlist/{tag1.id}"
    assert (bookings(), queued(), tag1.seats_left) == (0, 0, 0)


def test_a_waiting_person_is_offered_a_cancelled_seat_by_mail_and_claims_it(client, app_ctx, deliver):
    event, tag1, made = confirmed_booking(people=(ERIKA,), seats=1)
    deliver()
    join_path = read(client.post(BOOK, data=booking_form(client, tag1, [JONAS]))).links[
        "Auf die Warteliste für „Tag 1“ setzen"
    ]
    join_form = read(client.get(join_path)).forms[0]
    person_fields = {f"person-{key}": value for key, value in JONAS.items()} | {"person-stakeholder_group": "science"}

    joined = client.post(join_path, data=join_form["fields"] | person_fields | {"consent_privacy": "y"})
    [joined_mail] = deliver()
    entry = db.session.scalars(select(WaitlistEntry)).one()

    assert (joined.status_code, joined.headers["Location"]) == (302, "/e/noerd")
    assert read(client.get("/e/noerd")).flashes == [
        "Sie stehen auf der Warteliste. Wir haben Ihnen eine E-Mail geschickt."
    ]
    assert (joined_mail["To"], joined_mail["Subject"]) == (
        "jonas@example.org",
        "Sie stehen auf der Warteliste für NØRD Test",
    )
    assert "auf Platz 1." in joined_mail.get_body(("plain",)).get_content()
    assert (entry.state, entry.organization, entry.stakeholder_group) == ("waiting", "Hochschule Wismar", "science")

    [release_form] = read(client.get(f"/t/{made.tickets[0].access_token}/cancel")).forms
    client.post(f"/t/{made.tickets[0].access_token}/cancel", data=release_form["fields"])
    [offer] = deliver()
    [claim_path] = links_to(offer, "/claim")
    claim_page = client.get(claim_path)

    [claim_form] = read(claim_page).forms
    assert (offer["To"], offer["Subject"]) == ("jonas@example.org", "Ein Platz ist für Sie frei: NØRD Test")
    assert claim_path == f"/waitlist/{entry.token}/claim"
    assert (claim_page.status_code, claim_form["buttons"]) == (200, ["Platz übernehmen"])
    assert (entry.state, tag1.seats_left) == ("offered", 0)

    claimed = client.post(claim_path, data=claim_form["fields"])
    ticket_page = client.get(claimed.headers["Location"])
    [ticket_mail] = deliver()

    ticket = db.session.get(Ticket, entry.ticket_id)
    assert (claimed.status_code, claimed.headers["Location"]) == (302, f"/t/{ticket.access_token}")
    assert read(ticket_page).flashes == ["Der Platz gehört Ihnen. Ihr Ticket kommt per E-Mail."]
    assert (entry.state, ticket.state, ticket.attendee_name, ticket.booking.state) == (
        "claimed",
        "valid",
        "Jonas Weber",
        "confirmed",
    )
    assert (ticket_mail["To"], ticket_mail["Subject"]) == ("jonas@example.org", "Ihr Ticket für NØRD Test")
    assert [part.get_filename() for part in ticket_mail.iter_attachments()] == ["ticket.pdf", "event.ics"]
    assert tag1.seats_left == 0


def test_a_lapsed_offer_says_so_and_the_next_person_gets_the_seat(client, app_ctx, deliver):
    event, tag1, made = confirmed_booking(people=(ERIKA,), seats=1)
    first, second = (
        waitlist.join_waitlist(
            tag1, name=name, email=f"{name.lower()}@example.org", organization="", stakeholder_group="other",
            answers={}, consent_privacy=True, consent_media=False, language="de", now=utcnow(),
        )
        for name in ("Anna", "Ben")
    )  # fmt: skip
    booking.cancel_ticket(made.tickets[0], now=utcnow())
    db.session.commit()
    first.offer_expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    deliver()
    claim_path = f"/waitlist/{first.token}/claim"

    page = client.get(claim_path)
    claimed = post_with_csrf(client, claim_path, follow_redirects=True)
    [offer] = deliver()

    assert (page.status_code, read(page).notices, read(page).forms) == (200, ["Dieser Link ist nicht mehr gültig."], [])
    assert read(claimed).flashes == [
        "Dieses Angebot ist abgelaufen; der Platz ging an die nächste Person auf der Warteliste."
    ]
    assert (first.state, first.ticket_id, second.state, tag1.seats_left) == ("lapsed", None, "offered", 0)
    assert (offer["To"], links_to(offer, "/claim")) == ("ben@example.org", [f"/waitlist/{second.token}/claim"])


def test_a_late_click_confirms_the_booking_without_the_ticket_whose_holder_withdrew(client, app_ctx):
    event, tag1 = event_on_sale(seats=10)
    an_hour_ago = utcnow() - timedelta(minutes=60)
    made = book(event, [person(tag1, 1), person(tag1, 2)], now=an_hour_ago, hold_minutes=30)
    booking.delete_attendee_data(made.tickets[1], now=an_hour_ago + timedelta(minutes=5))
    db.session.commit()

    confirmed = post_with_csrf(client, f"/booking/{made.token}/confirm", follow_redirects=True)

    ticket_mails = select(OutboxMail.to_address).where(OutboxMail.reference.startswith("ticket:"))
    [thanks] = read(confirmed).flashes
    assert thanks.startswith("Vielen Dank! Ihre Buchung ist bestätigt")
    assert [t.state for t in made.tickets] == ["valid", "cancelled"] and tag1.seats_left == 9
    assert list(db.session.scalars(ticket_mails)) == ["person1@example.org"]
