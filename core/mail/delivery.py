"""Delivery: the MAIL_* settings, the SMTP and console backends, and send_pending(), the worker's step that sends the
due mails of the outbox one claim at a time."""

import logging
import smtplib
import ssl
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import parseaddr

from core.extensions import db
from core.mail import outbox
from core.mail.composing import build_message
from core.mail.outbox import OutboxMail

log = logging.getLogger(__name__)

BACKENDS = ("smtp", "console")


@dataclass(frozen=True)
class MailSettings:
    """How and as whom to send; see mail_settings_from()."""

    backend: str = "smtp"
    server: str = "localhost"
    port: int = 25
    use_tls: bool = False
    use_ssl: bool = False
    username: str = ""
    password: str = field(default="", repr=False)
    sender: str = "Treffpunkt <noreply@localhost>"
    timeout: float = 30.0
    max_attempts: int = 6
    rate_per_minute: int = 0  # MAIL_RATE_PER_MINUTE: at most this many mails a minute, over all senders; 0: no limit

    @property
    def domain(self) -> str:
        """The sender's mail domain, used for Message-IDs."""
        return parseaddr(self.sender)[1].rpartition("@")[2] or "localhost"


@dataclass
class SendReport:
    """What one send_pending() run did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.retried + self.failed + self.skipped

    def count(self, status: str) -> None:
        """Count a mail that ended this run in `status` ("sent", "pending" for a retry later, or "failed")."""
        counter = {"sent": "sent", "pending": "retried", "failed": "failed"}[status]
        setattr(self, counter, getattr(self, counter) + 1)

    def __str__(self) -> str:
        return f"sent {self.sent}, retry later {self.retried}, failed {self.failed}, claimed elsewhere {self.skipped}"


def _flag(value) -> bool:
    return value if isinstance(value, bool) else str(value).strip().lower() in ("1", "true", "yes", "on")


def mail_settings_from(config: Mapping) -> MailSettings:
    """Read MAIL_* settings from a Flask config. :raises ValueError: for an unknown backend or both TLS and SSL."""
    backend = config.get("MAIL_BACKEND") or "smtp"
    use_tls, use_ssl = _flag(config.get("MAIL_USE_TLS", False)), _flag(config.get("MAIL_USE_SSL", False))
    if backend not in BACKENDS:
        raise ValueError(f"MAIL_BACKEND must be one of {BACKENDS}, not {backend!r}")
    if use_tls and use_ssl:
        raise ValueError("set MAIL_USE_TLS (STARTTLS) or MAIL_USE_SSL, not both")
    return MailSettings(
        backend=backend,
        server=config.get("MAIL_SERVER") or "localhost",
        port=int(config.get("MAIL_PORT") or (465 if use_ssl else 587 if use_tls else 25)),
        use_tls=use_tls,
        use_ssl=use_ssl,
        username=config.get("MAIL_USERNAME") or "",
        password=config.get("MAIL_PASSWORD") or "",
        sender=config.get("MAIL_FROM") or MailSettings.sender,
        timeout=float(config.get("MAIL_TIMEOUT") or 30),
        max_attempts=int(config.get("MAIL_MAX_ATTEMPTS") or 6),
        rate_per_minute=int(config.get("MAIL_RATE_PER_MINUTE") or 0),
    )


class _Unreachable(Exception):
    """The SMTP server could not be reached or refused the login: no point trying further mails this run."""


class _SMTPTransport:
    """One SMTP connection, opened at the first mail and reused for the rest of the run."""

    def __init__(self, settings: MailSettings):
        self.settings = settings
        self.connection: smtplib.SMTP | None = None

    def send(self, message: EmailMessage) -> None:
        if self.connection is None:
            self.connection = self._connect()
        self.connection.send_message(message)

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        try:
            if s.use_ssl:
                connection = smtplib.SMTP_SSL(s.server, s.port, timeout=s.timeout, context=ssl.create_default_context())
            else:
                connection = smtplib.SMTP(s.server, s.port, timeout=s.timeout)
        except (OSError, smtplib.SMTPException) as error:
            raise _Unreachable(f"cannot connect to {s.server}:{s.port}: {error}") from error
        try:
            if s.use_tls:
                connection.starttls(context=ssl.create_default_context())
            if s.username:
                connection.login(s.username, s.password)
        except (OSError, smtplib.SMTPException) as error:
            connection.close()
            raise _Unreachable(f"{s.server}:{s.port} refused STARTTLS or login: {error}") from error
        return connection

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except (OSError, smtplib.SMTPException):
                self.connection.close()
            self.connection = None


class _ConsoleTransport:
    """Prints a readable form of each mail to stdout instead of sending it (demo and development)."""

    def send(self, message: EmailMessage) -> None:
        headers = [f"{name}: {message[name]}" for name in ("From", "To", "Subject", "Date", "Message-ID")]
        body = message.get_body(("plain",)).get_content().rstrip("\n")
        files = [
            f"[{part.get_filename()} {part.get_content_type()} {len(part.get_content())} bytes]"
            for part in message.iter_attachments()
        ]
        sys.stdout.write("\n".join(["-" * 72, *headers, "", body, *files, "-" * 72, ""]))
        sys.stdout.flush()

    def close(self) -> None:
        pass


def send_pending(*, now: datetime, smtp_settings: MailSettings, limit: int = 100) -> SendReport:
    """Send the mails due at `now`. Commits (it is a worker, not a request): never call it inside a request.

    Each mail is claimed by a conditional UPDATE that is committed before SMTP starts, so several senders (a cron
    tick and a `flask worker --loop`, on several machines) never send the same mail twice. Claims are taken one
    mail at a time, so a long batch never outlives STALE_CLAIM.

    With a rate (MAIL_RATE_PER_MINUTE), a run sends only what the last minute's mails leave of it; the rest waits
    for a later run (a mail to 3,000 people trickles out instead of tripping the relay's limits).
    """
    report = SendReport()
    outbox.release_stale_claims(now, smtp_settings.max_attempts)
    if smtp_settings.rate_per_minute:
        limit = min(limit, max(0, smtp_settings.rate_per_minute - outbox.sent_recently(now)))
        if limit == 0:
            db.session.commit()
            return report
    due = outbox.due_mail_ids(now, limit)
    transport = _ConsoleTransport() if smtp_settings.backend == "console" else _SMTPTransport(smtp_settings)
    try:
        for mail_id in due:
            if not outbox.claim(mail_id, now):
                report.skipped += 1
            elif not _send_claimed(mail_id, transport, now=now, settings=smtp_settings, report=report):
                break
    finally:
        transport.close()
    return report


def _send_claimed(mail_id: int, transport, *, now: datetime, settings: MailSettings, report: SendReport) -> bool:
    """Build, send and record one claimed mail; False when the server is unreachable and the run should stop."""
    mail = db.session.get(OutboxMail, mail_id, populate_existing=True)
    if mail is None:  # deleted since the claim (personal data removed, say)
        return True
    attempts = mail.attempts

    def retry_or_fail(error: str) -> None:
        report.count(outbox.retry_or_fail(mail_id, attempts, error, now, settings.max_attempts))

    try:
        message = build_message(mail, settings)
    except Exception as error:  # a renderer's bug must cost this mail an attempt, not stop the other mails
        log.exception("mail %s: building the message failed", mail_id)
        retry_or_fail(f"building the message failed: {error!r}")
        return True
    db.session.commit()  # keeps the Message-ID, and ends the transaction (a lock on SQLite) before the slow SMTP talk
    try:
        transport.send(message)
    except _Unreachable as error:
        retry_or_fail(str(error))
        return False
    except smtplib.SMTPRecipientsRefused as error:
        transport.close()
        codes = [code for code, _ in error.recipients.values()]
        if all(code >= 500 for code in codes):  # the address does not exist: retrying will not help
            report.count(outbox.finish(mail_id, status="failed", last_error=f"recipient refused: {error.recipients}"))
        else:  # 4xx, e.g. greylisting
            retry_or_fail(f"recipient refused: {error.recipients}")
        return True
    except (OSError, smtplib.SMTPException) as error:
        transport.close()
        retry_or_fail(f"{type(error).__name__}: {error}")
        return True
    report.count(outbox.finish(mail_id, status="sent", sent_at=now, last_error=""))
    return True
