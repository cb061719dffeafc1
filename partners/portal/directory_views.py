"""The public directory of an event's approved partners and exhibitors, and the logos it shows."""

from dataclasses import dataclass

from flask import Blueprint, abort, current_app, redirect, render_template, request, send_from_directory, url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from core.db import utcnow
from core.extensions import db
from core.i18n import current_language
from events.models import Event
from events.services import published_event, upcoming_events
from partners.models import ORGANIZATION_KINDS, Organization
from partners.portal import uploads
from partners.portal.forms import KIND_LABELS
from partners.portal.organizations import event_topics

bp = Blueprint("directory", __name__)


@dataclass
class DirectoryFilters:
    """What the visitor chose; None means "all"."""

    kind: str | None = None
    topic: int | None = None

    def admits(self, organization: Organization) -> bool:
        return (self.kind is None or organization.kind == self.kind) and (
            self.topic is None or self.topic in organization.topic_ids
        )


def approved_organizations(event: Event) -> list[Organization]:
    query = (
        select(Organization)
        .where(Organization.event_id == event.id, Organization.state == "approved")
        .options(joinedload(Organization.package))
        .order_by(Organization.name)
    )
    return list(db.session.scalars(query))


def _event_or_404(slug: str) -> Event:
    event = published_event(slug)
    if event is None:
        abort(404)
    return event


@bp.get("/partners")
def choose():
    """The navigation's "Partners": the directory of the one coming event, or the coming events to choose from."""
    events = upcoming_events(utcnow())
    if len(events) == 1:
        return redirect(url_for("directory.index", slug=events[0].slug))
    return render_template("partners/portal/directories.html", events=events)


@bp.get("/e/<slug>/partners")
def index(slug):
    event = _event_or_404(slug)
    topic = request.args.get("topic", "")
    filters = DirectoryFilters(
        kind=request.args.get("kind") if request.args.get("kind") in ORGANIZATION_KINDS else None,
        topic=int(topic) if topic.isdigit() and len(topic) < 10 else None,
    )
    everyone = approved_organizations(event)
    topics = event_topics(event)
    return render_template(
        "partners/portal/directory.html",
        event=event,
        organizations=[o for o in everyone if filters.admits(o)],
        total=len(everyone),
        filters=filters,
        kinds=[(k, KIND_LABELS[k]) for k in ORGANIZATION_KINDS],
        topics=topics,
        topic_names={t.id: t.name for t in topics},
        lang=current_language(),
    )


@bp.get("/e/<slug>/partners/<int:organization_id>")
def organization(slug, organization_id):
    event = _event_or_404(slug)
    found = db.session.get(Organization, organization_id)
    if found is None or found.event_id != event.id or not found.is_approved:
        abort(404)
    # Only what the published program shows: accepted and placed, once the timetable is out.
    program = [
        c for c in found.contributions if c.state == "accepted" and c.is_scheduled and event.schedule_published_at
    ]
    topics = {t.id: t.name for t in event_topics(event)}
    return render_template(
        "partners/portal/directory_entry.html",
        event=event,
        organization=found,
        contributions=sorted(program, key=lambda c: c.starts_at),
        topic_names=topics,
        kind_labels=KIND_LABELS,
        lang=current_language(),
    )


@bp.get("/uploads/<name>")
def upload(name):
    """A stored logo: only names this app gives out, with their image type and no content sniffing."""
    if not uploads.STORED_NAME.fullmatch(name):
        abort(404)
    extension = name.rsplit(".", 1)[1]
    response = send_from_directory(
        uploads.upload_dir(current_app.instance_path),
        name,
        mimetype=uploads.CONTENT_TYPES[extension],
        max_age=86400,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    return response
