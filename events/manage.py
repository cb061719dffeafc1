"""Organizer pages for events and their questions (role admin)."""

from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from core.extensions import db
from core.security.guards import roles_required
from events import services
from events.forms import ConfirmForm, EventForm, QuestionForm
from events.messages import attach_error, save_form
from events.models import Event, Question
from ticketing.booking.capacity import quotas_for, ticket_types_for

bp = Blueprint("manage", __name__, url_prefix="/manage")

STATUS_FLASH = {
    "published": _l("The event is published."),
    "draft": _l("The event is back in draft."),
    "archived": _l("The event is archived."),
}


@bp.route("/events/new", methods=["GET", "POST"])
@roles_required("admin")
def new_event():
    form = EventForm()
    if form.validate_on_submit():
        try:
            event = services.create_event(details_from(form), actor=current_user)
        except services.EventError as error:
            attach_error(form, error)
        else:  # not save_form: the redirect needs the new event's id
            db.session.commit()
            flash(_("The event was created as a draft."), "success")
            return redirect(url_for("manage.event", event_id=event.id))
    return render_template("manage/form_page.html", form=form, event=None, title=_("New event"))


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@roles_required("admin")
def edit_event(event_id):
    event = get_event(event_id)
    form = EventForm(data=form_values(event))
    if form.validate_on_submit():
        done = url_for("manage.event", event_id=event.id)
        if saved := save_form(
            form, lambda: services.update_event(event, details_from(form), actor=current_user), done=done
        ):
            return saved
    return render_template("manage/form_page.html", form=form, event=event, title=event.name)


@bp.get("/events/<int:event_id>")
@roles_required("admin")
def event(event_id):
    event = get_event(event_id)
    return render_template(
        "manage/event.html",
        event=event,
        quotas=quotas_for(event),
        ticket_types=ticket_types_for(event),
        action_form=ConfirmForm(),
    )


@bp.post("/events/<int:event_id>/status/<any(published, draft, archived):status>")
@roles_required("admin")
def set_status(event_id, status):
    event = get_event(event_id)
    if ConfirmForm().validate_on_submit():
        services.set_event_status(event, status, actor=current_user)
        db.session.commit()
        flash(str(STATUS_FLASH[status]), "success")
    return redirect(url_for("manage.event", event_id=event.id))


@bp.route("/events/<int:event_id>/questions/new", methods=["GET", "POST"])
@bp.route("/events/<int:event_id>/questions/<int:question_id>", methods=["GET", "POST"])
@roles_required("admin")
def question(event_id, question_id=None):
    event = get_event(event_id)
    existing = get_child(Question, question_id, event) if question_id else None
    form = QuestionForm(obj=existing)
    if form.validate_on_submit():
        save = partial(
            services.save_question,
            event,
            label=form.label.data,
            kind=form.kind.data,
            choices_text=form.choices_text.data or "",
            is_required=form.is_required.data,
            question=existing,
            actor=current_user,
        )
        if saved := save_form(form, save, done=url_for("manage.event", event_id=event.id)):
            return saved
    return render_template("manage/form_page.html", form=form, event=event, title=_("Question"))


@bp.post("/events/<int:event_id>/questions/<int:question_id>/delete")
@roles_required("admin")
def delete_question(event_id, question_id):
    event = get_event(event_id)
    if ConfirmForm().validate_on_submit():
        services.delete_question(get_child(Question, question_id, event), actor=current_user)
        db.session.commit()
        flash(_("The question was deleted."), "success")
    return redirect(url_for("manage.event", event_id=event.id))


def get_event(event_id: int) -> Event:
    return db.session.get(Event, event_id) or abort(404)


def get_child(model, object_id: int, event: Event):
    """An object of `event`; 404 for one of another event, so ids cannot be used across events."""
    obj = db.session.get(model, object_id)
    if obj is None or obj.event_id != event.id:
        abort(404)
    return obj


def details_from(form: EventForm) -> services.EventDetails:
    tz = form.timezone.data
    return services.EventDetails(
        name=form.name.data.strip(),
        slug=form.slug.data.strip(),
        venue=form.venue.data.strip(),
        address=(form.address.data or "").strip(),
        timezone=tz,
        starts_at=services.local_to_utc(form.starts_at.data, tz),
        ends_at=services.local_to_utc(form.ends_at.data, tz),
        registration_opens_at=services.local_to_utc(form.registration_opens_at.data, tz),
        registration_closes_at=services.local_to_utc(form.registration_closes_at.data, tz),
        description=form.description.data or "",
        privacy_text=form.privacy_text.data or "",
        media_notice=form.media_notice.data or "",
        max_tickets_per_booking=form.max_tickets_per_booking.data,
        reminder_days_before=form.reminder_days_before.data,
    )


def form_values(event: Event) -> dict:
    """The event as the form shows it: wall-clock times in the event's timezone."""
    values = {name: getattr(event, name) for name in ("name", "slug", "venue", "address", "timezone")}
    values |= {
        name: getattr(event, name)
        for name in ("description", "privacy_text", "media_notice", "max_tickets_per_booking", "reminder_days_before")
    }
    for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
        values[name] = services.utc_to_local(getattr(event, name), event.timezone)
    return values
