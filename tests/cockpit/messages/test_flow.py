"""Compose → count → preview → test mail → confirm → job → outbox states → retry, through HTTP as an organizer."""

import re

import pytest
from sqlalchemy import func, select, update

from cockpit.messages.models import Message, MessageRecipient
from core.db import utcnow
from core.extensions import db
from core.jobs import Job, run_one
from core.mail.delivery import MailSettings, send_pending
from core.mail.outbox import OutboxMail
from core.models import AuditLog
from tests.cockpit.messages.world import message_world
from tests.factories import login, make_user, submit
from tests.smtp import smtp_server_fixture  # noqa: F401 (the smtp_server fixture)

BASE = "/manage/events/{event}/messages"


@pytest.fixture
def world(app_ctx, client):
    world = message_world()
    make_user()
    login(client)
    world["url"] = BASE.format(event=world["event"].id)
    return world


def compose(world, **fields) -> dict:
    """The form as an organizer fills it: vegan Tag-1 holders who have not come yet, German and English texts."""
    return {
        "audience": "tickets",
        "ticket_type": str(world["types"]["Tag 1"].id),
        "question": str(world["food"].id),
        "answer": "vegan",
        "checkin": "",
        "kind": "event",
        "subject_de": "Hallo {vorname}: {event}",
        "body_de": "Liebe/r {name},\nIhr Ticket: {ticket_link}\nAm {datum} in {ort}. {{Klammer}}",
        "subject_en": "Hello {first_name}",
        "body_en": "Dear {name}, your ticket: {ticket_link}",
        "action": "save",
        **fields,
    }


def messages() -> list[Message]:
    db.session.expire_all()
    return list(db.session.scalars(select(Message)))


def outbox(prefix: str) -> list[OutboxMail]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMail).where(OutboxMail.reference.startswith(prefix))))


def test_count_before_saving_changes_nothing(client, world):
    response = submit(client, f"{world['url']}/new", compose(world, action="count"))
    assert response.status_code == 200
    assert re.search(r'id="recipient-count"[^>]*>\s*2 (Empfänger|recipients)', response.text)
    assert messages() == []


@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        ({"body_de": "Hallo {vornam}"}, "{vornam}"),
        ({"body_de": "Hallo {vornam}"}, "{vorname}"),  # the near miss is suggested
        ({"subject_de": "Hallo {vorname"}, "Hallo {vorname"),  # the stray brace, with its context
        ({"body_en": "Dear {name}}"}, "{name}}"),
        ({"subject_de": "  "}, 'id="subject_de-error"'),
        ({"answer": "Fisch"}, 'id="audience-error"'),  # nobody matches
        ({"audience": "partners", "partner_state": "approved", "body_en": "", "subject_en": ""}, "{ticket_link}"),
    ],
)
def test_bad_input_is_named_and_changes_nothing(client, world, fields, shown):
    response = submit(client, f"{world['url']}/new", compose(world, **fields))
    assert response.status_code == 200
    assert shown in response.text
    assert 'aria-invalid="true"' in response.text
    assert messages() == []


def test_preview_shows_one_real_recipients_mail_as_it_will_be_sent(client, world):
    response = submit(client, f"{world['url']}/new", compose(world))
    [message] = messages()
    assert response.headers["Location"].endswith(f"/messages/{message.id}")
    page = client.get(response.headers["Location"]).text
    ada = world["tickets"]["Ada"]
    assert 'id="preview-to">ada@example.org<' in page
    assert "Hallo Ada: NØRD Test" in page
    assert f"/t/{ada.access_token}" in page and "{Klammer}" in page and "HanseMesse Rostock" in page
    # The second recipient is Bea (Carl eats meat; Frida cancelled; Dora has another ticket type).
    second = client.get(f"{world['url']}/{message.id}?recipient=1").text
    assert 'id="preview-to">bea@example.org<' in second


def test_english_bookings_get_the_english_text(client, world):
    submit(client, f"{world['url']}/new", compose(world, answer="Fleisch"))
    [message] = messages()
    page = client.get(f"{world['url']}/{message.id}").text
    carl = world["tickets"]["Carl"]
    assert "Hello Carl" in page and "Dear Carl Clausen, your ticket: http" in page and carl.access_token in page


def test_a_test_mail_goes_to_the_organizer_only(client, world):
    submit(client, f"{world['url']}/new", compose(world))
    [message] = messages()
    response = submit(client, f"{world['url']}/{message.id}/test", {}, form_url=f"{world['url']}/{message.id}")
    assert response.status_code == 302
    [mail] = outbox("cockpit-message-test:")
    assert (mail.to_address, mail.subject) == ("orga@example.org", "[Test] Hallo Ada: NØRD Test")
    assert outbox("cockpit-message:") == []
    assert messages()[0].state == "draft"


def test_confirm_shows_count_and_subject_then_a_job_queues_one_mail_each(client, world, app):
    submit(client, f"{world['url']}/new", compose(world))
    [message] = messages()
    confirm_url = f"{world['url']}/{message.id}/confirm"
    page = client.get(confirm_url).text
    assert 'id="confirm-count">2<' in page and 'id="confirm-subject">Hallo {vorname}: {event}<' in page
    response = submit(client, confirm_url, {})
    assert response.status_code == 302
    [message] = messages()
    assert (message.state, message.recipient_count) == ("queued", 2)
    again = submit(client, confirm_url, {}, form_url=f"{world['url']}/{message.id}")  # a second click: nothing more
    assert again.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Job)) == 1

    job = run_one("test-worker", now=utcnow())
    assert (job.state, job.result) == ("done", {"queued": 2})
    mails = outbox(f"cockpit-message:{message.id}")
    assert sorted((m.to_address, m.subject) for m in mails) == [
        ("ada@example.org", "Hallo Ada: NØRD Test"),
        ("bea@example.org", "Hallo Bea: NØRD Test"),
    ]
    page = client.get(f"{world['url']}/{message.id}").text
    assert 'id="delivery-queued">2<' in page and 'id="delivery-sent">0<' in page


def test_outbox_states_per_recipient_and_retry_of_the_failed(client, world, smtp_server):
    submit(client, f"{world['url']}/new", compose(world, answer="", question="", ticket_type=""))
    [message] = messages()
    submit(client, f"{world['url']}/{message.id}/confirm", {})
    run_one("test-worker", now=utcnow())
    smtp_server.refused.add("bea@example.org")
    settings = MailSettings(server="127.0.0.1", port=smtp_server.port, sender="noerd@example.org", timeout=5)
    report = send_pending(now=utcnow(), smtp_settings=settings)
    assert (report.sent, report.failed) == (4, 1)

    page = client.get(f"{world['url']}/{message.id}").text
    assert 'id="delivery-sent">4<' in page and 'id="delivery-failed">1<' in page
    failed = client.get(f"{world['url']}/{message.id}?status=failed").text
    assert "bea@example.org" in failed and "ada@example.org" not in failed

    response = submit(client, f"{world['url']}/{message.id}/retry", {}, form_url=f"{world['url']}/{message.id}")
    assert response.status_code == 302
    [bea] = [m for m in outbox("cockpit-message:") if m.to_address == "bea@example.org"]
    assert (bea.status, bea.attempts) == ("pending", 0)
    smtp_server.refused.clear()
    send_pending(now=utcnow(), smtp_settings=settings)
    page = client.get(f"{world['url']}/{message.id}").text
    assert 'id="delivery-sent">5<' in page and 'id="delivery-failed">0<' in page


def test_optional_message_reaches_only_those_who_consented(client, world):
    submit(client, f"{world['url']}/new", compose(world, kind="optional", answer="", question="", ticket_type=""))
    [message] = messages()
    submit(client, f"{world['url']}/{message.id}/confirm", {})
    run_one("test-worker", now=utcnow())
    recipients = {m.to_address for m in outbox("cockpit-message:")}
    assert recipients == {"ada@example.org", "carl@example.org", "emil@example.org"}


def test_a_sent_message_cannot_be_edited(client, world):
    submit(client, f"{world['url']}/new", compose(world))
    [message] = messages()
    submit(client, f"{world['url']}/{message.id}/confirm", {})
    response = submit(client, f"{world['url']}/{message.id}/edit", compose(world, subject_de="Neu"),
                      form_url=f"{world['url']}/{message.id}")  # fmt: skip
    assert response.status_code == 302
    assert messages()[0].subject_de == "Hallo {vorname}: {event}"


def test_templates_fill_the_form_and_can_be_saved(client, world):
    page = client.get(f"{world['url']}/new?template=builtin:directions").text
    assert "Anreise zu {event}" in page and "Getting to {event}" in page
    submit(client, f"{world['url']}/new", compose(world, template_name="Essen"))
    index = client.get(world["url"]).text
    assert "Essen" in index
    [saved] = re.findall(r"template=(saved:\d+)", index)
    assert "Hallo {vorname}: {event}" in client.get(f"{world['url']}/new?template={saved}").text


def test_recipients_rows_hold_no_address(client, world):
    submit(client, f"{world['url']}/new", compose(world))
    [message] = messages()
    submit(client, f"{world['url']}/{message.id}/confirm", {})
    run_one("test-worker", now=utcnow())
    keys = sorted(db.session.scalars(select(MessageRecipient.recipient_key)))
    assert keys == sorted(f"ticket:{world['tickets'][n].id}" for n in ("Ada", "Bea"))


def test_nul_bytes_or_a_too_long_subject_are_refused_and_change_nothing(client, world):
    sent = submit(client, f"{world['url']}/new", compose(world, subject_de="An\x00reise", body_de="Bus\x00 23"))
    long = submit(client, f"{world['url']}/new", compose(world, subject_de="x" * 201))
    assert sent.status_code == 400 and "Ungültige Anfrage" in sent.text
    assert long.status_code == 200
    assert re.search(r'id="subject_de-error">Feld kann nicht länger als 200 Zeichen sein.<', long.text)
    assert messages() == []


def test_the_attendee_list_leads_to_composing_and_sending_is_audited(client, world):
    attendees = client.get(f"/manage/events/{world['event'].id}/attendees").text
    assert f'href="{world["url"]}/new"' in attendees
    submit(client, f"{world['url']}/new", compose(world))
    [message] = messages()
    submit(client, f"{world['url']}/{message.id}/confirm", {})
    actions = db.session.scalars(select(AuditLog.action).order_by(AuditLog.id)).all()
    assert actions[-1] == "message.send"


def test_the_count_of_an_optional_message_keeps_to_those_who_consented(client, world):
    fields = compose(world, action="count", kind="optional", answer="", question="", ticket_type="", subject_de="")
    response = submit(client, f"{world['url']}/new", fields)
    assert re.search(r'id="recipient-count"[^>]*>\s*3 (Empfänger|recipients)', response.text)
    assert messages() == []


def test_a_stopped_job_is_resumed_from_the_page_and_queues_only_the_rest(client, world, monkeypatch):
    from cockpit.messages import jobs
    from core.jobs import claim_next

    submit(client, f"{world['url']}/new", compose(world, answer="", question="", ticket_type=""))
    [message] = messages()
    submit(client, f"{world['url']}/{message.id}/confirm", {})
    monkeypatch.setattr(jobs, "BATCH", 2)
    job = claim_next("test-worker", now=utcnow())
    jobs.queue_message(job, StopsAfterOneBatch())  # the worker was stopped after its first batch …
    db.session.execute(update(Job).where(Job.id == job.id).values(state="cancelled", finished_at=utcnow()))
    db.session.commit()  # … and the job ended cancelled
    assert len(outbox("cockpit-message:")) == 2

    page = client.get(f"{world['url']}/{message.id}").text
    assert f"/messages/{message.id}/resume" in page
    response = submit(client, f"{world['url']}/{message.id}/resume", {}, form_url=f"{world['url']}/{message.id}")
    assert response.status_code == 302
    assert run_one("test-worker", now=utcnow()).state == "done"
    assert sorted(m.to_address for m in outbox("cockpit-message:")) == [
        f"{n}@example.org" for n in ("ada", "bea", "carl", "dora", "emil")
    ]
    assert messages()[0].state == "done"


class StopsAfterOneBatch:
    stopping = False

    def __init__(self):
        self.checks = 0

    def should_stop(self) -> bool:
        self.checks += 1
        self.stopping = self.checks > 1
        return self.stopping

    def report(self, progress, note=None):
        pass
