"""Organizer pages of the door: live figures per check-in list, and adding lists (one day, one ticket type)."""

from datetime import date

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from core.extensions import db
from core.security.guards import roles_required
from core.services import record_action
from events.manage import get_event
from ticketing.booking.capacity import ticket_types_for
from ticketing.checkin import scans as checkin
from ticketing.checkin.figures import figures
from ticketing.checkin.forms import CheckInListForm
from ticketing.models import CheckInList

bp = Blueprint("checkin_manage", __name__, url_prefix="/manage/events/<int:event_id>/checkin")


@bp.get("")
@roles_required("admin", "checkin")
def index(event_id):
    event = get_event(event_id)
    lists = checkin.default_lists(event)
    db.session.commit()
    form = list_form(event)
    return render_template("checkin/figures.html", event=event, figures=[figures(lst) for lst in lists], form=form)


@bp.post("/lists")
@roles_required("admin")
def add_list(event_id):
    event = get_event(event_id)
    form = list_form(event)
    if form.validate_on_submit():
        ticket_type_id = form.ticket_type_id.data or None
        day = date.fromisoformat(form.day.data) if form.day.data else None
        db.session.add(CheckInList(event=event, name=form.name.data.strip(), day=day, ticket_type_id=ticket_type_id))
        record_action(current_user, "checkin_list.create", f"{event.slug}: {form.name.data}")
        db.session.commit()
        flash(_("The check-in list was added."), "success")
        return redirect(url_for("checkin_manage.index", event_id=event.id))
    lists = checkin.default_lists(event)
    return render_template("checkin/figures.html", event=event, figures=[figures(lst) for lst in lists], form=form)


def list_form(event) -> CheckInListForm:
    form = CheckInListForm()
    form.day.choices = [SelectChoice("", _("Every day"))] + [
        SelectChoice(d.isoformat(), d.isoformat()) for d in event.days
    ]
    form.ticket_type_id.choices = [SelectChoice(0, _("Every ticket type"))] + [
        SelectChoice(t.id, t.name) for t in ticket_types_for(event)
    ]
    return form
