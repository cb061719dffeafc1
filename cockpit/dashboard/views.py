"""The organizer's start page (`/manage/`: every event with its key figures) and the dashboard of one event, each
chart with its table and CSV. Roles: admin and program see everything; checkin sees the door's figures."""

from flask import Blueprint, abort, render_template
from flask_login import current_user

from cockpit.dashboard import charts, figures, panels
from core.db import utcnow
from core.security.guards import roles_required
from core.spreadsheets import spreadsheet_download
from events import services
from events.manage import get_event

bp = Blueprint("dashboard", __name__, url_prefix="/manage")


@bp.get("/")
@roles_required("admin", "program", "checkin")
def index():
    events = services.all_events()
    summaries = figures.event_summaries(events) if current_user.has_role(*panels.PLANNERS) else {}
    return render_template("manage/index.html", events=events, summaries=summaries)


@bp.get("/events/<int:event_id>/dashboard")
@roles_required(*panels.DOOR)
def event_dashboard(event_id):
    event = get_event(event_id)
    snap = panels.Snapshot(event, event.local(utcnow()).date())
    sections = [(section, section.build(snap)) for section in panels.sections_for(current_user)]
    return render_template("cockpit/dashboard/event.html", event=event, sections=sections, render=charts.render)


@bp.get("/events/<int:event_id>/dashboard/<key>.csv")
@roles_required(*panels.DOOR)
def chart_csv(event_id, key):
    event = get_event(event_id)
    section = panels.section_of_chart(key)
    if section is None:
        abort(404)
    if not current_user.has_role(*section.roles):
        abort(403)
    snap = panels.Snapshot(event, event.local(utcnow()).date())
    chart = next((c for c in section.build(snap) if c.key == key), None)
    if chart is None:
        abort(404)
    headers, rows = chart.table()
    return spreadsheet_download("csv", headers, rows, title=chart.title, filename=f"{event.slug}-{key}")
