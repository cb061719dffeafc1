"""The public directory: approved organizations only, filters by kind and topic without JS, the visitor's
language, and an organization's page with its contributions in the published program."""

import re
from datetime import datetime, time

from core.db import utcnow
from core.extensions import db
from events.models import Room
from events.program import placing as program
from events.program.models import Contribution
from tests.factories import BERLIN, make_event
from tests.partners.portal_helpers import english, make_organization, make_partner, make_track


def listed(html: str) -> list[str]:
    return re.findall(r'<h2><a href="/e/noerd/partners/\d+">([^<]+)</a></h2>', html)


def test_the_directory_lists_approved_organizations_with_filters(client, app_ctx):
    event = make_event()
    ai, health = make_track(event, "KI"), make_track(event, "Gesundheit")
    people = [make_partner(f"p{i}@firma.example") for i in range(5)]
    approved = make_organization(event, people[0], "Nordnetz GmbH", state="approved", topic_ids=[ai.id])
    make_organization(event, people[1], "Hafenwerk eG", state="approved", kind="sponsor", topic_ids=[health.id])
    make_organization(event, people[2], "Stadt Rostock", state="approved", kind="institution", topic_ids=[ai.id])
    make_organization(event, people[3], "Noch offen AG", state="submitted")
    make_organization(event, people[4], "Abgelehnt KG", state="rejected")
    approved.booth_number = "B12"
    approved.website = "https://nordnetz.example"
    db.session.commit()

    everyone = client.get("/e/noerd/partners")
    sponsors = client.get("/e/noerd/partners?kind=sponsor")
    ai_topic = client.get(f"/e/noerd/partners?topic={ai.id}")
    both = client.get(f"/e/noerd/partners?kind=institution&topic={ai.id}")
    nonsense = client.get("/e/noerd/partners?kind=<script>&topic=99999999999999")

    assert listed(everyone.text) == ["Hafenwerk eG", "Nordnetz GmbH", "Stadt Rostock"]
    assert "B12" in everyone.text and 'href="https://nordnetz.example"' in everyone.text
    assert listed(sponsors.text) == ["Hafenwerk eG"]
    assert listed(ai_topic.text) == ["Nordnetz GmbH", "Stadt Rostock"]
    assert listed(both.text) == ["Stadt Rostock"]
    assert nonsense.status_code == 200 and len(listed(nonsense.text)) == 3
    assert f'<option value="{ai.id}" selected>KI</option>' in ai_topic.text


def test_descriptions_follow_the_visitor_language(client, app_ctx):
    event = make_event()
    make_organization(event, make_partner(), "Nordnetz GmbH", state="approved",
                      description_de="Glasfaser für alle.", description_en="Fibre for everyone.")  # fmt: skip
    make_organization(event, make_partner("b@firma.example"), "Hafenwerk eG", state="approved",
                      description_de="Nur auf Deutsch.")  # fmt: skip

    german = client.get("/e/noerd/partners").text
    english(client)
    in_english = client.get("/e/noerd/partners").text

    assert "Glasfaser für alle." in german and "Fibre for everyone." not in german
    assert "Fibre for everyone." in in_english and "Nur auf Deutsch." in in_english


def test_an_organization_page_lists_its_contributions_in_the_published_program(client, app_ctx):
    event = make_event()
    organization = make_organization(event, make_partner(), "Nordnetz GmbH", state="approved")
    stage = Room(event=event, name="NØRD Forum", kind="stage", capacity=500)
    db.session.add(stage)
    talks = {
        title: Contribution(event=event, title=title, state=state, organization_id=organization.id)
        for title, state in [("Glasfaser im Dorf", "accepted"), ("Noch ohne Platz", "accepted"),
                             ("Eingereicht", "submitted")]
    }  # fmt: skip
    db.session.add_all(talks.values())
    db.session.flush()
    program.schedule(talks["Glasfaser im Dorf"], stage, datetime.combine(event.days[0], time(10), BERLIN), actor=None)
    db.session.commit()

    before = client.get(f"/e/noerd/partners/{organization.id}")
    program.publish_schedule(event, now=utcnow(), actor=None)
    db.session.commit()
    after = client.get(f"/e/noerd/partners/{organization.id}")

    assert before.status_code == 200 and "Glasfaser im Dorf" not in before.text
    placed = talks["Glasfaser im Dorf"]
    assert f'href="/e/noerd/contributions/{placed.id}"' in after.text
    assert "Noch ohne Platz" not in after.text and "Eingereicht" not in after.text


def test_unapproved_and_foreign_organizations_have_no_public_page(client, app_ctx):
    event, other = make_event(), make_event("andere")
    pending = make_organization(event, make_partner(), "Noch offen AG")
    elsewhere = make_organization(other, make_partner("b@firma.example"), "Anderswo GmbH", state="approved")

    assert client.get(f"/e/noerd/partners/{pending.id}").status_code == 404
    assert client.get(f"/e/noerd/partners/{elsewhere.id}").status_code == 404
    assert client.get(f"/e/andere/partners/{elsewhere.id}").status_code == 200
    assert client.get("/e/gibt-es-nicht/partners").status_code == 404


def test_the_event_page_links_the_directory_and_the_registration(client, app_ctx):
    make_event()

    page = client.get("/e/noerd").text

    assert 'href="/e/noerd/partners"' in page and 'href="/partner/register?event=noerd"' in page


def test_the_navigation_leads_visitors_to_the_directory_and_the_directory_to_registration(client, app_ctx):
    make_event()

    home = client.get("/")
    chosen = client.get("/partners")
    directory = client.get("/e/noerd/partners")

    assert 'href="/partners"' in home.text and 'href="/partner/register"' not in home.text
    assert chosen.status_code == 302 and chosen.headers["Location"] == "/e/noerd/partners"
    assert 'href="/partner/register?event=noerd"' in directory.text


def test_with_several_coming_events_the_visitor_chooses_a_directory(client, app_ctx):
    make_event()
    make_event("smart-city", starts_in_days=90)

    page = client.get("/partners")

    assert page.status_code == 200
    assert 'href="/e/noerd/partners"' in page.text and 'href="/e/smart-city/partners"' in page.text
    assert 'href="/partner/register"' in page.text
