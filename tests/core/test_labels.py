"""No page shows a raw internal value: every stored enumeration ("workshop", "accepted", "stage", …) reaches the
reader as a label in the page's language. The demo's main public and organizer pages are read as text (what a
reader sees: no markup, attributes, scripts or styles) and searched for the stored spellings."""

import re
from html.parser import HTMLParser

from sqlalchemy import select

from core.extensions import db
from events.models import EVENT_STATUSES, QUESTION_KINDS, ROOM_KINDS, Event
from events.program.models import CONTRIBUTION_STATES, FORMATS
from partners.models import ORGANIZATION_STATES
from tests.factories import login
from ticketing.models.booking import BOOKING_STATES, TICKET_STATES, WAITLIST_STATES

RAW = set(FORMATS + CONTRIBUTION_STATES + ROOM_KINDS + EVENT_STATUSES + QUESTION_KINDS + ORGANIZATION_STATES)
RAW |= set(BOOKING_STATES + TICKET_STATES + WAITLIST_STATES)
RAW_WORD = re.compile(r"(?<![\w-])(" + "|".join(sorted(RAW, key=len, reverse=True)) + r")(?![\w-])")


class VisibleText(HTMLParser):
    """The text a reader sees (and a screen reader reads), without script and style content."""

    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def raw_values(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return sorted({match for part in parser.parts for match in RAW_WORD.findall(part)})


def organizer_pages(event: Event) -> list[str]:
    base = f"/manage/events/{event.id}"
    return [base, f"{base}/program", f"{base}/attendees", f"{base}/partners", f"{base}/workshops", f"{base}/checkin"]


def public_pages(event: Event) -> list[str]:
    base = f"/e/{event.slug}"
    schedule = [f"{base}/schedule", f"{base}/schedule?view=list"] if event.schedule_published_at else []
    return [base, *schedule, f"{base}/partners"]


def test_the_demo_pages_show_labels_not_stored_values(runner, client, app_ctx):
    seeded = runner.invoke(args=["demo", "seed"])
    assert seeded.exit_code == 0, seeded.output
    email, password = re.search(r"Organizer login: (\S+) / (\S+)", seeded.output).groups()
    events = list(db.session.scalars(select(Event).order_by(Event.id)))
    public = ["/"] + [path for event in events for path in public_pages(event)]
    login(client, email, password)
    organizer = ["/manage/"] + [path for event in events for path in organizer_pages(event)]

    found = {}
    for path in public + organizer:
        response = client.get(path)
        assert response.status_code == 200, path
        if raw := raw_values(response.text):
            found[path] = raw

    assert found == {}
