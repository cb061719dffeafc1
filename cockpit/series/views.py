"""Organizer pages of a series (role admin): copy an edition to a new first day, and the series contacts page of
an edition (the count and the way to the invitation, which is a message in cockpit/messages). Thin: the work is in
`copying` and `contacts`."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cockpit.messages.services import delivery
from cockpit.series.contacts import invitations, series_figures
from cockpit.series.copying import copy_edition
from cockpit.series.errors import SeriesError, text_for
from cockpit.series.forms import CopyForm, suggestion
from core.extensions import db
from core.security.guards import roles_required
from events.manage import get_event
from events.messages import attach_error

bp = Blueprint("cockpit_series", __name__, url_prefix="/manage/events/<int:event_id>/series")


@bp.route("/copy", methods=["GET", "POST"])
@roles_required("admin")
def copy(event_id):
    source = get_event(event_id)
    form = CopyForm(data=suggestion(source)) if request.method == "GET" else CopyForm()
    if form.validate_on_submit():
        try:
            event = copy_edition(
                source, slug=form.slug.data, name=form.name.data, first_day=form.first_day.data, actor=current_user
            )
        except SeriesError as error:
            db.session.rollback()
            attach_error(form, error, text_for)
        else:
            db.session.commit()
            flash(_("The edition has been copied. The copy is a draft: check it, then publish it."), "success")
            return redirect(url_for("manage.event", event_id=event.id))
    return render_template("cockpit/series/copy.html", event=source, form=form)


@bp.get("/contacts")
@roles_required("admin")
def contacts(event_id):
    event = get_event(event_id)
    sent = invitations(event)
    return render_template(
        "cockpit/series/contacts.html",
        event=event,
        figures=series_figures(event),
        invitations=sent,
        deliveries={m.id: delivery(m) for m in sent if m.state != "draft"},
    )
