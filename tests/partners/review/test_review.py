"""The organizers' partner pages over HTTP: packages, the call, the organization list, the review (approve, reject,
waitlist, package and booth, comment) with its mails, the exports, the review of submitted contributions, and the
access table of every route of this part."""

import csv
import io
import re
from datetime import timedelta

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from core.db import utcnow
from core.extensions import db
from core.mail.delivery import mail_settings_from, send_pending
from core.mail.outbox import OutboxMail
from events.program.models import Contribution
from partners.models import BoothStaff, ContributionCall, Organization, OrganizationMessage, Package
from partners.rules import message_for
from tests.factories import csrf_from, login, make_event, make_user, submit
from tests.partners.access_rows_review import EXPECTED as ROWS
from tests.partners.factories import make_call, make_member, make_organization, make_package
from tests.smtp import smtp_server_fixture  # noqa: F401 (the smtp_server fixture)

MY_PREFIXES = ("/manage/events/<int:event_id>/partners", "/partner/organizations/<int:organization_id>/staff",
               "/partner/organizations/<int:organization_id>/contributions")  # fmt: skip


def text_of(app, code: str) -> str:
    """A domain error's text as a page shows it (the page's language, HTML-escaped)."""
    with app.test_request_context():
        return str(escape(message_for(code)))


def outbox(reference_prefix: str = "organization:") -> list[OutboxMail]:
    query = select(OutboxMail).where(OutboxMail.reference.startswith(reference_prefix)).order_by(OutboxMail.id)
    return list(db.session.scalars(query))


@pytest.fixture
def organizer(app_ctx, client):
    make_user("program@example.org", roles=("program",))
    login(client, "program@example.org")
    return client


@pytest.fixture
def event(app_ctx):
    return make_event()


# The access table ----------------------------------------------------------------------------------------------


def a_world(event):
    """Organization A (owner a@…) and B, each with a package, booth staff and a submitted contribution."""
    package = make_package(event, staff_passes=3)
    make_call(event)
    ids = {}
    for letter in "ab":
        org = make_organization(event, f"Firma {letter.upper()}", package=package)
        make_member(org, f"{letter}@example.org")
        staff = BoothStaff(organization=org, name=f"Standkraft {letter}", email=f"stand-{letter}@example.org")
        db.session.add(staff)
        contribution = Contribution(event=event, title=f"Vortrag {letter}", organization_id=org.id)
        db.session.add(contribution)
        db.session.commit()
        ids[letter] = {
            "event_id": event.id,
            "organization_id": org.id,
            "package_id": package.id,
            "staff_id": staff.id,
            "contribution_id": contribution.id,
        }
    return ids


def fill(rule: str, ids: dict) -> str:
    url = re.sub(r"<int:(\w+)>", lambda m: str(ids[m[1]]), rule)
    return re.sub(r"<any\(([^,)]+)[^)]*\):\w+>", lambda m: m[1], url)


def my_rules(app) -> dict[str, set[str]]:
    return {
        rule.rule: rule.methods
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(MY_PREFIXES) or rule.rule == MY_PREFIXES[0]
    }


def test_every_route_of_this_part_has_a_row_in_the_access_table(app):
    assert set(my_rules(app)) == set(ROWS)


def test_each_role_gets_the_answer_the_access_table_expects(app, event):
    ids = a_world(event)
    for email, roles in (("checkin@example.org", ("checkin",)), ("program@example.org", ("program",))):
        make_user(email, roles=roles)
    make_user("admin@example.org", roles=("admin",))
    logins = {
        "anonymous": None,
        "other_member": "a@example.org",
        "owner": "a@example.org",
        "checkin": "checkin@example.org",
        "program": "program@example.org",
        "admin": "admin@example.org",
    }
    methods = my_rules(app)
    answers, expected = {}, {}
    for role, email in logins.items():
        browser = app.test_client()
        if email:
            login(browser, email)
        token = csrf_from(browser.get("/login").text)
        for rule, row in ROWS.items():
            url = fill(rule, ids["b" if role == "other_member" else "a"])
            # GET where the route allows it, else a POST with only the CSRF token (see access_rows_review.py)
            response = browser.get(url) if "GET" in methods[rule] else browser.post(url, data={"csrf_token": token})
            answers[rule, role], expected[rule, role] = response.status_code, row[role]

    assert answers == expected


# Packages and the call -----------------------------------------------------------------------------------------


def test_organizer_creates_and_edits_a_package(organizer, event):
    url = f"/manage/events/{event.id}/partners/packages/new"
    data = {"name": "Aussteller Premium", "booth_size": "6 × 3 m", "staff_passes": "4",
            "includes": "Strom, WLAN", "quantity": "5"}  # fmt: skip

    created = submit(organizer, url, data)
    package = db.session.scalar(select(Package))
    edited = submit(organizer, f"/manage/events/{event.id}/partners/packages/{package.id}", data | {"quantity": "6"})

    assert created.status_code == edited.status_code == 302
    db.session.refresh(package)
    assert (package.name, package.booth_size, package.staff_passes, package.includes, package.quantity) == (
        "Aussteller Premium", "6 × 3 m", 4, "Strom, WLAN", 6)  # fmt: skip


@pytest.mark.parametrize(
    ("field", "value"), [("staff_passes", "-1"), ("quantity", "abc"), ("name", ""), ("quantity", "99999999")]
)
def test_a_package_with_bad_input_is_refused_at_its_field_and_nothing_is_stored(organizer, event, field, value):
    data = {"name": "Partner", "booth_size": "", "staff_passes": "2", "includes": "", "quantity": "3"} | {field: value}

    response = submit(organizer, f"/manage/events/{event.id}/partners/packages/new", data)

    assert response.status_code == 200
    tag = re.search(rf'<[^>]*\bid="{field}"[^>]*>', response.text).group(0)
    assert 'aria-invalid="true"' in tag
    assert db.session.scalar(select(func.count(Package.id))) == 0


def test_a_package_quantity_below_the_approved_holders_and_deleting_a_held_package_are_refused(app, organizer, event):
    package = make_package(event, quantity=2)
    make_organization(event, "Eins AG", package=package)
    make_organization(event, "Zwei AG", package=package)
    url = f"/manage/events/{event.id}/partners/packages/{package.id}"

    lowered = submit(organizer, url, {"name": package.name, "staff_passes": "2", "quantity": "1"})
    deleted = submit(organizer, f"{url}/delete", {}, form_url=url, follow_redirects=True)

    assert text_of(app, "quantity_below_used") in lowered.text
    assert text_of(app, "package_in_use") in deleted.text
    assert db.session.get(Package, package.id).quantity == 2


def test_a_package_nobody_holds_can_be_deleted(organizer, event):
    package = make_package(event)
    url = f"/manage/events/{event.id}/partners/packages/{package.id}"

    response = submit(organizer, f"{url}/delete", {}, form_url=url)

    assert response.status_code == 302
    assert db.session.scalar(select(func.count(Package.id))) == 0


def test_organizer_opens_the_call_with_formats_in_the_event_timezone(organizer, event):
    data = {"opens_at": "2026-01-10T09:00", "deadline_at": "2026-03-01T23:59", "formats": ["talk", "panel"],
            "description": "Zeigt, was ihr könnt."}  # fmt: skip

    response = submit(organizer, f"/manage/events/{event.id}/partners/call", data)

    call = db.session.scalar(select(ContributionCall))
    assert response.status_code == 302
    assert call.formats == ["talk", "panel"]
    assert call.opens_at.astimezone(event.tz).strftime("%Y-%m-%d %H:%M") == "2026-01-10 09:00"
    assert call.deadline_at.astimezone(event.tz).strftime("%Y-%m-%d %H:%M") == "2026-03-01 23:59"


def test_a_call_whose_deadline_is_before_it_opens_or_without_formats_is_refused(app, organizer, event):
    url = f"/manage/events/{event.id}/partners/call"

    backwards = submit(organizer, url, {"opens_at": "2026-03-01T09:00", "deadline_at": "2026-01-01T09:00",
                                        "formats": ["talk"]})  # fmt: skip
    no_formats = submit(organizer, url, {"opens_at": "2026-01-01T09:00", "deadline_at": "2026-03-01T09:00"})
    unknown = submit(organizer, url, {"opens_at": "2026-01-01T09:00", "deadline_at": "2026-03-01T09:00",
                                      "formats": ["karaoke"]})  # fmt: skip

    assert text_of(app, "deadline_before_opening") in backwards.text
    assert (no_formats.status_code, unknown.status_code) == (200, 200)
    assert 'id="formats"' in no_formats.text and "has-error" in no_formats.text
    assert db.session.scalar(select(func.count(ContributionCall.id))) == 0


# The organization list -----------------------------------------------------------------------------------------


def names_in(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/manage/events/\d+/partners/organizations/\d+">([^<]+)</a>', html)


def test_the_list_filters_by_state_kind_package_and_text_and_counts_each_state(organizer, event):
    premium = make_package(event, "Premium")
    make_organization(event, "Alpha Solar", package=premium, kind="sponsor")
    make_organization(event, "Beta Daten", state="submitted", kind="exhibitor", contact_name="Uwe Özdemir")
    make_organization(event, "Gamma Medien", state="waitlisted", kind="media")
    make_organization(event, "Delta Amt", state="rejected", kind="institution")
    other = make_event("andere")
    make_organization(other, "Fremd GmbH")
    url = f"/manage/events/{event.id}/partners"

    everyone = organizer.get(url).text

    assert names_in(everyone) == ["Alpha Solar", "Beta Daten", "Delta Amt", "Gamma Medien"]
    counts = [re.search(rf'id="count-{s}">(\d+)<', everyone)[1] for s in ("submitted", "approved", "rejected")]
    assert counts == ["1", "1", "1"]
    assert names_in(organizer.get(f"{url}?state=waitlisted").text) == ["Gamma Medien"]
    assert names_in(organizer.get(f"{url}?kind=sponsor").text) == ["Alpha Solar"]
    assert names_in(organizer.get(f"{url}?package={premium.id}").text) == ["Alpha Solar"]
    assert names_in(organizer.get(f"{url}?q=%C3%B6zdemir").text) == ["Beta Daten"]
    assert names_in(organizer.get(f"{url}?state=bogus&q=a").text) == ["Alpha Solar", "Beta Daten", "Delta Amt",
                                                                         "Gamma Medien"]  # fmt: skip


def test_another_events_organization_is_not_found_under_this_event(organizer, event):
    other = make_event("andere")
    foreign = make_organization(other, "Fremd GmbH")

    response = organizer.get(f"/manage/events/{event.id}/partners/organizations/{foreign.id}")

    assert response.status_code == 404


# Review decisions ----------------------------------------------------------------------------------------------


def test_approving_stores_the_message_and_mails_members_and_contact(organizer, event):
    org = make_organization(event, "Nordlicht GmbH", state="submitted", contact_email="kontakt@nordlicht.example")
    make_member(org, "owner@nordlicht.example")
    make_member(org, "kollegin@nordlicht.example", role="member")
    url = f"/manage/events/{event.id}/partners/organizations/{org.id}"

    response = submit(organizer, f"{url}/decide", {"state": "approved", "message": "Willkommen an Bord!"}, form_url=url)

    assert response.status_code == 302
    db.session.refresh(org)
    assert org.state == "approved" and org.reviewed_at is not None
    [message] = db.session.scalars(select(OrganizationMessage)).all()
    assert (message.state, message.body, message.author.email) == ("approved", "Willkommen an Bord!",
                                                                   "program@example.org")  # fmt: skip
    mails = outbox()
    assert sorted(m.to_address for m in mails) == ["kollegin@nordlicht.example", "kontakt@nordlicht.example",
                                                   "owner@nordlicht.example"]  # fmt: skip
    assert all("Willkommen an Bord!" in m.body_text and "Nordlicht GmbH" in m.body_text for m in mails)
    assert all(f"/partner/organizations/{org.id}/staff\n" in m.body_text for m in mails)
    assert len({m.subject for m in mails}) == 1 and event.name in mails[0].subject


@pytest.mark.parametrize("state", ["rejected", "waitlisted"])
def test_rejecting_or_waitlisting_sets_the_state_and_tells_the_organization(organizer, event, state):
    org = make_organization(event, state="submitted")
    url = f"/manage/events/{event.id}/partners/organizations/{org.id}"

    submit(organizer, f"{url}/decide", {"state": state, "message": ""}, form_url=url)

    assert db.session.get(Organization, org.id).state == state
    assert [m.state for m in db.session.scalars(select(OrganizationMessage))] == [state]
    assert [m.to_address for m in outbox()] == [org.contact_email]


def test_an_unknown_decision_changes_nothing(organizer, event):
    org = make_organization(event, state="submitted")
    url = f"/manage/events/{event.id}/partners/organizations/{org.id}"

    response = submit(organizer, f"{url}/decide", {"state": "deleted"}, form_url=url)

    assert response.status_code == 200 and 'aria-invalid="true"' in response.text
    assert db.session.get(Organization, org.id).state == "submitted"
    assert outbox() == []


def test_approving_is_refused_when_the_package_is_used_up_by_approved_organizations(app, organizer, event):
    package = make_package(event, quantity=1)
    make_organization(event, "Erste AG", package=package)
    second = make_organization(event, "Zweite AG", package=package, state="waitlisted")
    url = f"/manage/events/{event.id}/partners/organizations/{second.id}"

    response = submit(organizer, f"{url}/decide", {"state": "approved"}, form_url=url)

    assert response.status_code == 200
    assert text_of(app, "package_used_up") in response.text
    assert db.session.get(Organization, second.id).state == "waitlisted"
    assert outbox() == []


def test_assigning_a_used_up_package_is_refused_and_a_free_one_is_assigned_and_announced(app, organizer, event):
    small = make_package(event, "Klein", quantity=1)
    large = make_package(event, "Groß", quantity=3, staff_passes=5)
    make_organization(event, "Erste AG", package=small)
    org = make_organization(event, "Zweite AG")
    url = f"/manage/events/{event.id}/partners/organizations/{org.id}"

    refused = submit(organizer, f"{url}/assign", {"package_id": str(small.id), "booth_number": "A1"}, form_url=url)
    assigned = submit(organizer, f"{url}/assign", {"package_id": str(large.id), "booth_number": "A1"}, form_url=url)

    assert text_of(app, "package_used_up") in refused.text
    assert assigned.status_code == 302
    db.session.refresh(org)
    assert (org.package_id, org.booth_number) == (large.id, "A1")
    [mail] = outbox()
    assert "Groß" in mail.body_text and "A1" in mail.body_text


def test_a_booth_number_is_unique_within_the_event_but_not_across_events(app, organizer, event):
    make_organization(event, "Erste AG", booth_number="H2-14")
    org = make_organization(event, "Zweite AG")
    elsewhere = make_organization(make_event("andere"), "Dritte AG", booth_number="H2-15")
    url = f"/manage/events/{event.id}/partners/organizations/{org.id}"

    taken = submit(organizer, f"{url}/assign", {"package_id": "", "booth_number": "h2-14"}, form_url=url)
    free = submit(organizer, f"{url}/assign", {"package_id": "", "booth_number": "H2-15"}, form_url=url)

    assert text_of(app, "booth_taken") in taken.text
    assert free.status_code == 302
    assert db.session.get(Organization, org.id).booth_number == "H2-15"
    assert db.session.get(Organization, elsewhere.id).booth_number == "H2-15"


def test_a_package_of_another_event_cannot_be_assigned(app, organizer, event):
    foreign = make_package(make_event("andere"), "Fremd")
    org = make_organization(event)
    url = f"/manage/events/{event.id}/partners/organizations/{org.id}"

    response = submit(organizer, f"{url}/assign", {"package_id": str(foreign.id), "booth_number": ""}, form_url=url)

    assert text_of(app, "package_of_other_event") in response.text
    assert db.session.get(Organization, org.id).package_id is None


def test_a_comment_is_stored_and_mailed_without_changing_the_state_and_an_empty_one_is_refused(organizer, event):
    org = make_organization(event, state="submitted")
    url = f"/manage/events/{event.id}/partners/organizations/{org.id}"

    empty = submit(organizer, f"{url}/comment", {"comment": "  "}, form_url=url)
    sent = submit(organizer, f"{url}/comment", {"comment": "Bitte Logo in höherer Auflösung."}, form_url=url)

    assert (empty.status_code, sent.status_code) == (200, 302)
    assert db.session.get(Organization, org.id).state == "submitted"
    assert [(m.state, m.body) for m in db.session.scalars(select(OrganizationMessage))] == [
        ("", "Bitte Logo in höherer Auflösung.")]  # fmt: skip
    assert ["Bitte Logo in höherer Auflösung." in m.body_text for m in outbox()] == [True]
    assert "Bitte Logo in höherer Auflösung." in organizer.get(url).text


def test_the_decision_mail_reaches_the_loopback_smtp_server(app, organizer, event, smtp_server):
    org = make_organization(event, "Küstenwerk eG", state="submitted", contact_email="info@kuestenwerk.example")
    url = f"/manage/events/{event.id}/partners/organizations/{org.id}"
    submit(organizer, f"{url}/decide", {"state": "approved", "message": "Stand H1 ist reserviert."}, form_url=url)
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER=smtp_server.host, MAIL_PORT=smtp_server.port)

    report = send_pending(now=utcnow(), smtp_settings=mail_settings_from(app.config))

    [message] = smtp_server.wait_for(1)
    assert report.sent == 1
    assert message["To"] == "info@kuestenwerk.example"
    assert "Stand H1 ist reserviert." in message.get_body(("plain",)).get_content()


# Exports -------------------------------------------------------------------------------------------------------


def test_organizations_and_booth_staff_export_as_csv_for_german_excel_with_formulas_defused(organizer, event):
    package = make_package(event, "Standard")
    org = make_organization(event, '=HYPERLINK("http://x")', package=package, booth_number="B7", needs_power=True)
    make_organization(event, "Zweite AG", state="rejected")
    db.session.add(BoothStaff(organization=org, name="@Kim", email="kim@example.org"))
    db.session.commit()

    orgs = organizer.get(f"/manage/events/{event.id}/partners/export/organizations.csv?state=approved")
    staff = organizer.get(f"/manage/events/{event.id}/partners/export/staff.csv")

    assert orgs.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert orgs.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(orgs.data.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2 and len(rows[0]) == 16
    assert rows[1][:6] == ['\'=HYPERLINK("http://x")', rows[1][1], rows[1][2], "Standard", "Standard", "B7"]
    staff_rows = list(csv.reader(io.StringIO(staff.data.decode("utf-8-sig")), delimiter=";"))
    assert [row[:4] for row in staff_rows[1:]] == [['\'=HYPERLINK("http://x")', "B7", "'@Kim", "kim@example.org"]]


def test_organizations_and_booth_staff_export_as_xlsx(organizer, event):
    from openpyxl import load_workbook

    org = make_organization(event, "Nordlicht GmbH", booth_number="C3")
    db.session.add(BoothStaff(organization=org, name="Kim Stand", email="kim@example.org"))
    db.session.commit()

    orgs = organizer.get(f"/manage/events/{event.id}/partners/export/organizations.xlsx")
    staff = organizer.get(f"/manage/events/{event.id}/partners/export/staff.xlsx")

    org_rows = list(load_workbook(io.BytesIO(orgs.data)).active.iter_rows(values_only=True))
    staff_rows = list(load_workbook(io.BytesIO(staff.data)).active.iter_rows(values_only=True))
    assert [row[0] for row in org_rows[1:]] == ["Nordlicht GmbH"] and org_rows[1][5] == "C3"
    assert [row[:4] for row in staff_rows[1:]] == [("Nordlicht GmbH", "C3", "Kim Stand", "kim@example.org")]


# Submitted contributions ---------------------------------------------------------------------------------------


def submitted(event, org, title="Datenräume für Häfen", **fields):
    contribution = Contribution(event=event, title=title, organization_id=org.id, format="talk", **fields)
    db.session.add(contribution)
    db.session.commit()
    return contribution


def test_the_submitted_list_filters_by_state_organization_format_and_title(organizer, event):
    a, b = make_organization(event, "Alpha AG"), make_organization(event, "Beta AG")
    submitted(event, a, "KI im Mittelstand")
    submitted(event, b, "Smarte Häfen", state="accepted")
    db.session.add(Contribution(event=event, title="Eigener Programmpunkt"))  # the organizers' own: not listed
    db.session.commit()
    url = f"/manage/events/{event.id}/partners/contributions"

    def titles(query=""):
        return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', organizer.get(url + query).text)

    assert titles() == ["KI im Mittelstand", "Smarte Häfen"]
    assert titles("?state=accepted") == ["Smarte Häfen"]
    assert titles(f"?organization={a.id}") == ["KI im Mittelstand"]
    assert titles("?format=workshop") == []
    assert titles("?q=h%C3%A4fen") == ["Smarte Häfen"]


def test_accepting_a_contribution_mails_the_organization_and_puts_it_in_the_program(organizer, event):
    org = make_organization(event, contact_email="kontakt@nordlicht.example")
    contribution = submitted(event, org)
    url = f"/manage/events/{event.id}/partners/contributions/{contribution.id}"

    response = submit(organizer, url, {"state": "accepted", "message": "Gern am zweiten Tag."})

    assert response.status_code == 302
    db.session.refresh(contribution)
    assert (contribution.state, contribution.review_message) == ("accepted", "Gern am zweiten Tag.")
    [mail] = outbox()
    assert mail.to_address == "kontakt@nordlicht.example" and "Gern am zweiten Tag." in mail.body_text
    assert f"/partner/organizations/{org.id}/contributions\n" in mail.body_text
    program = organizer.get(f"/manage/events/{event.id}/program").text
    assert f'/program/contributions/{contribution.id}">Datenräume für Häfen</a>' in program


def test_rejecting_a_scheduled_contribution_takes_it_out_of_the_timetable(organizer, event):
    from events.models import Room

    room = Room(event=event, name="Saal 1", kind="stage", capacity=100)
    db.session.add(room)
    org = make_organization(event)
    contribution = submitted(event, org, state="accepted", room=room, starts_at=event.starts_at)

    submit(organizer, f"/manage/events/{event.id}/partners/contributions/{contribution.id}", {"state": "rejected"})

    db.session.refresh(contribution)
    assert (contribution.state, contribution.room_id, contribution.starts_at) == ("rejected", None, None)


def test_the_organizers_own_contributions_are_not_reviewed_here(organizer, event):
    own = Contribution(event=event, title="Keynote")
    db.session.add(own)
    db.session.commit()

    response = organizer.get(f"/manage/events/{event.id}/partners/contributions/{own.id}")

    assert response.status_code == 404


def test_the_event_page_links_the_partner_pages(app_ctx, client, event):
    make_user()
    login(client)

    page = client.get(f"/manage/events/{event.id}").text

    assert f'href="/manage/events/{event.id}/partners"' in page


def test_the_demo_gives_noerd_its_packages_and_a_call_open_now_for_some_weeks(app_ctx):
    from demo.partner_program import seed_noerd_partner_program

    event = make_event(starts_in_days=120)
    now = utcnow()

    seed_noerd_partner_program(event, now, None)
    db.session.commit()

    assert [
        (p.name, p.booth_size, p.staff_passes) for p in db.session.scalars(select(Package).order_by(Package.id))
    ] == [
        ("Hauptpartner", "6 × 4 m", 8),
        ("Partner", "4 × 3 m", 5),
        ("Ausstellerstand M", "3 × 3 m", 3),
        ("Ausstellerstand S", "2 × 2 m", 2),
        ("Medienpartner", "", 2),
    ]
    call = db.session.scalar(select(ContributionCall))
    assert call.is_open(now) and call.deadline_at - now >= timedelta(weeks=4)
    assert call.deadline_at < event.starts_at


def test_approving_gives_the_requested_package_and_says_so_in_the_mail(organizer, event):
    package = make_package(event, "Aussteller Premium", staff_passes=5)
    org = make_organization(event, state="submitted")
    org.requested_package = package
    db.session.commit()
    url = f"/manage/events/{event.id}/partners/organizations/{org.id}"

    submit(organizer, f"{url}/decide", {"state": "approved", "message": ""}, form_url=url)

    assert db.session.get(Organization, org.id).package_id == package.id
    [mail] = outbox()
    assert "Aussteller Premium" in mail.body_text and "5" in mail.body_text


def test_an_organization_no_longer_approved_loses_its_booth_staff_and_their_tickets(organizer, event):
    from partners.staff.passes import add_staff

    org = make_organization(event, package=make_package(event))
    ticket = add_staff(org, name="Kim", email="kim@example.org", actor=None, now=utcnow()).ticket
    db.session.commit()
    url = f"/manage/events/{event.id}/partners/organizations/{org.id}"

    submit(organizer, f"{url}/decide", {"state": "waitlisted", "message": ""}, form_url=url)

    assert db.session.scalar(select(func.count(BoothStaff.id))) == 0
    db.session.refresh(ticket)
    assert ticket.state == "cancelled"


def test_a_package_with_fewer_passes_than_registered_staff_cannot_be_assigned(app, organizer, event):
    from partners.staff.passes import add_staff

    org = make_organization(event, package=make_package(event, "Groß", staff_passes=2))
    small = make_package(event, "Partner", staff_passes=1)
    for name in ("Eins", "Zwei"):
        add_staff(org, name=name, email=f"{name.lower()}@example.org", actor=None, now=utcnow())
    db.session.commit()
    url = f"/manage/events/{event.id}/partners/organizations/{org.id}"

    response = submit(organizer, f"{url}/assign", {"package_id": str(small.id), "booth_number": ""}, form_url=url)
    no_package = submit(organizer, f"{url}/assign", {"package_id": "", "booth_number": ""}, form_url=url)

    assert text_of(app, "package_too_few_passes") in response.text
    assert text_of(app, "package_too_few_passes") in no_package.text
    assert db.session.get(Organization, org.id).package.name == "Groß"


def test_a_package_cannot_get_fewer_passes_than_an_organization_has_registered(app, organizer, event):
    from partners.staff.passes import add_staff

    package = make_package(event, staff_passes=3)
    org = make_organization(event, package=package)
    for name in ("Eins", "Zwei"):
        add_staff(org, name=name, email=f"{name.lower()}@example.org", actor=None, now=utcnow())
    db.session.commit()
    url = f"/manage/events/{event.id}/partners/packages/{package.id}"

    refused = submit(organizer, url, {"name": package.name, "staff_passes": "1", "quantity": "10"})
    allowed = submit(organizer, url, {"name": package.name, "staff_passes": "2", "quantity": "10"})

    assert text_of(app, "staff_passes_below_registered") in refused.text
    assert allowed.status_code == 302
    assert db.session.get(Package, package.id).staff_passes == 2
