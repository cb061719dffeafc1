import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from core.cli.mail import mail_cli
from core.db import utcnow
from core.extensions import db
from core.mail.composing import MailError, inline_attachment, register_attachment_renderer, rendered_attachment
from core.mail.delivery import MailSettings, mail_settings_from, send_pending
from core.mail.outbox import OutboxMail, enqueue_mail
from tests.smtp import free_port, smtp_server_fixture  # noqa: F401 (the smtp_server fixture)

RENDERED: list[str] = []
BODY = "Grüße aus Rostock: ä ö ü ß Ø – bis bald!\n"


def render_test_ticket(*, name: str) -> bytes:
    """Stands in for the ticket PDF renderer; records when it runs."""
    RENDERED.append(name)
    return f"%PDF-1.7 Ticket für {name}".encode()


register_attachment_renderer("test.ticket", render_test_ticket)


@pytest.fixture(autouse=True)
def clear_rendered():
    RENDERED.clear()


def settings_for(port: int, **overrides) -> MailSettings:
    return MailSettings(server="127.0.0.1", port=port, sender="NØRD <tickets@noerd.example>", timeout=5, **overrides)


def queue(subject="Ihre Buchung", to="jörg@example.org", **kwargs) -> OutboxMail:
    return enqueue_mail(to=to, subject=subject, body_text=BODY, reference="booking:12", **kwargs)


def test_enqueued_mail_is_not_sent_when_the_transaction_rolls_back(app_ctx, smtp_server):
    queue()
    db.session.rollback()

    report = send_pending(now=utcnow(), smtp_settings=settings_for(smtp_server.port))

    assert (report.sent, smtp_server.messages) == (0, [])
    assert db.session.scalars(select(OutboxMail)).all() == []


def test_committed_mail_arrives_as_utf8_with_html_and_an_attachment_rendered_at_send_time(app_ctx, smtp_server):
    mail = queue(
        subject="Ihre Buchung für die NØRD – Bestätigung",
        body_html="<p>Grüße: ä ö ü ß Ø</p>",
        attachments=[
            rendered_attachment("ticket.pdf", "application/pdf", "test.ticket", name="Jörg Öztürk"),
            inline_attachment("noerd.ics", "text/calendar", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"),
        ],
    )
    db.session.commit()
    assert RENDERED == []
    now = utcnow()

    report = send_pending(now=now, smtp_settings=settings_for(smtp_server.port))

    [message] = smtp_server.wait_for(1)
    assert (report.sent, RENDERED) == (1, ["Jörg Öztürk"])
    assert message["Subject"] == "Ihre Buchung für die NØRD – Bestätigung"
    assert (message["From"], message["To"]) == ("NØRD <tickets@noerd.example>", "jörg@example.org")
    assert message["Message-ID"].endswith("@noerd.example>")
    assert message["Date"].datetime == mail.created_at.replace(microsecond=0)
    assert message.get_body(("plain",)).get_content() == BODY
    assert message.get_body(("html",)).get_content() == "<p>Grüße: ä ö ü ß Ø</p>\n"
    files = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
    assert files == {
        "ticket.pdf": "%PDF-1.7 Ticket für Jörg Öztürk".encode(),
        "noerd.ics": "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
    }
    db.session.refresh(mail)
    assert (mail.status, mail.attempts, mail.sent_at, mail.last_error) == ("sent", 1, now, "")
    assert mail.message_id == message["Message-ID"]


def test_unreachable_server_schedules_a_retry_and_leaves_the_other_mails_alone(app_ctx):
    first, second = queue("Eins"), queue("Zwei")
    db.session.commit()
    now = utcnow()

    report = send_pending(now=now, smtp_settings=settings_for(free_port()))

    db.session.refresh(first)
    db.session.refresh(second)
    assert (report.retried, report.sent) == (1, 0)
    assert (first.status, first.attempts, first.next_attempt_at) == ("pending", 1, now + timedelta(minutes=1))
    assert first.last_error.startswith("cannot connect to 127.0.0.1:")
    assert (second.status, second.attempts, second.last_error) == ("pending", 0, "")


def test_mail_fails_after_max_attempts_with_growing_delays(app_ctx):
    mail = queue()
    db.session.commit()
    settings, now, delays = settings_for(free_port(), max_attempts=6), utcnow(), []

    for _ in range(6):
        send_pending(now=now, smtp_settings=settings)
        db.session.refresh(mail)
        delays.append(mail.next_attempt_at - now)
        now = mail.next_attempt_at

    assert (mail.status, mail.attempts) == ("failed", 6)
    assert [delay // timedelta(minutes=1) for delay in delays[:5]] == [1, 5, 15, 60, 240]
    assert send_pending(now=now + timedelta(days=1), smtp_settings=settings).handled == 0


def test_recipient_refused_with_550_fails_at_once(app_ctx, smtp_server):
    smtp_server.refused.add("niemand@example.org")
    mail = queue(to="niemand@example.org")
    db.session.commit()

    report = send_pending(now=utcnow(), smtp_settings=settings_for(smtp_server.port))

    db.session.refresh(mail)
    assert (report.failed, mail.status, mail.attempts) == (1, "failed", 1)
    assert "550" in mail.last_error


def test_mail_claimed_by_another_sender_is_left_to_it_until_the_claim_is_stale(app_ctx, smtp_server):
    mail = queue()
    db.session.commit()
    now = utcnow()
    db.session.execute(update(OutboxMail).values(status="sending", claimed_at=now, attempts=1))
    db.session.commit()
    settings = settings_for(smtp_server.port)

    while_claimed = send_pending(now=now + timedelta(minutes=9), smtp_settings=settings)
    after_stale = send_pending(now=now + timedelta(minutes=11), smtp_settings=settings)

    assert (while_claimed.handled, after_stale.sent) == (0, 1)
    assert len(smtp_server.wait_for(1)) == 1
    db.session.refresh(mail)
    assert (mail.status, mail.attempts) == ("sent", 2)


def test_two_concurrent_senders_send_each_mail_exactly_once(app, app_ctx, smtp_server):
    for number in range(20):
        queue(f"Mail {number}")
    db.session.commit()
    now, settings = utcnow(), settings_for(smtp_server.port)
    barrier, reports, errors = threading.Barrier(2), [], []

    def sender():
        try:
            with app.app_context():
                barrier.wait()
                reports.append(send_pending(now=now, smtp_settings=settings))
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sum(report.sent for report in reports) == 20
    subjects = sorted(message["Subject"] for message in smtp_server.wait_for(20))
    assert subjects == sorted(f"Mail {number}" for number in range(20))
    assert len({message["Message-ID"] for message in smtp_server.messages}) == 20


def test_console_backend_prints_the_mail_instead_of_sending(app_ctx, capsys):
    queue(attachments=[rendered_attachment("ticket.pdf", "application/pdf", "test.ticket", name="Jörg")])
    db.session.commit()

    report = send_pending(now=utcnow(), smtp_settings=MailSettings(backend="console"))

    printed = capsys.readouterr().out
    assert report.sent == 1
    assert "Subject: Ihre Buchung\n" in printed
    assert BODY in printed
    assert "[ticket.pdf application/pdf 26 bytes]" in printed


def test_flask_mail_send_and_status_commands(app, app_ctx, runner, smtp_server):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=str(smtp_server.port), MAIL_FROM="tickets@noerd.example")
    queue()
    db.session.commit()

    sent = runner.invoke(mail_cli, ["send"])
    status = runner.invoke(mail_cli, ["status"])

    assert sent.output == "sent 1, retry later 0, failed 0, claimed elsewhere 0\n"
    assert status.output == "pending\t0\nsending\t0\nsent\t1\nfailed\t0\n"
    assert smtp_server.wait_for(1)[0]["From"] == "tickets@noerd.example"


def test_enqueue_refuses_bad_addresses_and_unknown_renderers(app_ctx):
    with pytest.raises(MailError) as header_injection:
        queue(to="a@example.org\nBcc: b@example.org")
    with pytest.raises(MailError) as unknown:
        queue(attachments=[rendered_attachment("x.pdf", "application/pdf", "no.such.renderer")])

    assert (header_injection.value.code, unknown.value.code) == ("address_invalid", "renderer_unknown")


def test_mail_settings_come_from_config_strings():
    settings = mail_settings_from({"MAIL_SERVER": "mail.example.org", "MAIL_USE_TLS": "true", "MAIL_PASSWORD": "pw"})

    assert (settings.backend, settings.server, settings.port, settings.use_tls) == (
        "smtp",
        "mail.example.org",
        587,
        True,
    )
    assert "pw" not in repr(settings)
    with pytest.raises(ValueError):
        mail_settings_from({"MAIL_USE_TLS": True, "MAIL_USE_SSL": True})


def test_subject_with_a_dash_and_non_ascii_letters_arrives_unchanged(app_ctx, smtp_server):
    enqueue_mail(to="gast@example.org", subject="Ihr Ticket für NØRD – Digital Convention MV", body_text="Hallo")
    db.session.commit()

    send_pending(now=utcnow(), smtp_settings=settings_for(smtp_server.port))

    [message] = smtp_server.wait_for(1)
    assert message["Subject"] == "Ihr Ticket für NØRD – Digital Convention MV"
