"""The message job resumes without sending twice or skipping; the outbox keeps MAIL_RATE_PER_MINUTE; placeholders."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app import create_app
from cockpit.messages import jobs, placeholders, services
from cockpit.messages.errors import MessageError
from cockpit.messages.models import Message, MessageRecipient
from cockpit.messages.segments import Segment
from core.db import utcnow
from core.extensions import db
from core.jobs import Job
from core.mail.delivery import MailSettings, mail_settings_from, send_pending
from core.mail.outbox import OutboxMail, enqueue_mail
from core.models import User
from tests.cockpit.messages.world import message_world
from tests.factories import make_user
from tests.smtp import smtp_server_fixture  # noqa: F401 (the smtp_server fixture)


class StopsAfter:
    """A JobContext stand-in whose worker stops after `batches` batches (a restart in the middle)."""

    def __init__(self, batches: int):
        self.left, self.stopping, self.reports = batches, False, []

    def should_stop(self) -> bool:
        self.stopping = self.left <= 0
        self.left -= 1
        return self.stopping

    def report(self, progress, note=None):
        self.reports.append(progress)


@pytest.fixture
def request_ctx(app):
    with app.test_request_context():
        yield app


def confirmed_message(world, user) -> tuple[Message, Job]:
    draft = services.Draft("event", Segment(), "Hallo {vorname}", "Ihr Ticket: {ticket_link}")
    message = services.save_draft(world["event"], draft, user=user, now=utcnow())
    job = services.confirm(world["event"], message, user=user, now=utcnow())
    db.session.commit()
    return message, job


def test_a_restarted_job_neither_sends_twice_nor_skips(app_ctx, monkeypatch):
    world, user = message_world(), make_user()
    message, job = confirmed_message(world, user)
    monkeypatch.setattr(jobs, "BATCH", 2)
    first = StopsAfter(batches=1)
    assert jobs.queue_message(job, first) == {"queued": 2}
    db.session.rollback()  # the worker stopped: what it did not commit is lost
    assert jobs.queue_message(job, StopsAfter(batches=99)) == {"queued": 5}
    db.session.commit()
    addresses = db.session.scalars(
        select(OutboxMail.to_address).where(OutboxMail.reference.startswith("cockpit-"))
    ).all()
    assert sorted(addresses) == [f"{n}@example.org" for n in ("ada", "bea", "carl", "dora", "emil")]
    assert db.session.get(Message, message.id).state == "done"
    assert len(db.session.scalars(select(MessageRecipient)).all()) == 5


def test_an_address_the_outbox_refuses_is_recorded_as_failed(app_ctx):
    world, user = message_world(), make_user()
    world["tickets"]["Bea"].attendee_email = "bea at example.org"
    message, job = confirmed_message(world, user)
    jobs.queue_message(job, StopsAfter(batches=99))
    db.session.commit()
    assert services.delivery(message) | {"total": 0} == {"queued": 4, "sent": 0, "failed": 1, "removed": 0, "total": 0}


def test_the_outbox_keeps_the_rate_over_runs(app_ctx, smtp_server):
    for n in range(5):
        enqueue_mail(to=f"gast{n}@example.org", subject="Hallo", body_text="x")
    db.session.commit()
    settings = MailSettings(server="127.0.0.1", port=smtp_server.port, timeout=5, rate_per_minute=2)
    now = utcnow()
    assert send_pending(now=now, smtp_settings=settings).sent == 2
    assert send_pending(now=now + timedelta(seconds=30), smtp_settings=settings).sent == 0
    assert send_pending(now=now + timedelta(seconds=61), smtp_settings=settings).sent == 2
    unthrottled = MailSettings(server="127.0.0.1", port=smtp_server.port, timeout=5)
    assert send_pending(now=now + timedelta(seconds=62), smtp_settings=unthrottled).sent == 1


@pytest.mark.parametrize("value", ["-1", "zehn", True])
def test_a_mistyped_rate_stops_the_start_naming_it(database_uri, value):
    with pytest.raises(SystemExit, match="MAIL_RATE_PER_MINUTE"):
        create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_uri, "MAIL_RATE_PER_MINUTE": value})


def test_the_rate_is_read_as_a_number(database_uri):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_uri, "MAIL_RATE_PER_MINUTE": "120"})
    assert mail_settings_from(app.config).rate_per_minute == 120
    default = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_uri})
    assert mail_settings_from(default.config).rate_per_minute == 0


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Hallo {vornam}", "{vornam}"),
        ("Hallo {Vorname} {x}", "{x}"),
        ("Hallo {", "Hallo {"),
        ("Hallo }", "Hallo }"),
        ("{}", "{}"),
        ("{name.__class__}", "{name.__class__}"),
        ("{name!r}", "{name!r}"),
    ],
)
def test_placeholder_problems_name_the_culprit(request_ctx, text, problem):
    found = placeholders.problems(text, "tickets")
    assert found and problem in " ".join(found)


def test_placeholders_render_by_name_only(request_ctx):
    world = message_world()
    recipient = services.segments.recipients(world["event"], Segment(), limit=1)[0]
    values = placeholders.values_for(world["event"], recipient, "de")
    text = "{vorname} {VORNAME} {name} {{x}} {organisation} {ticket_typ}"
    assert placeholders.render(text, values) == "Ada Ada Ada Lovelace {x} Hafen eG Tag 1"
    assert placeholders.problems("{ticket_link}", "waitlist") and not placeholders.problems("{datum}", "partners")


def test_confirm_refuses_a_segment_that_emptied(app_ctx):
    world, user = message_world(), make_user()
    draft = services.Draft("event", Segment(audience="partners", partner_state="submitted"), "Hallo", "Text")
    message = services.save_draft(world["event"], draft, user=user, now=utcnow())
    db.session.execute(OutboxMail.__table__.delete())
    from partners.models import Organization

    for organization in db.session.scalars(select(Organization)):
        organization.state = "approved"
    with pytest.raises(MessageError) as refused:
        services.confirm(world["event"], message, user=db.session.get(User, user.id), now=utcnow())
    assert refused.value.code == "segment_empty"
    assert db.session.scalars(select(Job)).all() == []
