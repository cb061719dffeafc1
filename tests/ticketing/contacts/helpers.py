"""Booking through the public form as a visitor does, and reading what a page's form fields say about themselves."""

from html.parser import HTMLParser

from sqlalchemy import select

from core.extensions import db
from tests.factories import csrf_from
from ticketing.models import Booking, SeriesContact

BOOK = "/e/noerd/book"
ERIKA = {"name": "Erika Mustermann", "email": "Erika@Example.org", "organization": "Stadtwerke Rostock"}


class Fields(HTMLParser):
    """Every input, select and fieldset of a page by name (fieldsets by their first radio's name): its attributes."""

    def __init__(self, html: str):
        super().__init__()
        self.by_name: dict[str, dict] = {}
        self.options: dict[str, list[dict]] = {}
        self.groups: list[dict] = []
        self._select = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select") and attrs.get("name"):
            self.by_name.setdefault(attrs["name"], attrs)
            if attrs.get("type") == "radio" and self.groups and "radios" in self.groups[-1]:
                self.groups[-1]["radios"].append(attrs)
        if tag == "select":
            self._select = attrs.get("name")
            self.options[self._select] = []
        elif tag == "option" and self._select:
            self.options[self._select].append(attrs)
        elif tag == "fieldset":
            self.groups.append({**attrs, "radios": []})

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None

    def group_of(self, name: str) -> dict:
        return next(g for g in self.groups if any(r["name"] == name for r in g["radios"]))


def book_by_form(client, ticket_type, *, series_consent: bool, person=ERIKA, **extra):
    """Fill in the booking form for one person and press "book"."""
    page = client.get(BOOK)
    data = {
        "csrf_token": csrf_from(page.text),
        "submission_key": Fields(page.text).by_name["submission_key"]["value"],
        "attendees-0-name": person["name"],
        "attendees-0-email": person["email"],
        "attendees-0-organization": person["organization"],
        "attendees-0-stakeholder_group": "administration",
        "attendees-0-ticket_type_id": str(ticket_type.id) if ticket_type else "",
        "consent_privacy": "y",
        "submit": "1",
        **extra,
    }
    if series_consent:
        data["series_consent"] = "y"
    return client.post(BOOK, data=data)


def confirm_by_link(client, booking: Booking):
    """Open the confirmation link and press its one button."""
    page = client.get(f"/booking/{booking.token}/confirm")
    return client.post(f"/booking/{booking.token}/confirm", data={"csrf_token": csrf_from(page.text)})


def contacts() -> list[SeriesContact]:
    return list(db.session.scalars(select(SeriesContact).order_by(SeriesContact.id)))


def the_booking() -> Booking:
    return db.session.scalars(select(Booking)).one()
