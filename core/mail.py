"""Mail outbox: a mail is written in the caller's transaction and sent later by a worker over SMTP, with retries.

Delivery is at least once: a sender that dies mid-conversation leaves a claim that is retried after STALE_CLAIM,
so that one mail may arrive twice; a mail is never sent twice by two live senders.
"""

import base64
import binascii
import json
import logging
import smtplib
import ssl
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

from sqlalchemy import JSON, CheckConstraint, Index, String, Text, case, func, select, update
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UTCDateTime, utcnow
from core.extensions import db

log = logging.getLogger(__name__)

STATUSES = ("pending", "sending", "sent", "failed")
RETRY_DELAYS = tuple(timedelta(minutes=minutes) for minutes in (1, 5, 15, 60, 240))
# Longer than any one SMTP conversation can take (MAIL_TIMEOUT applies per command), so a live claim never expires.
STALE_CLAIM = timedelta(minutes=10)
BACKENDS = ("smtp", "console")

Renderer = Callable[..., bytes]
_renderers: dict[str, Renderer] = {}


class MailError(Exception):
    """A mail could not be queued; `code` names the reason."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


class OutboxMail(db.Model):
    """A rendered email waiting to be sent (or sent, or given up), written in the same transaction as its cause."""

    __tablename__ = "outbox_mail"
    __table_args__ = (
        CheckConstraint(f"status IN {STATUSES!r}", name="status"),
        Index("ix_outbox_mail_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    attachments: Mapped[list[dict]] = mapped_column(JSON, default=list)
    reference: Mapped[str] = mapped_column(String(120), default="", index=True)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    message_id: Mapped[str] = mapped_column(String(255), default="")
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<OutboxMail {self.id} {self.status} {self.to_address} {self.reference}>"


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
    )


def register_attachment_renderer(name: str, fn: Renderer) -> Renderer:
    """Name a function fn(**args) -> bytes that makes an attachment when the mail is sent (ticket PDFs, say)."""
    if _renderers.get(name, fn) is not fn:
        raise ValueError(f"another attachment renderer is already registered as {name!r}")
    _renderers[name] = fn
    return fn


def inline_attachment(filename: str, content_type: str, data: bytes) -> dict:
    """An attachment whose bytes are stored in the outbox (small files such as .ics)."""
    return {"filename": filename, "content_type": content_type, "content": base64.b64encode(data).decode("ascii")}


def rendered_attachment(filename: str, content_type: str, renderer: str, **args) -> dict:
    """An attachment made at send time by a registered renderer from JSON-serialisable args."""
    return {"filename": filename, "content_type": content_type, "render": renderer, "args": args}


def _checked_attachment(attachment: Mapping) -> dict:
    filename, content_type = attachment.get("filename"), attachment.get("content_type") or ""
    if not filename or content_type.count("/") != 1 or ("content" in attachment) == ("render" in attachment):
        raise MailError("attachment_invalid")
    if "content" in attachment:
        try:
            base64.b64decode(attachment["content"], validate=True)
        except (binascii.Error, TypeError, ValueError) as error:
            raise MailError("attachment_invalid") from error
        return {"filename": filename, "content_type": content_type, "content": attachment["content"]}
    if attachment["render"] not in _renderers:
        raise MailError("renderer_unknown")
    args = dict(attachment.get("args") or {})
    try:
        json.dumps(args)
    except (TypeError, ValueError) as error:
        raise MailError("attachment_invalid") from error
    return {"filename": filename, "content_type": content_type, "render": attachment["render"], "args": args}


def render_mail(language: str, subject, template: str, subject_args: Mapping, **context) -> tuple[str, str]:
    """Subject and body of `templates/mail/<template>.txt` in the recipient's language (not the language of whoever
    caused the mail); the subject is a translatable text with %(name)s parts filled from `subject_args`."""
    from flask import render_template
    from flask_babel import force_locale

    with force_locale(language):
        return str(subject) % subject_args, render_template(f"mail/{template}.txt", **context)


def enqueue_mail(
    *,
    to: str,
    subject: str,
    body_text: str,
    body_html: str | None = None,
    attachments: Iterable[Mapping] = (),
    reference: str = "",
) -> OutboxMail:
    """Queue a mail in the caller's transaction: it goes out only if the caller commits. :raises MailError:"""
    to = to.strip()
    if "@" not in to or parseaddr(to)[1] != to or any(char.isspace() for char in to) or len(to) > 254:
        raise MailError("address_invalid")
    created = utcnow()
    mail = OutboxMail(
        created_at=created,
        to_address=to,
        subject=" ".join(subject.split())[:300],  # a header: no line breaks
        body_text=body_text,
        body_html=body_html,
        attachments=[_checked_attachment(attachment) for attachment in attachments],
        reference=reference,
        status="pending",
        attempts=0,
        next_attempt_at=created,
        message_id="",
        last_error="",
    )
    db.session.add(mail)
    return mail


def attachment_bytes(attachment: Mapping) -> bytes:
    """An attachment's content: decoded, or rendered now. :raises LookupError: for an unregistered renderer."""
    if "content" in attachment:
        return base64.b64decode(attachment["content"])
    renderer = _renderers.get(attachment["render"])
    if renderer is None:
        raise LookupError(f"no attachment renderer registered as {attachment['render']!r} in this process")
    return renderer(**attachment.get("args", {}))


def build_message(mail: OutboxMail, settings: MailSettings) -> EmailMessage:
    """The mail as MIME: UTF-8 text, HTML as alternative, attachments rendered now; sets a lasting Message-ID."""
    if not mail.message_id:
        mail.message_id = make_msgid(domain=settings.domain)  # kept, so a retry carries the same id
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(mail.created_at)
    message["Message-ID"] = mail.message_id
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to a booking confirmation
    # Quoted-printable passes every relay, including those without 8BITMIME.
    message.set_content(mail.body_text, cte="quoted-printable")
    if mail.body_html:
        message.add_alternative(mail.body_html, subtype="html", cte="quoted-printable")
    for attachment in mail.attachments:
        maintype, subtype = attachment["content_type"].split("/")
        data = attachment_bytes(attachment)
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=attachment["filename"])
    # Python 3.11's header folding drops the space before a dash in encoded words ("NØRD – …" became "NØRD– …",
    # CPython gh-144156); headers stay unfolded up to RFC 5322's 998 characters. Set after the body is encoded, so
    # quoted-printable body lines keep their 76 characters.
    message.policy = message.policy.clone(max_line_length=998)
    return message


def discard_pending(to_address: str) -> int:
    """Delete mails to this address not yet sent: after "delete my data" nothing personal may still go out."""
    from sqlalchemy import delete

    result = db.session.execute(
        delete(OutboxMail).where(OutboxMail.to_address == to_address, OutboxMail.status == "pending")
    )
    return result.rowcount


def purge_mail(before: datetime) -> int:
    """Delete mails sent (or given up) before `before`: a copy of a sent mail is personal data kept for nothing."""
    from sqlalchemy import delete

    result = db.session.execute(
        delete(OutboxMail).where(OutboxMail.status.in_(("sent", "failed")), OutboxMail.created_at < before)
    )
    return result.rowcount


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
    tick and a `flask mail send --loop` worker, on several machines) never send the same mail twice. Claims are
    taken one mail at a time, so a long batch never outlives STALE_CLAIM.
    """
    report = SendReport()
    _release_stale_claims(now, smtp_settings.max_attempts)
    due = db.session.scalars(
        select(OutboxMail.id)
        .where(OutboxMail.status == "pending", OutboxMail.next_attempt_at <= now)
        .order_by(OutboxMail.id)
        .limit(limit)
    ).all()
    db.session.commit()
    transport = _ConsoleTransport() if smtp_settings.backend == "console" else _SMTPTransport(smtp_settings)
    try:
        for mail_id in due:
            if not _claim(mail_id, now):
                report.skipped += 1
            elif not _send_claimed(mail_id, transport, now=now, settings=smtp_settings, report=report):
                break
    finally:
        transport.close()
    return report


def _release_stale_claims(now: datetime, max_attempts: int) -> None:
    """Give the claims of senders that died back to the queue, or give up when no attempt is left."""
    db.session.execute(
        update(OutboxMail)
        .where(OutboxMail.status == "sending", OutboxMail.claimed_at < now - STALE_CLAIM)
        .values(
            status=case((OutboxMail.attempts >= max_attempts, "failed"), else_="pending"),
            claimed_at=None,
            next_attempt_at=now,
            last_error="the sender stopped while sending; the mail may have gone out already",
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _claim(mail_id: int, now: datetime) -> bool:
    """Take one due mail for this sender; when two senders race for it, the row count decides."""
    result = db.session.execute(
        update(OutboxMail)
        .where(OutboxMail.id == mail_id, OutboxMail.status == "pending", OutboxMail.next_attempt_at <= now)
        .values(status="sending", claimed_at=now, attempts=OutboxMail.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def _send_claimed(mail_id: int, transport, *, now: datetime, settings: MailSettings, report: SendReport) -> bool:
    """Build, send and record one claimed mail; False when the server is unreachable and the run should stop."""
    mail = db.session.get(OutboxMail, mail_id, populate_existing=True)
    if mail is None:  # deleted since the claim (personal data removed, say)
        return True
    attempts = mail.attempts
    try:
        message = build_message(mail, settings)
    except Exception as error:  # a renderer's bug must cost this mail an attempt, not stop the other mails
        log.exception("mail %s: building the message failed", mail_id)
        _retry_or_fail(mail_id, attempts, f"building the message failed: {error!r}", now, settings, report)
        return True
    db.session.commit()  # keeps the Message-ID, and ends the transaction (a lock on SQLite) before the slow SMTP talk
    try:
        transport.send(message)
    except _Unreachable as error:
        _retry_or_fail(mail_id, attempts, str(error), now, settings, report)
        return False
    except smtplib.SMTPRecipientsRefused as error:
        transport.close()
        codes = [code for code, _ in error.recipients.values()]
        if all(code >= 500 for code in codes):  # the address does not exist: retrying will not help
            _finish(mail_id, report, status="failed", last_error=f"recipient refused: {error.recipients}")
        else:  # 4xx, e.g. greylisting
            _retry_or_fail(mail_id, attempts, f"recipient refused: {error.recipients}", now, settings, report)
        return True
    except (OSError, smtplib.SMTPException) as error:
        transport.close()
        _retry_or_fail(mail_id, attempts, f"{type(error).__name__}: {error}", now, settings, report)
        return True
    _finish(mail_id, report, status="sent", sent_at=now, last_error="")
    return True


def _retry_or_fail(mail_id: int, attempts: int, error: str, now: datetime, settings: MailSettings, report) -> None:
    log.warning("mail %s: attempt %s failed: %s", mail_id, attempts, error)
    if attempts >= settings.max_attempts:
        _finish(mail_id, report, status="failed", last_error=error)
    else:
        delay = RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]
        _finish(mail_id, report, status="pending", next_attempt_at=now + delay, last_error=error)


def _finish(mail_id: int, report: SendReport, **values) -> None:
    db.session.execute(
        update(OutboxMail)
        .where(OutboxMail.id == mail_id)
        .values(claimed_at=None, **values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    counter = {"sent": "sent", "pending": "retried", "failed": "failed"}[values["status"]]
    setattr(report, counter, getattr(report, counter) + 1)


def count_by_status() -> dict[str, int]:
    """How many mails the outbox holds in each status."""
    counts = dict(db.session.execute(select(OutboxMail.status, func.count()).group_by(OutboxMail.status)).all())
    return {status: counts.get(status, 0) for status in STATUSES}
