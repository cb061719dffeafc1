"""The door's figures page: repeated scans marked, walk-ins at their gate, the arrivals chart's labels inside it."""

import re
import uuid
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from core.db import utcnow
from core.extensions import db
from tests.factories import csrf_from, login, make_user, submit
from tests.ticketing.booking_helpers import book, event_on_sale, person
from ticketing.booking import bookings as booking
from ticketing.checkin import scans as checkin
from ticketing.checkin.figures import arrival_chart, figures
from ticketing.models import Admission, Ticket

SVG = "{http://www.w3.org/2000/svg}"


def german(msgid: str, **variables) -> str:
    """The page's German text for `msgid` (the translation comes with the catalog; English until it is merged)."""
    with force_locale("de"):
        return gettext(msgid, **variables)


@pytest.fixture
def door(client, app_ctx):
    """An admin at the door of a one-day event with ten seats, its list "Alle Tickets" and the scanner's token."""
    event, tag1 = event_on_sale(seats=10)
    [check_in_list] = checkin.default_lists(event)
    db.session.commit()
    make_user("tuer@example.org", roles=("checkin", "admin"))
    login(client, "tuer@example.org")
    token = csrf_from(client.get(f"/checkin/lists/{check_in_list.id}?gate=Eingang+Halle").text)

    def ticket(n):
        made = book(event, [person(tag1, n)])
        booking.confirm_booking(made, now=utcnow())
        db.session.commit()
        return made.tickets[0]

    def scan(ticket, gate, at, *, offline=False):
        body = {"client_id": str(uuid.uuid4()), "gate": gate, "scanned_at": at.isoformat(), "ticket_id": ticket.id,
                "offline": offline}  # fmt: skip
        response = client.post(f"/checkin/api/lists/{check_in_list.id}/scans", json={"scans": [body]},
                               headers={"X-CSRFToken": token})  # fmt: skip
        return response.get_json()["results"][0]["status"]

    return event, tag1, check_in_list, ticket, scan


def rows_of(html: str) -> list[str]:
    """The "last scans" rows as text, with the row's class in front."""
    table = html.split('class="checkin-scans"')[1].split("</table>")[0]
    rows = re.findall(r'<tr class="([^"]+)">(.*?)</tr>', table, re.S)
    return [f"{css}: " + " ".join(re.sub(r"<[^>]+>", " ", cells).split()) for css, cells in rows]


def test_a_repeated_scan_is_marked_with_the_time_of_the_admission(client, door):
    event, _, check_in_list, ticket, scan = door
    erika = ticket(1)
    first = utcnow() - timedelta(minutes=5)

    statuses = [scan(erika, "Eingang Halle", first), scan(erika, "Eingang Süd", utcnow())]
    page = client.get(f"/manage/events/{event.id}/checkin")

    admitted_at = event.local(db.session.get(Admission, (erika.id, check_in_list.id)).scanned_at).strftime("%H:%M")
    assert statuses == ["ok", "already"]
    repeated, admission = rows_of(page.text)
    assert repeated.startswith("scan-repeated: ") and "Eingang Süd" in repeated
    assert repeated.endswith(f"{german('scanned again')} – {german('admitted at %(time)s', time=admitted_at)}")
    assert admission.startswith("scan-admitted: ") and admission.endswith(f"Eingang Halle {german('admitted')}")
    assert figures(check_in_list).checked_in == 1


def test_a_walk_in_is_admitted_at_the_gate_named_in_the_form_and_counted_per_gate(client, door):
    event, tag1, check_in_list, ticket, scan = door
    scan(ticket(1), "Eingang Halle", utcnow())
    url = f"/checkin/lists/{check_in_list.id}/walk-in"

    form = client.get(url + "?gate=Foyer")
    response = submit(client, url, {"name": "Walter Spontan", "ticket_type_id": tag1.id, "take_seat": "y",
                                    "gate": "Anmeldung Foyer"})  # fmt: skip
    walter = db.session.scalar(select(Ticket).where(Ticket.attendee_name == "Walter Spontan"))
    page = client.get(f"/manage/events/{event.id}/checkin")

    assert 'value="Foyer"' in form.text  # the scanner's gate, carried by its link, fills the field
    assert response.status_code == 302
    assert db.session.get(Admission, (walter.id, check_in_list.id)).gate == "Anmeldung Foyer"
    assert figures(check_in_list).gates == [("Anmeldung Foyer", 1), ("Eingang Halle", 1)]
    gates = page.text.split('class="checkin-gates"')[1].split("</table>")[0]
    assert re.search(r"Anmeldung Foyer</th>\s*<td>1</td>", gates)


def test_a_walk_in_without_a_gate_is_counted_at_the_registration_desk(client, door):
    _, tag1, check_in_list, _, _ = door

    submit(client, f"/checkin/lists/{check_in_list.id}/walk-in", {"name": "Ohne Tor", "ticket_type_id": tag1.id})

    assert figures(check_in_list).gates == [(german("Registration desk"), 1)]  # "Anmeldung"


def test_the_walk_in_gate_is_bounded_like_a_scanners(client, door):
    _, tag1, check_in_list, _, _ = door

    response = submit(client, f"/checkin/lists/{check_in_list.id}/walk-in",
                      {"name": "Zu lang", "ticket_type_id": tag1.id, "gate": "x" * 81})  # fmt: skip

    assert response.status_code == 200 and 'aria-invalid="true"' in response.text
    assert db.session.scalar(select(Ticket.id)) is None


def test_the_time_labels_of_the_arrivals_chart_lie_inside_its_view_box(client, door):
    event, _, _, ticket, scan = door
    now = utcnow()
    start = now.replace(minute=now.minute - now.minute % 15, second=0, microsecond=0) - timedelta(hours=2)
    for n, minutes in enumerate((0, 20, 50, 65, 120), 1):  # 9 quarter hours: labels on the first and the last bar
        scan(ticket(n), "Eingang Halle", start + timedelta(minutes=minutes), offline=True)  # offline: their own times

    page = client.get(f"/manage/events/{event.id}/checkin")

    svg = ET.fromstring(re.search(r'<svg role="img".*?</svg>', page.text, re.S).group(0).replace(
        "<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))  # fmt: skip
    x0, y0, width, height = (float(v) for v in svg.get("viewBox").split())
    labels = svg.findall(f"{SVG}text")
    assert [label.get("text-anchor") for label in labels] == ["middle"] * 3
    for label in labels:
        x, y, half = float(label.get("x")), float(label.get("y")), len(label.text) * 11 * 0.62 / 2
        assert x0 <= x - half and x + half <= x0 + width, label.text
        assert y0 + 11 <= y <= y0 + height - 3, label.text  # the glyphs' height above and descenders below
    for bar in svg.findall(f"{SVG}rect"):
        assert x0 <= float(bar.get("x")) and float(bar.get("x")) + float(bar.get("width")) <= x0 + width


def test_a_chart_of_one_slot_still_holds_its_label():
    slot = utcnow().replace(minute=0, second=0, microsecond=0)

    chart = arrival_chart([(slot, 3)])

    [label] = chart.labels
    assert 15 < label.x < chart.width - 15 and label.y < chart.height
    assert chart.bars[0].height == 100 and chart.bars[0].y + chart.bars[0].height < label.y
