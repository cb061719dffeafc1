"""Small factories with sensible defaults: make_event(), make_quota(), make_ticket_type(), make_user()."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from core import services as core_services
from core.db import utcnow
from core.extensions import db
from events import services
from ticketing.booking import capacity

BERLIN = ZoneInfo("Europe/Berlin")
PASSWORD = "correct horse battery"


def make_user(email="orga@example.org", roles=("admin",), password=PASSWORD):
    user = core_services.create_user(email, email.split("@")[0], password, roles)
    db.session.commit()
    return user


def make_event(slug="noerd", *, days=2, status="published", starts_in_days=60, **overrides):
    first = (utcnow() + timedelta(days=starts_in_days)).astimezone(BERLIN).date()
    details = services.EventDetails(
        name=overrides.pop("name", "NØRD Test"),
        slug=slug,
        venue="HanseMesse Rostock",
        address="Zur HanseMesse 1, 18106 Rostock",
        timezone="Europe/Berlin",
        starts_at=datetime.combine(first, time(9), BERLIN),
        ends_at=datetime.combine(first + timedelta(days=days - 1), time(18), BERLIN),
        registration_opens_at=overrides.pop("registration_opens_at", utcnow() - timedelta(days=1)),
        registration_closes_at=overrides.pop(
            "registration_closes_at", datetime.combine(first - timedelta(days=1), time(23, 59), BERLIN)
        ),
        description=overrides.pop("description", "Zwei Tage Digitalisierung."),
        privacy_text=overrides.pop("privacy_text", "Wir verarbeiten Ihre Daten nur für die Teilnahme."),
    )
    event = services.create_event(details, actor=None)
    services.set_event_status(event, status, actor=None)
    db.session.commit()
    return event


def make_quota(event, name="Halle", seats=10, overbooking_percent=0):
    quota = capacity.save_quota(event, name=name, capacity=seats, overbooking_percent=overbooking_percent)
    db.session.commit()
    return quota


def make_ticket_type(event, quotas, name="Tag 1", days=None, **kwargs):
    ticket_type = capacity.save_ticket_type(
        event, name=name, quota_ids=[q.id for q in quotas], valid_days=days or event.days[:1], **kwargs
    )
    db.session.commit()
    return ticket_type


CSRF_PATTERN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF_PATTERN.search(html)
    assert match, "page has no CSRF token"
    return match.group(1) or match.group(2)


def submit(client, url, data, *, form_url=None, follow_redirects=False):
    """Post a form the way a browser does: open the page first and send its CSRF token along."""
    page = client.get(form_url or url)
    return client.post(url, data={"csrf_token": csrf_from(page.text), **data}, follow_redirects=follow_redirects)


def login(client, email="orga@example.org", password=PASSWORD):
    response = submit(client, "/login", {"email": email, "password": password})
    assert response.status_code == 302, response.text
    return response
