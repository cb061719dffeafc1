"""Organizer pages for messages to segments (role admin): list, compose (with the count), draft with preview and
test mail, confirm, and the sent message's delivery state with retry. Thin: the work is in services and jobs."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from cockpit.messages import services
from cockpit.messages.errors import TEXTS, MessageError
from cockpit.messages.forms import compose_form, draft_from, form_data_of
from cockpit.messages.models import Message
from cockpit.messages.presets import preset, presets, save_template
from core.db import utcnow
from core.extensions import db
from core.forms import Form
from core.jobs import Job
from core.security.guards import roles_required
from core.services import record_action
from events.manage import get_child, get_event

bp = Blueprint("cockpit_messages", __name__, url_prefix="/manage/events/<int:event_id>/messages")
FIELD_OF = {
    "ticket_type_id": "ticket_type",
    "question_id": "question",
    "workshop_id": "workshop",
    "package_id": "package",
}
STATUS_FILTERS = ("queued", "sent", "failed")


@bp.get("")
@roles_required("admin")
def index(event_id):
    event = get_event(event_id)
    messages = services.messages_of(event)
    deliveries = {m.id: services.delivery(m) for m in messages if m.state != "draft"}
    return render_template(
        "cockpit/messages/index.html", event=event, messages=messages, deliveries=deliveries, presets=presets(event)
    )


@bp.route("/new", methods=["GET", "POST"])
@roles_required("admin")
def new(event_id):
    event = get_event(event_id)
    chosen = preset(event, request.args.get("template", "")) if request.method == "GET" else None
    data = {"kind": chosen.kind, **{k: getattr(chosen, k) for k in services.TEXT_FIELDS}} if chosen else {}
    if chosen and chosen.audience:
        data["audience"] = chosen.audience
    return compose(event, compose_form(event, data=data), None)


@bp.route("/<int:message_id>/edit", methods=["GET", "POST"])
@roles_required("admin")
def edit(event_id, message_id):
    event = get_event(event_id)
    message = get_child(Message, message_id, event)
    if message.state != "draft":
        flash(str(TEXTS["not_a_draft"]), "error")
        return redirect(url_for(".show", event_id=event.id, message_id=message.id))
    data = form_data_of(services.draft_of(message)) if request.method == "GET" else {}
    return compose(event, compose_form(event, data=data), message)


def compose(event, form, message):
    """The compose page: "count" shows how many the selection reaches (nothing saved), "save" keeps the draft and
    opens its preview."""
    count = None
    if form.validate_on_submit():
        draft = draft_from(form)
        try:
            if request.form.get("action") == "count":
                count = services.count_for(event, draft)
            else:
                message = services.save_draft(event, draft, user=current_user, now=utcnow(), message=message)
                if form.template_name.data:
                    save_template(event, form.template_name.data.strip(), kind=draft.kind, texts=draft.texts())
                db.session.commit()
                return redirect(url_for(".show", event_id=event.id, message_id=message.id))
        except MessageError as error:
            db.session.rollback()
            show_problems(form, error)
    return render_template("cockpit/messages/compose.html", event=event, form=form, message=message, count=count)


def show_problems(form, error: MessageError) -> None:
    for field_name, text in error.problems:
        field = getattr(form, FIELD_OF.get(field_name, field_name or ""), None)
        if field is None:
            form.form_errors.append(str(text))
        else:
            field.errors = [*field.errors, str(text)]


@bp.get("/<int:message_id>")
@roles_required("admin")
def show(event_id, message_id):
    event = get_event(event_id)
    message = get_child(Message, message_id, event)
    if message.state == "draft":
        position = max(0, min(request.args.get("recipient", 0, type=int), 10_000))
        return render_template(
            "cockpit/messages/draft.html",
            event=event,
            message=message,
            count=services.segments.count(event, services.message_segment(message)),
            rendered=services.preview(event, message, position),
            position=position,
            action_form=Form(),
        )
    status = request.args.get("status") if request.args.get("status") in STATUS_FILTERS else None
    return render_template(
        "cockpit/messages/sent.html",
        event=event,
        message=message,
        job=db.session.get(Job, message.job_id) if message.job_id else None,
        delivery=services.delivery(message),
        rows=services.recipient_rows(message, status=status),
        status=status,
        action_form=Form(),
    )


@bp.post("/<int:message_id>/test")
@roles_required("admin")
def test_mail(event_id, message_id):
    event = get_event(event_id)
    message = get_child(Message, message_id, event)
    position = max(0, min(request.form.get("recipient", 0, type=int), 10_000))
    if Form().validate_on_submit():
        try:
            services.send_test(event, message, user=current_user, position=position)
        except MessageError as error:
            db.session.rollback()
            flash(str(error.problems[0][1]), "error")
        else:
            db.session.commit()
            flash(_("A test mail is on its way to %(email)s.", email=current_user.email), "success")
    return redirect(url_for(".show", event_id=event.id, message_id=message.id, recipient=position or None))


@bp.route("/<int:message_id>/confirm", methods=["GET", "POST"])
@roles_required("admin")
def confirm(event_id, message_id):
    event = get_event(event_id)
    message = get_child(Message, message_id, event)
    if message.state != "draft":
        return redirect(url_for(".show", event_id=event.id, message_id=message.id))
    form = Form()
    try:
        count = services.check_draft(event, services.draft_of(message))
        if form.validate_on_submit():
            services.confirm(event, message, user=current_user, now=utcnow())
            record_action(current_user, "message.send", f"{event.slug}: message {message.id}, {count} recipients")
            db.session.commit()
            flash(ngettext("The message is being queued for %(num)d recipient.",
                           "The message is being queued for %(num)d recipients.", count), "success")  # fmt: skip
            return redirect(url_for(".show", event_id=event.id, message_id=message.id))
    except MessageError as error:
        db.session.rollback()
        for _field, text in error.problems:
            flash(str(text), "error")
        return redirect(url_for(".show", event_id=event.id, message_id=message.id))
    return render_template("cockpit/messages/confirm.html", event=event, message=message, count=count, form=form)


@bp.post("/<int:message_id>/retry")
@roles_required("admin")
def retry(event_id, message_id):
    event = get_event(event_id)
    message = get_child(Message, message_id, event)
    if not Form().validate_on_submit():
        abort(400)
    try:
        retried = services.retry_failed(message, now=utcnow())
    except MessageError as error:
        flash(str(error.problems[0][1]), "error")
    else:
        record_action(current_user, "message.retry", f"{event.slug}: message {message.id}, {retried} mails")
        db.session.commit()
        flash(ngettext("%(num)d failed mail is queued again.", "%(num)d failed mails are queued again.", retried),
              "success")  # fmt: skip
    return redirect(url_for(".show", event_id=event.id, message_id=message.id))


@bp.post("/<int:message_id>/resume")
@roles_required("admin")
def resume(event_id, message_id):
    event = get_event(event_id)
    message = get_child(Message, message_id, event)
    if not Form().validate_on_submit():
        abort(400)
    try:
        services.resume(event, message, user=current_user, now=utcnow())
    except MessageError as error:
        flash(str(error.problems[0][1]), "error")
    else:
        record_action(current_user, "message.resume", f"{event.slug}: message {message.id}")
        db.session.commit()
        flash(_("The remaining recipients are being queued."), "success")
    return redirect(url_for(".show", event_id=event.id, message_id=message.id))
