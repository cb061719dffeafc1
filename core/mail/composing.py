"""Composing a mail: its subject and text from a template in the recipient's language, its attachments (stored, or
rendered at send time by a registered renderer) and, when it is sent, its MIME form."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.mail.delivery import MailSettings
    from core.mail.outbox import OutboxMail

Renderer = Callable[..., bytes]
_renderers: dict[str, Renderer] = {}


class MailError(Exception):
    """A mail could not be queued; `code` names the reason."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def render_mail(language: str, subject, template: str, subject_args: Mapping, **context) -> tuple[str, str]:
    """Subject and body of `templates/mail/<template>.txt` in the recipient's language (not the language of whoever
    caused the mail); the subject is a translatable text with %(name)s parts filled from `subject_args`.

    A mail shows nothing of the request that caused it, so it is rendered without the page's context processors.
    """
    from flask import current_app
    from flask_babel import force_locale

    with force_locale(language):
        body = current_app.jinja_env.get_template(f"mail/{template}.txt").render(context)
        return str(subject) % subject_args, body


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


def checked_attachment(attachment: Mapping) -> dict:
    """The attachment as the outbox stores it. :raises MailError: attachment_invalid, renderer_unknown"""
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
