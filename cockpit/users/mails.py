"""The invitation and password-reset mails, in the recipient's language (an invitee's is not known yet: the
inviting admin's language)."""

from flask import render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from core.mail.outbox import enqueue_mail
from core.models import User
from core.security.accounts import organizer_link
from core.urls import external_url


def send_invitation(user: User, *, inviter: User, language: str) -> None:
    url = external_url("cockpit_users.set_password", purpose="invitation", token=organizer_link(user, "invitation"))
    _send(user, language, _l("Your Treffpunkt account"), "invitation", url=url, inviter=inviter)


def send_reset(user: User, *, language: str) -> None:
    url = external_url("cockpit_users.set_password", purpose="reset", token=organizer_link(user, "reset"))
    _send(user, language, _l("Set a new password for Treffpunkt"), "reset", url=url)


def _send(user: User, language: str, subject, template: str, **context) -> None:
    # Like core.mail.composing.render_mail, but the cockpit keeps its mail texts next to its pages.
    with force_locale(language):
        subject_text = str(subject)
        body = render_template(f"cockpit/users/mail/{template}.txt", user=user, **context)
    enqueue_mail(to=user.email, subject=subject_text, body_text=body, reference=f"organizer-{template}:{user.id}")
